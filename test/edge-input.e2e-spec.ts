import { ERROR_CATALOG } from '@lib/errors';
import { TestApp, type Session } from './support/app';
import { ack, collect, connect, type Client } from './support/sockets';

/**
 * Input at the edges: NUL characters, lone surrogates, numbers sent as strings, JSON nested thousands of levels
 * deep, bodies of another content type. Each is refused with its catalog code before anything is stored or relayed;
 * and every HTTP error body and socket error ack carries a catalog code.
 */
describe('edge input', () => {
  let t: TestApp;
  let admin: Session;
  let a: Session;
  let b: Session;
  let channelId: string;
  let messageId: string;
  const sockets: Client[] = [];
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
  const history = async () => (await t.http().get(`/api/v1/channels/${channelId}/messages`).query({ limit: 200 }).set(auth(a)).expect(200)).body as { id: string; body: string; reactions: unknown[] }[];
  const getMe = async () => (await t.http().get('/api/v1/me').set(auth(a)).expect(200)).body;

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '1000' });
    admin = await t.admin();
    const member = await t.createMember({ countryCode: 'KZ' });
    a = await t.user({ memberId: member.id });
    b = await t.user({ memberId: member.id });
    const list = (await t.http().get('/api/v1/channels').set(auth(a)).expect(200)).body as { id: string; kind: string; countryCode: string }[];
    channelId = list.find((c) => c.kind === 'country' && c.countryCode === 'KZ')!.id;
    const posted = await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(a)).send({ clientId: t.unique('c'), body: 'first' }).expect(201);
    messageId = posted.body.id;
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await t?.close();
  });

  describe('HTTP', () => {
    const targets: [string, 'post' | 'patch', () => string, () => Session | null][] = [
      ['POST /auth/login', 'post', () => '/api/v1/auth/login', () => null],
      ['PATCH /me', 'patch', () => '/api/v1/me', () => a],
      ['POST /members', 'post', () => '/api/v1/members', () => admin],
      ['POST /channels/:id/messages', 'post', () => `/api/v1/channels/${channelId}/messages`, () => a],
      ['PATCH /messages/:id', 'patch', () => `/api/v1/messages/${messageId}`, () => a],
    ];

    it.each(targets)('%s: JSON nested 5000 levels deep → 400 bad_request, nothing changed', async (_label, method, path, who) => {
      const [before, meBefore] = [await history(), await getMe()];
      const s = who();
      const req = t.http()[method](path()).set('Content-Type', 'application/json');
      if (s) req.set(auth(s));
      const res = await req.send(deep(5000));
      expect({ status: res.status, body: res.body }).toEqual({
        status: 400,
        body: { statusCode: 400, code: 'bad_request', error: 'Bad Request', message: 'body is nested too deeply (more than 32 levels)' },
      });
      expect(await history()).toEqual(before);
      expect(await getMe()).toEqual(meBefore);
    });

    it.each(targets)('%s: a text/plain body → 415 unsupported_media_type, nothing changed', async (_label, method, path, who) => {
      const [before, meBefore] = [await history(), await getMe()];
      const s = who();
      const req = t.http()[method](path()).set('Content-Type', 'text/plain');
      if (s) req.set(auth(s));
      const res = await req.send(JSON.stringify({ displayName: 'Plain', body: 'plain', email: a.user.email, password: a.password }));
      expect({ status: res.status, code: res.body.code, statusCode: res.body.statusCode, error: res.body.error }).toEqual({
        status: 415,
        code: 'unsupported_media_type',
        statusCode: 415,
        error: 'Unsupported Media Type',
      });
      expect(await history()).toEqual(before);
      expect(await getMe()).toEqual(meBefore);
    });

    it('a body with a NUL or a lone surrogate → 400 naming the field, nothing stored', async () => {
      const before = [await history(), await getMe()];
      const cases: [string, 'post' | 'patch', string, object, string][] = [
        ['PATCH /me', 'patch', '/api/v1/me', { displayName: 'Ay\u0000dana' }, 'displayName must not contain NUL characters'],
        ['PATCH /me', 'patch', '/api/v1/me', { title: 'x\ud800y' }, 'title must be valid Unicode (it holds a lone surrogate)'],
        ['POST messages', 'post', `/api/v1/channels/${channelId}/messages`, { clientId: t.unique('c'), body: 'half \udc00 pair' }, 'body must be valid Unicode (it holds a lone surrogate)'],
        ['POST messages', 'post', `/api/v1/channels/${channelId}/messages`, { clientId: 'c\u0000x', body: 'hello' }, 'clientId must not contain NUL characters'],
        ['PATCH /me', 'patch', '/api/v1/me', { notificationPrefs: { mutedChannelIds: ['\ud83d'] } }, 'notificationPrefs.mutedChannelIds[0] must be valid Unicode (it holds a lone surrogate)'],
      ];
      for (const [label, method, path, body, message] of cases) {
        // JSON.stringify writes lone surrogates as \u escapes, so the body on the wire is valid UTF-8.
        const res = await t.http()[method](path).set(auth(a)).set('Content-Type', 'application/json').send(JSON.stringify(body));
        expect({ label, status: res.status, body: res.body }).toEqual({ label, status: 400, body: { statusCode: 400, code: 'bad_request', error: 'Bad Request', message } });
      }
      expect([await history(), await getMe()]).toEqual(before);
    });

    it('valid surrogate pairs (emoji) still pass', async () => {
      const res = await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(a)).send({ clientId: t.unique('c'), body: 'ok 👍🏽' }).expect(201);
      expect(res.body.body).toBe('ok 👍🏽');
    });

    it('the CSV import still takes text/csv and multipart', async () => {
      const csv = `name,kind,countryCode,city\n${t.unique('Csv ')},municipality,KZ,Almaty\n`;
      const plain = await t.http().post('/api/v1/members/import').set(auth(admin)).set('Content-Type', 'text/csv').send(csv).expect(201);
      expect(plain.body).toMatchObject({ created: 1, errors: [] });
      const csv2 = `name,kind,countryCode,city\n${t.unique('Csv ')},municipality,KZ,Almaty\n`;
      const multi = await t.http().post('/api/v1/members/import').set(auth(admin)).attach('file', Buffer.from(csv2), { filename: 'm.csv', contentType: 'text/csv' }).expect(201);
      expect(multi.body).toMatchObject({ created: 1, errors: [] });
    });

    it('every error body carries its catalog code', async () => {
      const codes = new Set(Object.keys(ERROR_CATALOG));
      const seen: [string, number, string][] = [];
      const check = async (label: string, status: number, code: string, res: { status: number; body: { code?: string; statusCode?: number } }) => {
        seen.push([label, res.status, String(res.body.code)]);
        expect({ label, status: res.status, code: res.body.code, statusCode: res.body.statusCode }).toEqual({ label, status, code, statusCode: status });
        expect(codes.has(res.body.code!)).toBe(true);
      };
      await check('unknown API route', 404, 'not_found', await t.http().get('/api/v1/no-such-route').set(auth(a)));
      await check('unknown id', 404, 'channel_not_found', await t.http().get('/api/v1/channels/nope/messages').set(auth(a)));
      await check('no token', 401, 'unauthorized', await t.http().get('/api/v1/me'));
      await check('validation', 400, 'bad_request', await t.http().patch('/api/v1/me').set(auth(a)).send({ displayName: 42 }));
      await check('bad JSON', 400, 'bad_request', await t.http().patch('/api/v1/me').set(auth(a)).set('Content-Type', 'application/json').send('{"a":'));
      await check('too large', 413, 'payload_too_large', await t.http().patch('/api/v1/me').set(auth(a)).set('Content-Type', 'application/json').send(JSON.stringify({ displayName: 'x'.repeat(1_100_000) })));
      await check('forbidden', 403, 'forbidden', await t.http().post('/api/v1/members').set(auth(a)).send({ name: 'X', kind: 'municipality', countryCode: 'KZ' }));
      const email = `${t.unique('nobody')}@birlik.test`;
      let throttled: { status: number; body: { code?: string; statusCode?: number } } | undefined;
      for (let i = 0; i < 10 && !throttled; i++) {
        const res = await t.http().post('/api/v1/auth/login').send({ email: a.user.email, password: `wrong-password-${i}` });
        if (res.status === 429) throttled = res;
        else await check('wrong password', 401, 'invalid_credentials', res);
      }
      expect(throttled).toBeDefined();
      await check('throttled', 429, 'login_throttled', throttled!);
      await check('unknown address', 401, 'invalid_credentials', await t.http().post('/api/v1/auth/login').send({ email, password: 'whatever-password' }));
    });
  });

  describe('sockets', () => {
    let sa: Client;
    let sb: Client;
    beforeAll(async () => {
      sa = await connect(t.url, a.accessToken);
      sb = await connect(t.url, b.accessToken);
      sockets.push(sa, sb);
    });

    const NUL = 'a\u0000b';
    const HIGH = 'a\ud800b';
    const LOW = 'x\udfffy';
    const cases = (): [string, unknown][] => [
      ['message:send', { channelId: NUL, clientId: t.unique('c'), body: 'hi' }],
      ['message:send', { channelId, clientId: t.unique('c'), body: `hi ${HIGH}` }],
      ['message:send', { channelId, clientId: t.unique('c'), body: `hi ${LOW}` }],
      ['message:send', { channelId, clientId: `c${NUL}`, body: 'hi' }],
      ['message:send', { channelId, clientId: t.unique('c'), body: 'hi', threadId: HIGH }],
      ['message:send', { channelId, clientId: t.unique('c'), body: 12345 }],
      ['message:send', { channelId, clientId: 12345, body: 'hi' }],
      ['message:edit', { messageId, body: `edited ${NUL}` }],
      ['message:edit', { messageId, body: `edited ${HIGH}` }],
      ['message:edit', { messageId: `${messageId}\u0000`, body: 'edited' }],
      ['message:delete', { messageId: `${messageId}\ud800` }],
      ['message:delete', { messageId: 7 }],
      ['reaction:toggle', { messageId, emoji: '\ud83d' }],
      ['reaction:toggle', { messageId, emoji: `👍${NUL}` }],
      ['reaction:toggle', { messageId: HIGH, emoji: '👍' }],
      ['typing', { channelId: `${channelId}\u0000` }],
      ['typing', { channelId, threadId: LOW }],
      ['typing', { channelId: true }],
      ['channel:read', { channelId, seq: '1' }],
      ['channel:read', { channelId, seq: true }],
      ['channel:read', { channelId: NUL, seq: 1 }],
      ['sync', { channels: { [channelId]: '0' } }],
      ['sync', { channels: { [channelId]: false } }],
      ['sync', { channels: { [NUL]: 0 } }],
      ['sync', { channels: { [HIGH]: 0 } }],
      ['presence:set', { status: `away${NUL}` }],
      ['presence:set', { status: true }],
      ['presence:watch', { userIds: [HIGH] }],
      ['presence:watch', { userIds: [1] }],
    ];

    it('refuses NUL, lone surrogates and numbers of the wrong type in every event with bad_request; nothing stored or relayed', async () => {
      const before = await history();
      const relayed = ['message:new', 'message:updated', 'typing', 'channel:read', 'presence'].map((e) => [e, collect(sb, e)] as const);
      for (const [event, payload] of cases()) {
        const res = await ack<{ ok: boolean; error?: { code: string; message: string } }>(sa, event, payload);
        expect({ event, payload, ok: res.ok, code: res.error?.code }).toEqual({ event, payload, ok: false, code: 'bad_request' });
      }
      // A valid event after all of them: it is relayed, so anything relayed before it would have shown.
      const good = await ack(sa, 'message:send', { channelId, clientId: t.unique('c'), body: 'after the bad ones' });
      expect(good.ok).toBe(true);
      const newEvents = relayed.find(([e]) => e === 'message:new')![1] as { message: { id: string } }[];
      for (let i = 0; i < 200 && !newEvents.length; i++) await new Promise((r) => setTimeout(r, 25));
      expect(newEvents.map((e) => e.message.id)).toEqual([good.message.id]);
      for (const [event, seen] of relayed) if (event !== 'message:new' && event !== 'presence') expect({ event, seen }).toEqual({ event, seen: [] });
      const after = await history();
      expect(after.filter((m) => m.id !== good.message.id)).toEqual(before);
    });

    it('acks errors with a catalog code: not found, forbidden, bad request', async () => {
      const results = [
        await ack(sa, 'message:edit', { messageId: 'nope', body: 'x' }),
        await ack(sb, 'message:edit', { messageId, body: 'not mine' }),
        await ack(sa, 'message:send', 'not an object'),
        await ack(sa, 'message:send', { channelId: 'nope', clientId: t.unique('c'), body: 'x' }),
      ];
      // The same catalog keys as the HTTP bodies of the same refusals.
      expect(results.map((r) => r.error?.code)).toEqual(['message_not_found', 'not_message_author', 'bad_request', 'channel_not_found']);
      for (const r of results) {
        expect(r.ok).toBe(false);
        expect(Object.keys(ERROR_CATALOG)).toContain(r.error.code);
        expect(typeof r.error.message).toBe('string');
      }
    });
  });
});
