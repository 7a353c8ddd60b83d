import { TestApp, waitForQueuesIdle, type Session } from './support/app';

/** The server side of issue 10's language work: names in every UI language, plain-text snippets, audit filters, public reading. */
describe('languages, snippets, audit filters and public reading', () => {
  let t: TestApp;
  let admin: Session;
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const countries = async (locale: string) => {
    const u = await t.user({ countryCode: 'TR', locale });
    const res = await t.http().get('/api/v1/countries').set(auth(u)).expect(200);
    return Object.fromEntries((res.body as { code: string; name: string }[]).map((c) => [c.code, c.name]));
  };

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '1000' });
    admin = await t.admin();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names every country in every UI language, ISO 3166-2 regions included', async () => {
    expect(await countries('az-Latn-AZ')).toMatchObject({ TR: 'Türkiyə', KZ: 'Qazaxıstan', 'RU-BA': 'Başqırdıstan', 'MD-GA': 'Qaqauziya (Moldova)' });
    expect(await countries('kk')).toMatchObject({ AZ: 'Әзербайжан', KZ: 'Қазақстан', 'RU-DA': 'Дағыстан', XK: 'Косово' });
    expect(await countries('ky-KG')).toMatchObject({ KG: 'Кыргызстан', KZ: 'Казакстан', TR: 'Түркия' });
    expect(await countries('uz')).toMatchObject({ UZ: 'Oʻzbekiston', KZ: 'Qozogʻiston', 'RU-TA': 'Tatariston' });
    expect(await countries('ar-IQ')).toMatchObject({ IQ: 'العراق', TR: 'تركيا' });
    expect(await countries('ur')).toMatchObject({ PK: 'پاکستان', AZ: 'آذربائیجان' });
    // Another language: English names.
    expect(await countries('bs')).toMatchObject({ BA: 'Bosnia and Herzegovina', TR: 'Türkiye' });
    const all = (await t.http().get('/api/v1/countries').set(auth(admin)).expect(200)).body as { code: string; names: Record<string, string> }[];
    for (const c of all) expect(Object.keys(c.names)).toEqual(expect.arrayContaining(['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz']));
  });

  it('labels the thread categories in every UI language, and in the caller’s', async () => {
    const ky = await t.user({ countryCode: 'KG', locale: 'ky' });
    const res = await t.http().get('/api/v1/categories').set(auth(ky)).expect(200);
    expect(res.body).toHaveLength(12);
    for (const c of res.body as { labels: Record<string, string> }[]) {
      for (const lang of ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz']) expect([lang, c.labels[lang]?.trim()]).toEqual([lang, expect.stringMatching(/\S/)]);
    }
    expect(res.body.find((c: { slug: string }) => c.slug === 'energy-climate')).toMatchObject({ label: 'Энергетика жана климат', labels: { uz: 'Energetika va iqlim' } });
    const bs = await t.user({ countryCode: 'BA', locale: 'bs' });
    expect((await t.http().get('/api/v1/categories').set(auth(bs)).expect(200)).body.find((c: { slug: string }) => c.slug === 'energy-climate').label).toBe('Energy and Climate');
  });

  it('gives notification snippets as plain text, without Markdown', async () => {
    const author = await t.user({ countryCode: 'AZ' });
    const reader = await t.user({ countryCode: 'AZ', displayName: 'Leyla Snippet' });
    const channelId = ((await t.http().get('/api/v1/channels').set(auth(author))).body as { id: string; kind: string }[]).find((c) => c.kind === 'country')!.id;
    const body = '@Leyla Snippet toplantı **15 dekabr** tarixində, [gündəlik](https://birlik.example.org/a) və *vacib*';
    const msg = (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(author)).send({ clientId: t.unique('md-'), body }).expect(201)).body;
    expect(msg.mentions).toEqual([reader.user.id]);
    await waitForQueuesIdle(t);
    const list = (await t.http().get('/api/v1/notifications').set(auth(reader)).expect(200)).body as { messageId: string; snippet: string }[];
    const n = list.find((x) => x.messageId === msg.id)!;
    expect(n.snippet).toBe('@Leyla Snippet toplantı 15 dekabr tarixində, gündəlik və vacib');
  });

  it('lets anyone read a public channel without joining, never a private one', async () => {
    const owner = await t.user({ countryCode: 'TR' });
    const reader = await t.user({ countryCode: 'KZ' });
    const pub = (await t.http().post('/api/v1/channels').set(auth(owner)).send({ kind: 'topic', name: t.unique('Açık '), visibility: 'public' }).expect(201)).body;
    const priv = (await t.http().post('/api/v1/channels').set(auth(owner)).send({ kind: 'topic', name: t.unique('Gizli '), visibility: 'private' }).expect(201)).body;
    const m = (await t.http().post(`/api/v1/channels/${pub.id}/messages`).set(auth(owner)).send({ clientId: t.unique('p-'), body: 'Herkese açık' }).expect(201)).body;
    await t.http().post(`/api/v1/channels/${priv.id}/messages`).set(auth(owner)).send({ clientId: t.unique('q-'), body: 'Gizli' }).expect(201);
    const page = await t.http().get(`/api/v1/channels/${pub.id}/messages`).query({ before: m.seq + 1, limit: 20 }).set(auth(reader)).expect(200);
    expect(page.body.map((x: { id: string }) => x.id)).toEqual([m.id]);
    await t.http().get(`/api/v1/channels/${priv.id}/messages`).set(auth(reader)).expect(404);
    // Reading is not posting.
    await t.http().post(`/api/v1/channels/${pub.id}/messages`).set(auth(reader)).send({ clientId: t.unique('r-'), body: 'x' }).expect(403);
  });

  it('filters the audit log by action, actor, target and time, newest first, paged', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const u = await t.user({ countryCode: 'TR' });
    await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(200);
    await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(200);
    const list = (q: Record<string, string | number>) => t.http().get('/api/v1/audit').query(q).set(auth(admin));

    const logins = (await list({ action: 'login', actorId: u.user.id }).expect(200)).body as { id: string; action: string; actorId: string; createdAt: string }[];
    expect(logins.length).toBeGreaterThanOrEqual(2);
    expect(logins.every((e) => e.action === 'login' && e.actorId === u.user.id)).toBe(true);
    expect([...logins].sort((a, b) => (a.id < b.id ? 1 : -1)).map((e) => e.id)).toEqual(logins.map((e) => e.id));

    const registered = (await list({ targetId: u.user.id, action: 'user_registered' }).expect(200)).body;
    expect(registered).toHaveLength(1);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list({ actorId: u.user.id, from: future }).expect(200)).body).toEqual([]);
    const inRange = (await list({ actorId: u.user.id, from: before, to: future }).expect(200)).body as unknown[];
    expect(inRange.length).toBeGreaterThanOrEqual(3);
    expect((await list({ actorId: u.user.id, to: before }).expect(200)).body).toEqual([]);

    const first = await list({ actorId: u.user.id, limit: 1 }).expect(200);
    expect(first.body).toHaveLength(1);
    const cursor = first.headers['x-next-cursor'];
    expect(cursor).toBeTruthy();
    const second = await list({ actorId: u.user.id, limit: 1, cursor }).expect(200);
    expect(second.body[0].id < first.body[0].id).toBe(true);

    const bad = await list({ from: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/from/);
    const reversed = await list({ from: future, to: before });
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body.message)).toMatch(/to must be later than from/);
    await t.http().get('/api/v1/audit').set(auth(u)).expect(403);
  });
});
