import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BirlikProcess, CLI, assertBuilt, freePort } from './support/process';
import { createTestEnv, type TestEnv } from './support/app';
import { TestSmtp } from './support/smtp';
import { ack, collect, connect, waitFor } from './support/sockets';

/** The built program as users run it: start-up failures, several processes, roles, the CLI. PostgreSQL only. */
describe('processes', () => {
  let env: TestEnv;
  const procs: BirlikProcess[] = [];
  const start = (extra: Record<string, string>, script?: string, args?: string[]) => {
    const p = new BirlikProcess({ ...env.env, LOG_LEVEL: 'info', ...extra }, script, args);
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    assertBuilt();
    env = await createTestEnv('postgres');
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop('SIGKILL')));
  });
  afterAll(() => env?.dispose());

  const oneLineExit = async (p: BirlikProcess, pattern: RegExp) => {
    const { code } = await p.exited;
    expect(code).toBe(1);
    const lines = p.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(p.stderr + p.stdout).not.toMatch(/\n\s+at /); // no stack trace
  };

  it('ends with one clear line when Redis cannot be reached', async () => {
    const p = start({ REDIS_URL: 'redis://127.0.0.1:1' });
    await oneLineExit(p, /^Birlik cannot start: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)\. Start it with `redis-server/);
  });

  it('ends with one clear line when PostgreSQL cannot be reached, or the database is missing', async () => {
    await oneLineExit(start({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/birlik' }), /^Birlik cannot start: Cannot reach PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/birlik \(ECONNREFUSED\)\. Start it with/);
    await oneLineExit(start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/birlik_missing_db' }), /^Birlik cannot start: The PostgreSQL database "birlik_missing_db" does not exist .* Create it with `createdb/);
  });

  it('names every bad setting, one line each', async () => {
    const p = start({ PORT: 'abc', APP_ROLE: 'everything', NODE_ENV: 'production', JWT_SECRET: '' });
    const { code } = await p.exited;
    expect(code).toBe(1);
    const lines = p.stderr.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^Birlik cannot start: APP_ROLE must be one of all, api, worker/), expect.stringMatching(/^Birlik cannot start: PORT /)]));
    const secret = start({ NODE_ENV: 'production', JWT_SECRET: '' });
    await oneLineExit(secret, /^Birlik cannot start: JWT_SECRET is required when NODE_ENV=production/);
  });

  it('two api processes starting at once on a new database migrate and seed it exactly once; SIGTERM stops them gracefully', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = start({ APP_ROLE: 'api', PORT: String(portA) });
    const b = start({ APP_ROLE: 'api', PORT: String(portB) });
    await Promise.all([a.waitReady(`http://127.0.0.1:${portA}/health/ready`), b.waitReady(`http://127.0.0.1:${portB}/health/ready`)]);
    const dbName = new URL(env.env.DATABASE_URL).pathname.slice(1);
    const counts = await (async () => {
      const db = new Client({ connectionString: env.env.DATABASE_URL });
      await db.connect();
      try {
        const q = async (sql: string) => Number((await db.query(sql)).rows[0].n);
        return {
          migrations: await q('select count(*) as n from mikro_orm_migrations'),
          distinctMigrations: await q('select count(distinct name) as n from mikro_orm_migrations'),
          countries: await q('select count(*) as n from countries'),
          countryChannels: await q("select count(*) as n from channels where kind = 'country'"),
          announcement: await q("select count(*) as n from channels where kind = 'announcement'"),
        };
      } finally {
        await db.end();
      }
    })();
    expect(dbName).toMatch(/^birlik_test_/);
    expect(counts.migrations).toBe(counts.distinctMigrations);
    expect(counts.migrations).toBeGreaterThan(0);
    expect(counts).toMatchObject({ countries: 26, countryChannels: 26, announcement: 1 });
    expect((a.stdout + b.stdout).match(/Applied migrations/g)).toHaveLength(1);
    // Both print a setup link; either works until an admin exists.
    expect(a.stdout + b.stdout).toMatch(/\/setup\?token=/);

    const [stopA, stopB] = await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
    for (const s of [stopA, stopB]) expect(s.code === 0 || s.signal === 'SIGTERM').toBe(true);
  });

  it('two processes starting at once on a new SQLite file migrate it once (lock file)', async () => {
    const sqlite = await createTestEnv('sqlite');
    try {
      const [portA, portB] = [await freePort(), await freePort()];
      const a = start({ ...sqlite.env, LOG_LEVEL: 'info', APP_ROLE: 'api', PORT: String(portA) });
      const b = start({ ...sqlite.env, LOG_LEVEL: 'info', APP_ROLE: 'api', PORT: String(portB) });
      await Promise.all([a.waitReady(`http://127.0.0.1:${portA}/health/ready`), b.waitReady(`http://127.0.0.1:${portB}/health/ready`)]);
      const applied = (a.stdout + b.stdout).match(/Applied migrations/g) ?? [];
      expect(applied).toHaveLength(1);
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await sqlite.dispose();
    }
  });

  it('creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD, and another with the CLI', async () => {
    const port = await freePort();
    const api = start({ PORT: String(port), ADMIN_EMAIL: 'Boss@Union.test', ADMIN_PASSWORD: 'boss-password-1' });
    await api.waitReady(`http://127.0.0.1:${port}/health/ready`);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@union.test', password: 'boss-password-1' }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).user.role).toBe('admin');

    const cli = start({}, CLI, ['admin:create', '--email', 'second@union.test', '--password', 'second-password', '--name', 'Second Admin']);
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout).toMatch(/Admin account ready: second@union\.test/);
    const second = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'second@union.test', password: 'second-password' }),
    });
    expect(second.status).toBe(200);
    const bad = start({}, CLI, ['admin:create', '--email', 'nope', '--password', 'short']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr).toMatch(/--email must be an e-mail address/);
    expect(bad.stderr).toMatch(/--password must be at least 10 characters/);
  });

  it('an api process queues the invitation e-mail and a separate worker process sends it', async () => {
    const smtp = await new TestSmtp().start();
    try {
      const port = await freePort();
      const api = start({ APP_ROLE: 'api', PORT: String(port), SMTP_URL: smtp.url, ADMIN_EMAIL: 'boss@union.test', ADMIN_PASSWORD: 'boss-password-1' });
      await api.waitReady(`http://127.0.0.1:${port}/health/ready`);
      const worker = start({ APP_ROLE: 'worker', SMTP_URL: smtp.url });
      const base = `http://127.0.0.1:${port}/api/v1`;
      const json = { 'content-type': 'application/json' };
      const { accessToken } = await (await fetch(`${base}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'boss@union.test', password: 'boss-password-1' }) })).json();
      const members = await (await fetch(`${base}/members?countryCode=AZ`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
      const inv = await fetch(`${base}/invitations`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ email: 'leyla@baku.test', memberId: members[0].id, role: 'official' }),
      });
      expect(inv.status).toBe(201);
      const { token } = await inv.json();
      const mail = await smtp.waitFor((m) => m.text?.includes(token) ?? false, 30_000);
      expect(mail.subject).toBe('Birlik-ə dəvət olunmusunuz');
      expect(worker.stdout).toMatch(/Birlik worker started/);
    } finally {
      await smtp.stop();
    }
  });

  it('two api processes share rooms through Redis: messages, typing and presence cross nodes', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const a = start({ APP_ROLE: 'api', PORT: String(portA), ADMIN_EMAIL: 'boss@union.test', ADMIN_PASSWORD: 'boss-password-1' });
    const b = start({ APP_ROLE: 'api', PORT: String(portB) });
    await Promise.all([a.waitReady(`http://127.0.0.1:${portA}/health/ready`), b.waitReady(`http://127.0.0.1:${portB}/health/ready`)]);
    const base = `http://127.0.0.1:${portA}/api/v1`;
    const call = async (method: string, path: string, token: string | null, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const admin = await call('POST', '/auth/login', null, { email: 'boss@union.test', password: 'boss-password-1' });
    const member = (await call('GET', '/members?countryCode=TR', admin.accessToken))[0];
    const register = async (name: string) => {
      const inv = await call('POST', '/invitations', admin.accessToken, { email: `${name}@nodes.test`, memberId: member.id, role: 'official' });
      return call('POST', '/auth/register', null, { token: inv.token, password: 'nodes-password', displayName: name });
    };
    const [x, y, z] = [await register('Xenia'), await register('Yusuf'), await register('Zeynep')];
    const channels = await call('GET', '/channels', x.accessToken);
    const channelId = channels.find((c: { kind: string }) => c.kind === 'country').id;

    const sx = await connect(`http://127.0.0.1:${portA}`, x.accessToken);
    const sy = await connect(`http://127.0.0.1:${portB}`, y.accessToken);
    try {
      const onY = collect<{ message: { body: string; seq: number } }>(sy, 'message:new');
      const typingOnX = collect<{ userId: string }>(sx, 'typing');
      const presenceOnX = collect<{ userId: string; status: string }>(sx, 'presence');
      await ack(sx, 'presence:watch', { userIds: [z.user.id] });
      const sent = await ack(sx, 'message:send', { channelId, clientId: 'cross-1', body: 'Merhaba B düğümü' });
      expect(sent.ok).toBe(true);
      await waitFor(() => onY.find((e) => e.message.body === 'Merhaba B düğümü'), 10_000, 'message on node B');
      await ack(sy, 'typing', { channelId });
      await waitFor(() => typingOnX.find((e) => e.userId === y.user.id), 10_000, 'typing on node A');
      const sz = await connect(`http://127.0.0.1:${portB}`, z.accessToken);
      await waitFor(() => presenceOnX.find((e) => e.userId === z.user.id && e.status === 'online'), 10_000, 'presence online from node B');
      sz.close();
      await waitFor(() => presenceOnX.find((e) => e.userId === z.user.id && e.status === 'offline'), 10_000, 'presence offline from node B');
      // A reply posted over HTTP on node B reaches the socket on node A.
      const onX = collect<{ message: { body: string } }>(sx, 'message:new');
      await fetch(`http://127.0.0.1:${portB}/api/v1/channels/${channelId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${y.accessToken}` },
        body: JSON.stringify({ clientId: 'cross-2', body: 'Selam A' }),
      });
      await waitFor(() => onX.find((e) => e.message.body === 'Selam A'), 10_000, 'message on node A');
    } finally {
      sx.close();
      sy.close();
    }
  });

  it('kill -9 of a node mid-burst loses and doubles nothing: resends on the other node are idempotent', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const fast = { MESSAGE_RATE_LIMIT_PER_10S: '100000', PRESENCE_TTL_SECONDS: '2' };
    const a = start({ APP_ROLE: 'api', PORT: String(portA), ADMIN_EMAIL: 'boss@union.test', ADMIN_PASSWORD: 'boss-password-1', ...fast });
    const b = start({ APP_ROLE: 'api', PORT: String(portB), ...fast });
    await Promise.all([a.waitReady(`http://127.0.0.1:${portA}/health/ready`), b.waitReady(`http://127.0.0.1:${portB}/health/ready`)]);
    const call = async (port: number, method: string, path: string, token: string | null, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const admin = await call(portB, 'POST', '/auth/login', null, { email: 'boss@union.test', password: 'boss-password-1' });
    const member = (await call(portB, 'GET', '/members?countryCode=AZ', admin.accessToken))[0];
    const senders: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const name of ['Aysel', 'Babək', 'Cəmilə']) {
      const inv = await call(portB, 'POST', '/invitations', admin.accessToken, { email: `${name}@kill.test`.toLowerCase(), memberId: member.id, role: 'official' });
      senders.push(await call(portB, 'POST', '/auth/register', null, { token: inv.token, password: 'kill-password-1', displayName: name }));
    }
    const channelId = (await call(portB, 'GET', '/channels', senders[0].accessToken)).find((c: { kind: string }) => c.kind === 'country').id;
    // A user connected only to the node that dies, watched from the other node.
    const watchedInv = await call(portB, 'POST', '/invitations', admin.accessToken, { email: 'dunya@kill.test', memberId: member.id, role: 'official' });
    const watched = await call(portB, 'POST', '/auth/register', null, { token: watchedInv.token, password: 'kill-password-1', displayName: 'Dünya' });
    const observer = await connect(`http://127.0.0.1:${portB}`, admin.accessToken);
    const presence = collect<{ userId: string; status: string }>(observer, 'presence');
    await ack(observer, 'presence:watch', { userIds: [watched.user.id] });
    const watchedSocket = await connect(`http://127.0.0.1:${portA}`, watched.accessToken);
    await waitFor(() => presence.find((p) => p.userId === watched.user.id && p.status === 'online'), 10_000, 'watched user online');
    const PER_SENDER = 200;
    const acked = senders.map(() => new Map<number, { seq: number; id: string }>());
    let killed = false;
    const totalAcked = () => acked.reduce((n, m) => n + m.size, 0);

    const run = async (i: number) => {
      let port = portA;
      let socket = await connect(`http://127.0.0.1:${port}`, senders[i].accessToken);
      let n = 0;
      while (n < PER_SENDER) {
        try {
          const res = await socket.timeout(3000).emitWithAck('message:send', { channelId, clientId: `k-${i}-${n}`, body: `${senders[i].user.displayName} #${n}` });
          if (!res.ok) throw new Error(JSON.stringify(res.error));
          acked[i].set(n, { seq: res.message.seq, id: res.message.id });
          n++;
        } catch {
          // Lost ack: the node died (or is dying). Reconnect to the other node and resend the same clientId.
          socket.close();
          port = portB;
          socket = await connect(`http://127.0.0.1:${port}`, senders[i].accessToken);
        }
      }
      socket.close();
    };
    const runs = senders.map((_, i) => run(i));
    await waitFor(() => totalAcked() >= 150, 60_000, '150 acks');
    a.proc.kill('SIGKILL');
    killed = true;
    await Promise.all(runs);
    expect(killed).toBe(true);
    expect((await a.exited).signal).toBe('SIGKILL');
    // Nobody refreshes the dead node's sockets: its users go offline when their entries expire.
    await waitFor(() => presence.find((p) => p.userId === watched.user.id && p.status === 'offline'), 15_000, 'watched user offline after the crash');
    watchedSocket.close();
    observer.close();

    const history: { seq: number; clientId: string; author: { id: string } }[] = [];
    for (let after = 0; ; ) {
      const page = await call(portB, 'GET', `/channels/${channelId}/messages?after=${after}&limit=200`, senders[0].accessToken);
      if (!page.length) break;
      history.push(...page);
      after = page[page.length - 1].seq;
    }
    const ours = history.filter((m) => m.clientId.startsWith('k-'));
    expect(ours).toHaveLength(PER_SENDER * senders.length);
    expect(new Set(ours.map((m) => m.clientId)).size).toBe(ours.length);
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
    senders.forEach((s, i) => {
      const mine = ours.filter((m) => m.author.id === s.user.id).map((m) => Number(m.clientId.split('-')[2]));
      expect(mine).toEqual(Array.from({ length: PER_SENDER }, (_, n) => n));
      for (const [n, v] of acked[i]) expect(ours.find((m) => m.clientId === `k-${i}-${n}`)?.seq).toBe(v.seq);
    });
  }, 180_000);

  /** 5,000 officials of one new member, straight into the database; the first `instant` of them want e-mail. */
  const seedOfficials = async (databaseUrl: string, memberId: string, count: number, instant: number) => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(
        `insert into users (id, created_at, email, password_hash, display_name, role, member_id, country_code, locale, time_zone, deactivated, notification_prefs, search_text, name_key, updated_at)
         select gen_random_uuid()::text, now(), 'bulk' || g || '@' || $4 || '.fanout.test', 'x', 'Bulk ' || g, 'official', $1, 'TR', 'tr', 'Europe/Istanbul', false,
                (case when g <= $3 then '{"email":"instant","quietHours":null,"mutedChannelIds":[]}' else '{"email":"off","quietHours":null,"mutedChannelIds":[]}' end)::jsonb,
                'bulk ' || g, 'bulk ' || g, now()
           from generate_series(1, $2::int) g`,
        [memberId, count, instant, memberId.slice(-12)],
      );
    } finally {
      await db.end();
    }
  };
  const countRows = async (databaseUrl: string, sqlText: string, params: unknown[]) => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      return (await db.query(sqlText, params)).rows[0] as Record<string, string>;
    } finally {
      await db.end();
    }
  };
  const setUpNotice = async (port: number) => {
    const base = `http://127.0.0.1:${port}/api/v1`;
    const json = { 'content-type': 'application/json' };
    const { accessToken } = await (await fetch(`${base}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'boss@union.test', password: 'boss-password-1' }) })).json();
    const member = await (
      await fetch(`${base}/members`, { method: 'POST', headers: { ...json, authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ name: `Bulk ${Date.now()}`, kind: 'municipality', countryCode: 'TR' }) })
    ).json();
    const send = async (title: string) =>
      (
        await fetch(`${base}/notices`, {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ title, body: 'fan-out', priority: 'normal', audience: { memberIds: [member.id] }, requiresAck: true }),
        })
      ).json();
    return { memberId: member.id as string, send };
  };

  it('kill -9 of the worker mid-way through a 5,000-recipient fan-out: every recipient ends with one row and at most one e-mail', async () => {
    const smtp = await new TestSmtp().start();
    try {
      const port = await freePort();
      const api = start({ APP_ROLE: 'api', PORT: String(port), SMTP_URL: smtp.url, ADMIN_EMAIL: 'boss@union.test', ADMIN_PASSWORD: 'boss-password-1' });
      await api.waitReady(`http://127.0.0.1:${port}/health/ready`);
      const { memberId, send } = await setUpNotice(port);
      await seedOfficials(env.env.DATABASE_URL, memberId, 5000, 200);
      const worker1 = start({ APP_ROLE: 'worker', SMTP_URL: smtp.url });
      const notice = await send('Kill test');
      expect(notice.recipientCount).toBe(5000);
      let soFar = 0;
      for (let i = 0; i < 600 && soFar < 500; i++) {
        soFar = Number((await countRows(env.env.DATABASE_URL, 'select count(*) as n from notifications where notice_id = $1', [notice.id])).n);
        if (soFar < 500) await new Promise((r) => setTimeout(r, 100));
      }
      worker1.proc.kill('SIGKILL');
      expect((await worker1.exited).signal).toBe('SIGKILL');
      start({ APP_ROLE: 'worker', SMTP_URL: smtp.url });
      let rows: Record<string, string> = {};
      for (let i = 0; i < 900; i++) {
        rows = await countRows(
          env.env.DATABASE_URL,
          `select count(*) as n, count(distinct user_id) as users,
                  sum(case when email_state = 'sent' then 1 else 0 end) as sent,
                  sum(case when email_state = 'sending' then 1 else 0 end) as sending,
                  sum(case when email_state in ('pending') then 1 else 0 end) as pending
             from notifications where notice_id = $1`,
          [notice.id],
        );
        if (Number(rows.n) === 5000 && Number(rows.pending) === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(soFar).toBeLessThan(5000); // the kill really came mid-way
      expect(Number(rows.n)).toBe(5000);
      expect(Number(rows.pending)).toBe(0); // every e-mail the killed worker had not queued yet was queued by the rerun
      expect(Number(rows.users)).toBe(5000);
      const recipients = await countRows(env.env.DATABASE_URL, 'select count(*) as n from notice_recipients where notice_id = $1', [notice.id]);
      expect(Number(recipients.n)).toBe(5000);
      await new Promise((r) => setTimeout(r, 500));
      const mails = smtp.messages.filter((m) => m.subject === 'Kill test').map((m) => (m.to as { text: string }).text);
      expect(new Set(mails).size).toBe(mails.length); // at most one each
      // Sent and marked, or sent by the killed worker before it could mark it ('sending'): never twice.
      expect(mails.length).toBeGreaterThanOrEqual(Number(rows.sent));
      expect(mails.length).toBeLessThanOrEqual(Number(rows.sent) + Number(rows.sending));
      expect(Number(rows.sending)).toBeLessThanOrEqual(4); // at most what the mail worker had in flight
      expect(mails.every((m) => /^bulk\d+@[0-9a-f]+\.fanout\.test$/.test(m) && Number(m.slice(4, m.indexOf('@'))) <= 200)).toBe(true);
    } finally {
      await smtp.stop();
    }
  }, 300_000);

  it('a Redis restart during a fan-out loses nothing (its own redis-server, with an append-only file)', async () => {
    const redisPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'birlik-redis-'));
    const startRedis = (): ChildProcess =>
      spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { stdio: 'ignore' });
    const ping = () => spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
    const waitPing = async () => {
      for (let i = 0; i < 100 && !ping(); i++) await new Promise((r) => setTimeout(r, 100));
    };
    let redis = startRedis();
    try {
      await waitPing();
      const redisUrl = `redis://127.0.0.1:${redisPort}`;
      const port = await freePort();
      const api = start({ APP_ROLE: 'api', PORT: String(port), REDIS_URL: redisUrl, ADMIN_EMAIL: 'boss@union.test', ADMIN_PASSWORD: 'boss-password-1' });
      await api.waitReady(`http://127.0.0.1:${port}/health/ready`);
      const { memberId, send } = await setUpNotice(port);
      await seedOfficials(env.env.DATABASE_URL, memberId, 3000, 0);
      const worker = start({ APP_ROLE: 'worker', REDIS_URL: redisUrl });
      const notice = await send('Redis restart');
      let before = 0;
      for (let i = 0; i < 600 && before < 300; i++) {
        before = Number((await countRows(env.env.DATABASE_URL, 'select count(*) as n from notifications where notice_id = $1', [notice.id])).n);
        if (before < 300) await new Promise((r) => setTimeout(r, 50));
      }
      spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown']);
      await new Promise<void>((resolve) => (redis.exitCode !== null ? resolve() : redis.once('exit', () => resolve())));
      await new Promise((r) => setTimeout(r, 1000));
      redis = startRedis();
      await waitPing();
      let n = 0;
      for (let i = 0; i < 900 && n < 3000; i++) {
        n = Number((await countRows(env.env.DATABASE_URL, 'select count(distinct user_id) as n from notifications where notice_id = $1', [notice.id])).n);
        if (n < 3000) await new Promise((r) => setTimeout(r, 200));
      }
      expect(before).toBeLessThan(3000);
      expect(n).toBe(3000);
      const total = await countRows(env.env.DATABASE_URL, 'select count(*) as n from notifications where notice_id = $1', [notice.id]);
      expect(Number(total.n)).toBe(3000);
      expect(api.proc.exitCode).toBeNull();
      expect(worker.proc.exitCode).toBeNull();
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      redis.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
