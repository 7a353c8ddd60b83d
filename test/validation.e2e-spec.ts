import type { Response } from 'supertest';
import { TestApp, type Session } from './support/app';

/**
 * Bad input is refused with 400, a message naming every bad field, and no effect at all; odd but valid text
 * (quotes, markup, SQL, non-Latin scripts) is stored and returned exactly as sent.
 */

type Body = Record<string, unknown>;
/** [what is wrong, the body built from a valid one, the fields the 400 must name] */
type Case = [label: string, build: (valid: Body) => Body, fields: string[]];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Does the message name the field (a path such as `notificationPrefs.quietHours.start`)? Either it starts with
 * the path (`name must be a string`), or it is one of class-validator's own phrasings under the parent's path
 * (`property extra should not exist`, `notificationPrefs.nested property quietHours must be …`,
 * `notificationPrefs.each value in mutedChannelIds must be a string`).
 */
function names(message: string, field: string): boolean {
  const parts = field.split('.');
  const leaf = parts.pop()!;
  const parent = parts.length ? `${parts.join('.')}.` : '';
  return new RegExp(`^${escape(field)} `).test(message) || new RegExp(`^${escape(parent)}((nested )?property|each value in) ${escape(leaf)} `).test(message);
}

function messages(res: Response): string[] {
  const m = res.body?.message;
  return Array.isArray(m) ? m : [m];
}

/** A 400 in the contract's shape whose messages name every bad field, and only bad fields. */
function expectBad(res: Response, fields: string[]): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 400 });
  // Every error carries its catalog code (and invitation_invalid its reason).
  const { code, reason, ...rest } = res.body as { code?: string; reason?: string };
  expect(rest).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.anything() });
  expect(code).toMatch(/^[a-z0-9_]+$/);
  if (reason !== undefined) expect(code).toBe('invitation_invalid');
  const list = messages(res);
  expect(list.length).toBeGreaterThan(0);
  for (const m of list) expect(typeof m).toBe('string');
  for (const f of fields) {
    if (!list.some((m) => names(m, f))) throw new Error(`no message names "${f}": ${JSON.stringify(list)}`);
  }
  for (const m of list) {
    if (!fields.some((f) => names(m, f))) throw new Error(`message "${m}" names none of ${JSON.stringify(fields)}`);
  }
}

const WRONG_TYPES: [string, unknown][] = [
  ['a number', 42],
  ['an array', ['x']],
  ['an object', { x: 'y' }],
  ['null', null],
];

const set = (field: string, value: unknown) => (v: Body): Body => ({ ...v, [field]: value });
const without = (field: string) => (v: Body): Body => {
  const copy = { ...v };
  delete copy[field];
  return copy;
};
const wrongTypes = (field: string, path = field, types = WRONG_TYPES): Case[] =>
  types.map(([label, value]) => [`${field} is ${label}`, set(field, value), [path]]);
const prefs = (p: Body) => () => ({ notificationPrefs: p });

describe('validation', () => {
  let t: TestApp;
  let admin: Session;
  let me: Session;

  const as = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });

  /** The newest audit events: any write Birlik audits would show up here. */
  const auditHead = async () => (await t.http().get('/api/v1/audit').query({ limit: 200 }).set(as(admin)).expect(200)).body.map((e: { id: string }) => e.id);
  const memberCounts = async () =>
    Object.fromEntries(
      (await t.http().get('/api/v1/countries').set(as(admin)).expect(200)).body.map((c: { code: string; memberCount: number }) => [c.code, c.memberCount]),
    );
  const getMe = async (s: Session = me) => (await t.http().get('/api/v1/me').set(as(s)).expect(200)).body;
  const membersNamed = async (name: string) =>
    (await t.http().get('/api/v1/members').query({ q: name, limit: 200 }).set(as(admin)).expect(200)).body.filter((m: { name: string }) => m.name === name);

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.admin();
    me = await t.user({ countryCode: 'AZ' });
  });
  afterAll(() => t?.close());

  describe('POST /members', () => {
    const valid = (): Body => ({ name: t.unique('Doğrulama Belediyesi '), kind: 'municipality', countryCode: 'TR', city: 'Konya' });
    const cases: Case[] = [
      ['name is missing', without('name'), ['name']],
      ['kind is missing', without('kind'), ['kind']],
      ['countryCode is missing', without('countryCode'), ['countryCode']],
      ['the body is empty', () => ({}), ['name', 'kind', 'countryCode']],
      ...wrongTypes('name'),
      ['name is empty', set('name', ''), ['name']],
      ['name is only spaces', set('name', '   '), ['name']],
      ['name is 301 characters', set('name', 'ə'.repeat(301)), ['name']],
      ['name is 151 "❤️" (302 characters, counting the variation selectors)', set('name', '❤️'.repeat(151)), ['name']],
      ['name holds a NUL', set('name', 'Bad\u0000Name'), ['name']],
      ['name holds a line break', set('name', 'Bad\nName'), ['name']],
      ...wrongTypes('kind'),
      ['kind is not a member kind', set('kind', 'village'), ['kind']],
      ['kind is in the wrong case', set('kind', 'Municipality'), ['kind']],
      ...wrongTypes('countryCode'),
      ['countryCode is empty', set('countryCode', ''), ['countryCode']],
      ['countryCode is unknown', set('countryCode', 'XX'), ['countryCode']],
      ['countryCode is a region that is not seeded', set('countryCode', 'tm'), ['countryCode']],
      ['countryCode is 17 characters', set('countryCode', 'T'.repeat(17)), ['countryCode']],
      ...wrongTypes('city', 'city', WRONG_TYPES.filter(([, v]) => v !== null)),
      ['city is 201 characters', set('city', 'K'.repeat(201)), ['city']],
      ['an unknown field', set('extra', 1), ['extra']],
      ['a client-chosen id', set('id', '01900000-0000-7000-8000-000000000000'), ['id']],
      ['several bad fields', (v) => ({ ...v, name: '', kind: 'village', countryCode: 5, extra: true }), ['name', 'kind', 'countryCode', 'extra']],
    ];

    it.each(cases)('400 when %s, and no member is created', async (_label, build, fields) => {
      const v = valid();
      const before = await memberCounts();
      const res = await t.http().post('/api/v1/members').set(as(admin)).send(build(v));
      expectBad(res, fields);
      expect(await memberCounts()).toEqual(before);
      expect(await membersNamed(v.name as string)).toEqual([]);
    });

    it.each([
      ['ə', 'ə'],
      ['"❤️"', '❤️'],
    ])('accepts exactly 300 characters of name made of %s (characters, not bytes)', async (_label, unit) => {
      const name = [...`${t.unique('Ə')}${unit.repeat(300)}`].slice(0, 300).join('');
      expect([...name]).toHaveLength(300);
      const res = await t.http().post('/api/v1/members').set(as(admin)).send({ name, kind: 'other', countryCode: 'AZ' }).expect(201);
      expect(res.body.name).toBe(name);
    });
  });

  describe('PATCH /members/:id', () => {
    let member: { id: string };
    beforeAll(async () => {
      member = await t.createMember({ countryCode: 'KG', city: 'Bişkek' });
    });
    const cases: Case[] = [
      ...wrongTypes('name'),
      ['name is empty', set('name', ''), ['name']],
      ['name is 301 characters', set('name', 'a'.repeat(301)), ['name']],
      ['name is 151 "❤️" (302 characters)', set('name', '❤️'.repeat(151)), ['name']],
      ['city is 101 "☎️" (202 characters)', set('city', '☎️'.repeat(101)), ['city']],
      ...wrongTypes('kind'),
      ['kind is not a member kind', set('kind', 'village'), ['kind']],
      ...wrongTypes('countryCode'),
      ['countryCode is unknown', set('countryCode', 'XX'), ['countryCode']],
      ['countryCode is unknown, beside a good name', () => ({ name: 'Yeni Ad', countryCode: 'XX' }), ['countryCode']],
      ['kind is bad, beside a good city', () => ({ city: 'Oş', kind: 'village' }), ['kind']],
      ...wrongTypes('city', 'city', WRONG_TYPES.filter(([, v]) => v !== null)),
      ['an unknown field', set('extra', 1), ['extra']],
    ];

    it.each(cases)('400 when %s, and the member is unchanged', async (_label, build, fields) => {
      const before = (await t.http().get(`/api/v1/members/${member.id}`).set(as(admin)).expect(200)).body;
      const res = await t.http().patch(`/api/v1/members/${member.id}`).set(as(admin)).send(build({}));
      expectBad(res, fields);
      expect((await t.http().get(`/api/v1/members/${member.id}`).set(as(admin)).expect(200)).body).toEqual(before);
    });
  });

  describe('PATCH /me', () => {
    const cases: Case[] = [
      ...wrongTypes('displayName'),
      ['displayName is empty', set('displayName', ''), ['displayName']],
      ['displayName is only spaces', set('displayName', '   '), ['displayName']],
      ['displayName is 101 characters', set('displayName', 'Ş'.repeat(101)), ['displayName']],
      ['displayName is 51 "❤️" (102 characters)', set('displayName', '❤️'.repeat(51)), ['displayName']],
      ['displayName holds a control character', set('displayName', 'Ayşe\u0007'), ['displayName']],
      ...wrongTypes('title', 'title', WRONG_TYPES.filter(([, v]) => v !== null)),
      ['title is 201 characters', set('title', 't'.repeat(201)), ['title']],
      ['title is 101 "✈️" (202 characters)', set('title', '✈️'.repeat(101)), ['title']],
      ...wrongTypes('locale'),
      ['locale is not a language tag', set('locale', 'not a locale!!'), ['locale']],
      ['locale is empty', set('locale', ''), ['locale']],
      ...wrongTypes('timeZone'),
      ['timeZone is not an IANA zone', set('timeZone', 'Mars/Olympus'), ['timeZone']],
      ['timeZone is empty', set('timeZone', ''), ['timeZone']],
      ['timeZone is bad, beside a good displayName', () => ({ displayName: 'Yeni Ad', timeZone: 'Mars/Olympus' }), ['timeZone']],
      ...wrongTypes('notificationPrefs', 'notificationPrefs', [['a string', 'instant'], ['a number', 1], ['an array', []], ['null', null]]),
      ['notificationPrefs.email is not a choice', prefs({ email: 'weekly' }), ['notificationPrefs.email']],
      ['notificationPrefs.email is a number', prefs({ email: 1 }), ['notificationPrefs.email']],
      ['notificationPrefs.email is an array', prefs({ email: ['instant'] }), ['notificationPrefs.email']],
      ['notificationPrefs.email is null', prefs({ email: null }), ['notificationPrefs.email']],
      ['quietHours.start is 25:00', prefs({ quietHours: { start: '25:00', end: '07:00' } }), ['notificationPrefs.quietHours.start']],
      ['quietHours.start is 22:60', prefs({ quietHours: { start: '22:60', end: '07:00' } }), ['notificationPrefs.quietHours.start']],
      ['quietHours.end is missing', prefs({ quietHours: { start: '22:00' } }), ['notificationPrefs.quietHours.end']],
      ['quietHours.end is 7:00', prefs({ quietHours: { start: '22:00', end: '7:00' } }), ['notificationPrefs.quietHours.end']],
      ['quietHours is empty', prefs({ quietHours: {} }), ['notificationPrefs.quietHours.start', 'notificationPrefs.quietHours.end']],
      ['quietHours is a string', prefs({ quietHours: 'always' }), ['notificationPrefs.quietHours']],
      ['quietHours is an array', prefs({ quietHours: [] }), ['notificationPrefs.quietHours']],
      ['quietHours has an unknown field', prefs({ quietHours: { start: '22:00', end: '07:00', tz: 'UTC' } }), ['notificationPrefs.quietHours.tz']],
      ['mutedChannelIds is a string', prefs({ mutedChannelIds: 'abc' }), ['notificationPrefs.mutedChannelIds']],
      ['mutedChannelIds holds a number', prefs({ mutedChannelIds: [1] }), ['notificationPrefs.mutedChannelIds']],
      ['mutedChannelIds is null', prefs({ mutedChannelIds: null }), ['notificationPrefs.mutedChannelIds']],
      ['notificationPrefs has an unknown field', prefs({ sms: true }), ['notificationPrefs.sms']],
      ['role is sent (not a field of /me)', set('role', 'admin'), ['role']],
      ['email is sent (not a field of /me)', set('email', 'new@x.test'), ['email']],
      ['deactivated is sent (not a field of /me)', set('deactivated', false), ['deactivated']],
      ['several bad fields', () => ({ displayName: '', locale: 'not a locale!!', timeZone: 'Mars/Olympus', extra: 1 }), ['displayName', 'locale', 'timeZone', 'extra']],
    ];

    it.each(cases)('400 when %s, and GET /me is unchanged', async (_label, build, fields) => {
      const before = await getMe();
      const res = await t.http().patch('/api/v1/me').set(as(me)).send(build({}));
      expectBad(res, fields);
      expect(await getMe()).toEqual(before);
    });
  });

  describe('POST /invitations', () => {
    let member: { id: string };
    beforeAll(async () => {
      member = await t.createMember({ countryCode: 'UZ' });
    });
    const cases: Case[] = [
      ['email is missing', without('email'), ['email']],
      ['memberId is missing', without('memberId'), ['memberId']],
      ['role is missing', without('role'), ['role']],
      ...wrongTypes('email'),
      ...(['not-an-email', 'a@', '@birlik.test', 'two words@birlik.test', ''] as const).map((e): Case => [`email is "${e}"`, set('email', e), ['email']]),
      ['email is longer than 320 characters', set('email', `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(20)}.test`), ['email']],
      ...wrongTypes('memberId'),
      ['memberId is empty', set('memberId', ''), ['memberId']],
      ['memberId is unknown', set('memberId', 'no-such-member'), ['memberId']],
      ['memberId is 37 characters', set('memberId', 'm'.repeat(37)), ['memberId']],
      ...wrongTypes('role'),
      ['role is not a role', set('role', 'superuser'), ['role']],
      ['role is in the wrong case', set('role', 'Official'), ['role']],
      ['an unknown field', set('expiresAt', '2099-01-01T00:00:00Z'), ['expiresAt']],
    ];

    it.each(cases)('400 when %s, and no invitation is made', async (_label, build, fields) => {
      const before = await auditHead();
      const res = await t.http().post('/api/v1/invitations').set(as(admin)).send(build({ email: `${t.unique('inv')}@birlik.test`, memberId: member.id, role: 'official' }));
      expectBad(res, fields);
      expect(await auditHead()).toEqual(before);
    });
  });

  describe('POST /auth/register', () => {
    let token: string;
    let email: string;
    beforeAll(async () => {
      const member = await t.createMember({ countryCode: 'MN' });
      email = `${t.unique('register')}@birlik.test`;
      token = (await t.http().post('/api/v1/invitations').set(as(admin)).send({ email, memberId: member.id, role: 'official' }).expect(201)).body.token;
    });
    const cases: Case[] = [
      ['token is missing', without('token'), ['token']],
      ['password is missing', without('password'), ['password']],
      ['displayName is missing', without('displayName'), ['displayName']],
      ...wrongTypes('token'),
      ['token is empty', set('token', ''), ['token']],
      ['token is unknown', set('token', 'no-such-invitation'), ['token']],
      ...wrongTypes('password'),
      ['password is 5 characters', set('password', 'short'), ['password']],
      ['password is 9 characters', set('password', 'şifre1234'), ['password']],
      ['password is longer than 200 characters', set('password', 'p'.repeat(201)), ['password']],
      ...wrongTypes('displayName'),
      ['displayName is only spaces', set('displayName', '  '), ['displayName']],
      ['displayName is 101 characters', set('displayName', 'Д'.repeat(101)), ['displayName']],
      ['displayName is 51 "❤️" (102 characters)', set('displayName', '❤️'.repeat(51)), ['displayName']],
      ['title is a number', set('title', 7), ['title']],
      ['title is 201 characters', set('title', 't'.repeat(201)), ['title']],
      ['locale is not a language tag', set('locale', 'not a locale!!'), ['locale']],
      ['timeZone is not an IANA zone', set('timeZone', 'Mars/Olympus'), ['timeZone']],
      ['role is sent (the invitation decides it)', set('role', 'admin'), ['role']],
      ['email is sent (the invitation decides it)', set('email', 'other@birlik.test'), ['email']],
    ];

    it.each(cases)('400 when %s, and the invitation stays unused', async (_label, build, fields) => {
      const before = await auditHead();
      const res = await t.http().post('/api/v1/auth/register').send(build({ token, password: 'long-enough-pw', displayName: 'Kayıt Deneme' }));
      expectBad(res, fields);
      expect(await auditHead()).toEqual(before);
    });

    it('after all that, the invitation still registers exactly the invited official', async () => {
      const res = await t.http().post('/api/v1/auth/register').send({ token, password: 'long-enough-pw', displayName: 'Kayıt Deneme' }).expect(201);
      expect(res.body.user).toMatchObject({ email, role: 'official', displayName: 'Kayıt Deneme', countryCode: 'MN' });
    });
  });

  describe('POST /auth/login, /auth/refresh, /auth/logout', () => {
    let user: Session;
    beforeAll(async () => {
      user = await t.user();
    });
    const login: Case[] = [
      ['email is missing', without('email'), ['email']],
      ['password is missing', without('password'), ['password']],
      ...wrongTypes('email'),
      ['email is not an e-mail address', set('email', 'not-an-email'), ['email']],
      ...wrongTypes('password'),
      ['password is empty', set('password', ''), ['password']],
      ['an unknown field', set('rememberMe', true), ['rememberMe']],
    ];
    const token: Case[] = [
      ['refreshToken is missing', without('refreshToken'), ['refreshToken']],
      ...wrongTypes('refreshToken'),
      ['refreshToken is empty', set('refreshToken', ''), ['refreshToken']],
      ['refreshToken is longer than 200 characters', set('refreshToken', 'r'.repeat(201)), ['refreshToken']],
      ['an unknown field', set('sessionId', 'x'), ['sessionId']],
    ];
    const cases = [
      ...login.map(([l, b, f]) => ['login', l, b, f] as const),
      ...token.map(([l, b, f]) => ['refresh', l, b, f] as const),
      ...token.map(([l, b, f]) => ['logout', l, b, f] as const),
    ];

    it.each(cases)('%s: 400 when %s, with no login attempt, rotation or logout', async (path, _label, build, fields) => {
      const before = await auditHead();
      const valid = path === 'login' ? { email: user.user.email, password: user.password } : { refreshToken: user.refreshToken };
      const res = await t.http().post(`/api/v1/auth/${path}`).send(build(valid));
      expectBad(res, fields);
      expect(await auditHead()).toEqual(before);
    });

    it('after all that, the refresh token is still the live, unrotated one', async () => {
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    });
  });

  describe('PATCH /users/:id', () => {
    let target: Session;
    beforeAll(async () => {
      target = await t.user({ countryCode: 'KZ' });
    });
    const cases: Case[] = [
      ...wrongTypes('role'),
      ['role is not a role', set('role', 'superuser'), ['role']],
      ['role is empty', set('role', ''), ['role']],
      ...wrongTypes('deactivated'),
      ['deactivated is the string "true"', set('deactivated', 'true'), ['deactivated']],
      ['deactivated is 1', set('deactivated', 1), ['deactivated']],
      ['role is bad, beside a good deactivated', () => ({ deactivated: true, role: 'root' }), ['role']],
      ['email is sent (not changeable here)', set('email', 'new@x.test'), ['email']],
      ['displayName is sent (not changeable here)', set('displayName', 'X'), ['displayName']],
    ];

    it.each(cases)('400 when %s, and the user is unchanged', async (_label, build, fields) => {
      const read = async () => (await t.http().get(`/api/v1/users/${target.user.id}`).set(as(admin)).expect(200)).body;
      const before = await read();
      const auditBefore = await auditHead();
      const res = await t.http().patch(`/api/v1/users/${target.user.id}`).set(as(admin)).send(build({}));
      expectBad(res, fields);
      expect(await read()).toEqual(before);
      expect(await auditHead()).toEqual(auditBefore);
      await t.http().get('/api/v1/me').set(as(target)).expect(200); // not deactivated, sessions alive
    });
  });

  describe('list queries', () => {
    const lists = ['/api/v1/users', '/api/v1/members', '/api/v1/audit'];
    const common: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=', 'limit'],
      ['limit=1&limit=2', 'limit'],
      [`cursor=${'c'.repeat(101)}`, 'cursor'],
      ['foo=1', 'foo'],
    ];
    const specific: [string, string, string][] = [
      ['/api/v1/users', 'role=superuser', 'role'],
      ['/api/v1/users', `q=${'q'.repeat(101)}`, 'q'],
      ['/api/v1/users', `memberId=${'m'.repeat(37)}`, 'memberId'],
      ['/api/v1/users', `countryCode=${'C'.repeat(17)}`, 'countryCode'],
      ['/api/v1/members', 'kind=village', 'kind'],
      ['/api/v1/members', `q=${'q'.repeat(101)}`, 'q'],
      ['/api/v1/members', 'q=a&q=b', 'q'],
      ['/api/v1/members', `countryCode=${'C'.repeat(17)}`, 'countryCode'],
      ['/api/v1/audit', 'action=nope', 'action'],
    ];
    const cases = [...lists.flatMap((l) => common.map(([q, f]) => [l, q, f] as const)), ...specific];

    it.each(cases)('GET %s?%s → 400 naming %s', async (path, query, field) => {
      const res = await t.http().get(`${path}?${query}`).set(as(admin));
      expectBad(res, [field]);
    });

    it.each(lists)('GET %s accepts limit=1 and limit=200', async (path) => {
      const one = await t.http().get(`${path}?limit=1`).set(as(admin)).expect(200);
      expect(one.body.length).toBeLessThanOrEqual(1);
      await t.http().get(`${path}?limit=200`).set(as(admin)).expect(200);
    });
  });

  describe('a body that is not JSON', () => {
    const bodies = ['{"a":', '{name: "x"}', "{'name': 'x'}", '{"name": "x",}'];
    const targets: [string, 'post' | 'patch', () => string, () => Session][] = [
      ['POST /members', 'post', () => '/api/v1/members', () => admin],
      ['PATCH /me', 'patch', () => '/api/v1/me', () => me],
      ['POST /invitations', 'post', () => '/api/v1/invitations', () => admin],
      ['POST /auth/login', 'post', () => '/api/v1/auth/login', () => me],
      ['PATCH /users/:id', 'patch', () => `/api/v1/users/${me.user.id}`, () => admin],
    ];
    const cases = targets.flatMap(([label, method, path, who]) => bodies.map((b) => [label, b, method, path, who] as const));

    it.each(cases)('%s with %s → 400, nothing changed', async (_label, raw, method, path, who) => {
      const [countsBefore, meBefore, auditBefore] = await Promise.all([memberCounts(), getMe(), auditHead()]);
      const res = await t.http()[method](path()).set(as(who())).set('Content-Type', 'application/json').send(raw);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 400 });
      expect(res.body).toEqual({ statusCode: 400, code: 'bad_request', error: 'Bad Request', message: expect.stringMatching(/JSON/) });
      expect(await memberCounts()).toEqual(countsBefore);
      expect(await getMe()).toEqual(meBefore);
      expect(await auditHead()).toEqual(auditBefore);
    });
  });

  describe('text is stored verbatim', () => {
    it('keeps quotes, markup and SQL in a member name, and they match only literally in search', async () => {
      const name = `O'Brien "Belediyesi" <script>alert(1)</script>; DROP TABLE members;--`;
      const city = `Konya'; DELETE FROM users WHERE '1'='1`;
      const created = await t.http().post('/api/v1/members').set(as(admin)).send({ name, kind: 'municipality', countryCode: 'TR', city }).expect(201);
      expect(created.body).toMatchObject({ name, city });
      const got = await t.http().get(`/api/v1/members/${created.body.id}`).set(as(me)).expect(200);
      expect(got.body).toEqual({ id: created.body.id, name, kind: 'municipality', countryCode: 'TR', city });
      expect(got.headers['content-type']).toMatch(/^application\/json/);

      for (const q of [`O'Brien "Belediyesi"`, '<script>alert(1)</script>', '; DROP TABLE members;--']) {
        const found = await t.http().get('/api/v1/members').query({ q, limit: 200 }).set(as(me)).expect(200);
        expect(found.body.map((m: { id: string }) => m.id)).toContain(created.body.id);
      }
      // LIKE wildcards and SQL are matched literally, never as patterns.
      for (const q of ['%', '_', "' OR '1'='1", '%Brien']) {
        const found = await t.http().get('/api/v1/members').query({ q, limit: 200 }).set(as(me)).expect(200);
        for (const m of found.body as { name: string; city: string | null }[]) expect(`${m.name} ${m.city ?? ''}`.toLowerCase()).toContain(q.toLowerCase());
      }
      // Both tables are still there.
      await t.http().get('/api/v1/members').set(as(me)).expect(200);
      await t.http().get('/api/v1/users').set(as(me)).expect(200);

      const renamed = `${name} (düzeltildi)`;
      await t.http().patch(`/api/v1/members/${created.body.id}`).set(as(admin)).send({ name: renamed }).expect(200);
      expect((await t.http().get(`/api/v1/members/${created.body.id}`).set(as(me)).expect(200)).body.name).toBe(renamed);
    });

    it('keeps quotes and SQL in a display name and title set through PATCH /me', async () => {
      const u = await t.user();
      const displayName = `Robert'); DROP TABLE users;--`;
      const title = `<b>"Baş" uzman</b> & 'müdür' \\ %_`;
      const patched = await t.http().patch('/api/v1/me').set(as(u)).send({ displayName, title }).expect(200);
      expect(patched.body).toMatchObject({ displayName, title });
      expect(await getMe(u)).toMatchObject({ displayName, title });
      const seen = await t.http().get(`/api/v1/users/${u.user.id}`).set(as(me)).expect(200);
      expect(seen.body).toMatchObject({ displayName, title });
      const found = await t.http().get('/api/v1/users').query({ q: "Robert'); DROP" }).set(as(me)).expect(200);
      expect(found.body.map((x: { id: string }) => x.id)).toEqual([u.user.id]);
      // The users table survived, and logging in still works.
      await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(200);
    });

    it('accepts exactly 100 characters of display name, variation selectors included', async () => {
      const u = await t.user();
      const displayName = '❤️'.repeat(50);
      const res = await t.http().patch('/api/v1/me').set(as(u)).send({ displayName }).expect(200);
      expect(res.body.displayName).toBe(displayName);
      expect((await getMe(u)).displayName).toBe(displayName);
    });

    it.each([
      ['Azerbaijani', 'AZ', 'İçərişəhər bələdiyyəsi', 'Bakı', 'Leyla Əliyeva', 'Baş mütəxəssis'],
      ['Kazakh', 'KZ', 'Алматы', 'Алматы', 'Айгерім Сәрсенбаева', 'Бас маман'],
      ['Arabic', 'IQ', 'بلدية الموصل', 'الموصل', 'محمد الموصلي', 'مدير البلدية'],
      ['Turkish', 'TR', 'İĞDIR İl Özel İdaresi', 'Iğdır', 'Işıl Güneş', 'İmar Müdürü'],
      ['Old Turkic and emoji', 'MN', '𐱅𐰇𐰼𐰜 Belediyesi 🏛️', 'Улаанбаатар', '𐰚𐰇𐰠 𐱅𐰃𐰏𐰤 👩🏽‍💼', 'Ⓜ️ uzman'],
    ])('%s text round-trips exactly (member, display name, title)', async (_script, countryCode, name, city, displayName, title) => {
      const created = await t.http().post('/api/v1/members').set(as(admin)).send({ name, kind: 'municipality', countryCode, city }).expect(201);
      expect(created.body).toMatchObject({ name, city, countryCode });
      const got = await t.http().get(`/api/v1/members/${created.body.id}`).set(as(me)).expect(200);
      expect(got.body.name).toBe(name);
      expect(got.body.city).toBe(city);
      expect(Buffer.from(got.body.name).equals(Buffer.from(name))).toBe(true); // byte for byte, no normalisation
      const found = await t.http().get('/api/v1/members').query({ q: name, countryCode }).set(as(me)).expect(200);
      expect(found.body.map((m: { id: string }) => m.id)).toContain(created.body.id);

      const u = await t.user({ memberId: created.body.id });
      await t.http().patch('/api/v1/me').set(as(u)).send({ displayName, title }).expect(200);
      const mine = await getMe(u);
      expect(mine).toMatchObject({ displayName, title, countryCode });
      const seen = await t.http().get(`/api/v1/users/${u.user.id}`).set(as(me)).expect(200);
      expect(seen.body.displayName).toBe(displayName);
      expect(seen.body.title).toBe(title);
    });
  });
});

describe('NUL characters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  it('refuses a NUL in the URL with a 400, not a database error', async () => {
    const admin = await t.admin();
    const cases: [string, string][] = [
      ['/api/v1/members/a%00b', 'the URL must not contain NUL characters or lone surrogates'],
      ['/api/v1/users/a%00b', 'the URL must not contain NUL characters or lone surrogates'],
      ['/api/v1/members?q=a%00b', 'q must not contain NUL characters'],
      ['/api/v1/members/a%ED%A0%80b', 'the URL is not valid percent-encoded UTF-8'],
      ['/api/v1/members?q=a%ED%A0%80b', 'the URL is not valid percent-encoded UTF-8'],
    ];
    for (const [path, message] of cases) {
      const res = await t.http().get(path).set('Authorization', `Bearer ${admin.accessToken}`);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 400, body: { statusCode: 400, code: 'bad_request', error: 'Bad Request', message } });
    }
  });
});
