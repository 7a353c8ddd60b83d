import { TestApp, type Session } from './support/app';

describe('directory', () => {
  let t: TestApp;
  let admin: Session;
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.admin();
  });
  afterAll(() => t?.close());

  it('seeds the regions with their country channels, except engagement-only ones and UA-43', async () => {
    const res = await t.http().get('/api/v1/countries').set(auth(admin)).expect(200);
    const codes = res.body.map((c: { code: string }) => c.code);
    expect(codes).toHaveLength(26);
    expect(codes).toEqual(expect.arrayContaining(['TR', 'AZ', 'KZ', 'KG', 'UZ', 'MN', 'RU-TA', 'RU-BA', 'RU-DA', 'MD-GA', 'CY-TRNC', 'BA', 'XK', 'PK']));
    for (const absent of ['TM', 'TJ', 'UA-43']) expect(codes).not.toContain(absent);
    const kz = res.body.find((c: { code: string }) => c.code === 'KZ');
    expect(kz).toMatchObject({ code: 'KZ', name: 'Kazakhstan', channelId: expect.any(String), memberCount: 5, timeZones: ['Asia/Almaty', 'Asia/Qyzylorda'] });
    expect(new Set(res.body.map((c: { channelId: string }) => c.channelId)).size).toBe(26);
  });

  it("names countries in the caller's language", async () => {
    const u = await t.user({ countryCode: 'KG', locale: 'ru' });
    const res = await t.http().get('/api/v1/countries').set(auth(u)).expect(200);
    expect(res.body.find((c: { code: string }) => c.code === 'KZ').name).toBe('Казахстан');
    expect(res.body.find((c: { code: string }) => c.code === 'TR').name).toBe('Турция');
  });

  it('creates, reads, updates and lists members with filters', async () => {
    const created = await t
      .http()
      .post('/api/v1/members')
      .set(auth(admin))
      .send({ name: '  İçərişəhər Bələdiyyəsi ', kind: 'municipality', countryCode: 'az', city: 'Bakı' })
      .expect(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'İçərişəhər Bələdiyyəsi', kind: 'municipality', countryCode: 'AZ', city: 'Bakı' });
    const got = await t.http().get(`/api/v1/members/${created.body.id}`).set(auth(admin)).expect(200);
    expect(got.body).toEqual(created.body);

    const patched = await t.http().patch(`/api/v1/members/${created.body.id}`).set(auth(admin)).send({ kind: 'municipal_union', city: null }).expect(200);
    expect(patched.body).toMatchObject({ kind: 'municipal_union', city: null, name: 'İçərişəhər Bələdiyyəsi' });

    const dup = await t.http().post('/api/v1/members').set(auth(admin)).send({ name: 'İçərişəhər Bələdiyyəsi', kind: 'municipality', countryCode: 'AZ' });
    expect(dup.status).toBe(409);

    // Case- and accent-insensitive with Turkish rules: İÇƏRİŞƏHƏR, iceriseher and İçərişəhər all find it.
    for (const q of ['İÇƏRİŞƏHƏR', 'icerisheher'.replace('sh', 's'), 'içərişəhər']) {
      const list = await t.http().get('/api/v1/members').query({ q, countryCode: 'AZ' }).set(auth(admin)).expect(200);
      expect(list.body.map((m: { id: string }) => m.id)).toContain(created.body.id);
    }
    const byKind = await t.http().get('/api/v1/members').query({ kind: 'municipal_union', countryCode: 'AZ' }).set(auth(admin)).expect(200);
    expect(byKind.body.every((m: { kind: string; countryCode: string }) => m.kind === 'municipal_union' && m.countryCode === 'AZ')).toBe(true);
    expect(byKind.body.map((m: { id: string }) => m.id)).toContain(created.body.id);
    // A literal % in q is not a wildcard.
    const pct = await t.http().get('/api/v1/members').query({ q: '%' }).set(auth(admin)).expect(200);
    expect(pct.body).toEqual([]);
  });

  it('pages lists with a cursor in X-Next-Cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.http().get('/api/v1/members').query({ countryCode: 'TR', limit: 2, ...(cursor ? { cursor } : {}) }).set(auth(admin)).expect(200);
      expect(res.body.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.map((m: { id: string }) => m.id));
      cursor = res.headers['x-next-cursor'];
      if (cursor) expect(res.headers.link).toContain(`cursor=${cursor}`);
      pages++;
    } while (cursor && pages < 50);
    const all = await t.http().get('/api/v1/members').query({ countryCode: 'TR', limit: 200 }).set(auth(admin)).expect(200);
    expect(seen).toEqual(all.body.map((m: { id: string }) => m.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThan(1);
  });

  describe('CSV import', () => {
    const importCsv = (csv: string) => t.http().post('/api/v1/members/import').set(auth(admin)).set('Content-Type', 'text/csv').send(csv);

    it('keeps good lines, reports bad ones by line number, and handles a BOM, CRLF and quoted commas', async () => {
      const city = t.unique('Kent');
      const csv =
        '\uFEFFname,kind,countryCode,city\r\n' +
        `"Şahinbey, Gaziantep ${city}",district_municipality,TR,Gaziantep\r\n` + // line 2: quoted comma
        `Ош шаары ${city},municipality,kg,Ош\r\n` + // line 3: lower-case country code
        `Bad Kind ${city},village,TR,\r\n` + // line 4
        `Nowhere ${city},municipality,ZZ,\r\n` + // line 5
        `,municipality,TR,\r\n` + // line 6
        `Too Many ${city},municipality,TR,x,y\r\n` + // line 7
        `"Ош шаары ${city}",municipal_union,KG,Ош\r\n` + // line 8: same member again -> updated
        `"O'Brien ""Quoted"" <b>${city}</b>",other,BA,Sarajevo\r\n`; // line 9
      const res = await importCsv(csv).expect(201);
      expect(res.body.created).toBe(3);
      expect(res.body.updated).toBe(1);
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([4, 5, 6, 7]);
      expect(res.body.errors[0].message).toMatch(/^kind must be one of/);
      expect(res.body.errors[1].message).toMatch(/countryCode "ZZ"/);
      expect(res.body.errors[2].message).toBe('name is empty');

      const kg = await t.http().get('/api/v1/members').query({ countryCode: 'KG', q: city }).set(auth(admin)).expect(200);
      expect(kg.body).toEqual([expect.objectContaining({ name: `Ош шаары ${city}`, kind: 'municipal_union', city: 'Ош' })]);
      const tr = await t.http().get('/api/v1/members').query({ q: city, countryCode: 'TR' }).set(auth(admin)).expect(200);
      expect(tr.body.map((m: { name: string }) => m.name)).toEqual([`Şahinbey, Gaziantep ${city}`]);
      const ba = await t.http().get('/api/v1/members').query({ q: city, countryCode: 'BA' }).set(auth(admin)).expect(200);
      expect(ba.body[0].name).toBe(`O'Brien "Quoted" <b>${city}</b>`);

      // The same file again creates nothing: lines 3 and 8 name one member, so it ends as line 8 says.
      const again = await importCsv(csv).expect(201);
      expect(again.body).toMatchObject({ created: 0, updated: 2, unchanged: 2 });
      const kgAgain = await t.http().get('/api/v1/members').query({ countryCode: 'KG', q: city }).set(auth(admin)).expect(200);
      expect(kgAgain.body).toEqual(kg.body);
    });

    it('reports a broken quote without losing the other lines', async () => {
      const city = t.unique('Q');
      const csv = `name,kind,countryCode,city\nGood One ${city},municipality,TR,\n"Broken ${city},municipality,TR,\n`;
      const res = await importCsv(csv).expect(201);
      const ok = await t.http().get('/api/v1/members').query({ q: `Good One ${city}` }).set(auth(admin)).expect(200);
      expect(ok.body).toHaveLength(1);
      expect(res.body.created).toBe(1);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].line).toBeGreaterThanOrEqual(3);
    });

    it('accepts a multipart upload in a field named "file"', async () => {
      const city = t.unique('M');
      const res = await t
        .http()
        .post('/api/v1/members/import')
        .set(auth(admin))
        .attach('file', Buffer.from(`name,kind,countryCode,city\nBitola ${city},municipality,MK,Bitola\n`), { filename: 'members.csv', contentType: 'text/csv' })
        .expect(201);
      expect(res.body).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
    });

    it('refuses a file without the header, and an empty body, changing nothing', async () => {
      const before = await t.http().get('/api/v1/members').query({ limit: 200, countryCode: 'AL' }).set(auth(admin)).expect(200);
      const noHeader = await importCsv('Tirana,municipality,AL,Tirana\n').expect(400);
      expect(noHeader.body.message).toBe('the CSV header must be: name,kind,countryCode,city');
      const empty = await importCsv('').expect(400);
      expect(empty.body.message).toMatch(/CSV/);
      const after = await t.http().get('/api/v1/members').query({ limit: 200, countryCode: 'AL' }).set(auth(admin)).expect(200);
      expect(after.body).toEqual(before.body);
    });
  });

  it('lists officials with member, country and name filters', async () => {
    const member = await t.createMember({ countryCode: 'UZ' });
    const a = await t.user({ memberId: member.id, displayName: 'Oʻktam Gʻulomov' });
    const b = await t.user({ countryCode: 'UZ' });
    const byMember = await t.http().get('/api/v1/users').query({ memberId: member.id }).set(auth(b)).expect(200);
    expect(byMember.body.map((u: { id: string }) => u.id)).toEqual([a.user.id]);
    const byCountry = await t.http().get('/api/v1/users').query({ countryCode: 'uz', limit: 200 }).set(auth(b)).expect(200);
    expect(byCountry.body.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([a.user.id, b.user.id]));
    expect(byCountry.body.every((u: { countryCode: string }) => u.countryCode === 'UZ')).toBe(true);
    const asAdmin = await t.http().get('/api/v1/users').query({ memberId: member.id }).set(auth(admin)).expect(200);
    expect(asAdmin.body[0].email).toBe(a.user.email);
  });
});
