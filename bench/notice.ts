/**
 * npm run bench:notice — one notice to 10,000 seeded recipients, 2,000 of them connected by socket.
 * Ours: POST /notices on a Birlik `all` process on PostgreSQL (the workers fan it out).
 * Baseline, same run, same database, same sockets: a plain script doing 10 jobs of 1,000 recipients with one
 * multi-row insert and one room emit (through the same Redis) per job.
 * Measures the time until every in-app row is written and until every connected recipient got `notice:new`.
 * The last line printed is one JSON object.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const CONNECTED = Number(process.env.BENCH_CONNECTED ?? 2_000);
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(32).toString('hex');
const ROOT = join(__dirname, '..');

// ---- child: holds the sockets and reports when all got notice:new --------------------------------------

if (process.argv[2] === '--clients') {
  const url = process.argv[3];
  let tokens: string[] = [];
  const sockets: Socket[] = [];
  let expected = '';
  let got = 0;
  const onNotice = (e: { notice?: { id?: string; title?: string } }) => {
    const key = e.notice?.id ?? e.notice?.title ?? '';
    if (key !== expected) return;
    got++;
    if (got === tokens.length) process.send!({ type: 'all', at: Date.now() });
  };
  process.on('message', (m: { type: string; key?: string; tokens?: string[] }) => {
    if (m.type === 'connect') {
      tokens = m.tokens!;
      void connectAll();
    }
    if (m.type === 'expect') {
      expected = m.key!;
      got = 0;
    }
    if (m.type === 'exit') {
      for (const s of sockets) s.close();
      process.exit(0);
    }
  });
  const connectAll = async () => {
    for (let i = 0; i < tokens.length; i += 100) {
      await Promise.all(
        tokens.slice(i, i + 100).map(
          (token) =>
            new Promise<void>((resolve, reject) => {
              const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
              s.once('connect', () => resolve());
              s.once('connect_error', reject);
              s.on('notice:new', onNotice);
              sockets.push(s);
            }),
        ),
      );
    }
    process.send!({ type: 'ready' });
  };
} else {
  void main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

// ---- parent ---------------------------------------------------------------------------------------------

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out: ${what}`);
}

async function main(): Promise<number> {
  const id = randomBytes(4).toString('hex');
  const dbName = `birlik_bench_notice_${id}`;
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(PG_ADMIN);
  dbUrl.pathname = `/${dbName}`;
  const prefix = `bench:${id}`;
  let server: ChildProcess | undefined;
  let clients: ChildProcess | undefined;
  const db = new Client({ connectionString: dbUrl.toString() });
  const redis = new Redis(REDIS_URL);
  try {
    const port = await freePort();
    server = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, APP_ROLE: 'all', PORT: String(port), DATABASE_URL: dbUrl.toString(), REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET: SECRET, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200, 60_000, 'server ready');
    await db.connect();

    // Seed: one member, 10,000 officials (e-mail off), 2,000 sessions, an organizer.
    const memberId = randomUUID();
    await db.query(`insert into members (id, created_at, name, kind, country_code, city, search_text, updated_at) values ($1, now(), 'Bench member', 'municipality', 'TR', null, 'bench member', now())`, [memberId]);
    await db.query(
      `insert into users (id, created_at, email, password_hash, display_name, role, member_id, country_code, locale, time_zone, deactivated, notification_prefs, search_text, name_key, updated_at)
       select lpad(g::text, 8, '0') || '-0000-7000-8000-' || lpad(g::text, 12, '0'), now(), 'b' || g || '@bench.test', 'x', 'B ' || g, 'official', $1, 'TR', 'tr', 'Europe/Istanbul', false,
              '{"email":"off","quietHours":null,"mutedChannelIds":[]}'::jsonb, 'b ' || g, 'b ' || g, now()
         from generate_series(1, $2::int) g`,
      [memberId, RECIPIENTS],
    );
    const ids: string[] = (await db.query(`select id from users where member_id = $1 order by id`, [memberId])).rows.map((r) => r.id);
    const organizerId = randomUUID();
    await db.query(
      `insert into users (id, created_at, email, password_hash, display_name, role, member_id, country_code, locale, time_zone, deactivated, notification_prefs, search_text, name_key, updated_at)
       values ($1, now(), 'organizer@bench.test', 'x', 'Organizer', 'organizer', null, null, 'tr', 'Europe/Istanbul', false, '{"email":"off","quietHours":null,"mutedChannelIds":[]}'::jsonb, 'organizer', 'organizer', now())`,
      [organizerId],
    );
    const jwt = new JwtService({ secret: SECRET });
    const session = async (userId: string) => {
      const sid = randomUUID();
      await db.query(`insert into sessions (id, created_at, user_id) values ($1, now(), $2)`, [sid, userId]);
      return jwt.sign({ sub: userId, sid }, { expiresIn: 3600 });
    };
    const organizerToken = await session(organizerId);
    const connected = ids.slice(0, CONNECTED);
    const tokens: string[] = [];
    for (const u of connected) tokens.push(await session(u));

    clients = fork(__filename, ['--clients', base], { execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'] });
    const messages: { type: string; at?: number }[] = [];
    clients.on('message', (m: { type: string; at?: number }) => messages.push(m));
    clients.send({ type: 'connect', tokens });
    await waitFor(async () => messages.some((m) => m.type === 'ready'), 120_000, 'clients connected');

    const countRows = async (table: string, noticeId: string) => Number((await db.query(`select count(*) as n from ${table} where notice_id = $1`, [noticeId])).rows[0].n);
    const awaitPush = async () => {
      await waitFor(async () => messages.some((m) => m.type === 'all'), 60_000, 'every connected recipient got notice:new');
      return messages.splice(messages.findIndex((m) => m.type === 'all'), 1)[0].at!;
    };

    // Baseline: 10 jobs of 1,000 recipients, one multi-row insert and one room emit per job.
    await db.query(`create table baseline_notifications (like notifications including all)`);
    const emitter = new Emitter(redis, { key: `${prefix}:socket.io` });
    const baselineKey = `baseline-${id}`;
    clients.send({ type: 'expect', key: baselineKey });
    const b0 = Date.now();
    for (let i = 0; i < RECIPIENTS; i += 1000) {
      const batch = ids.slice(i, i + 1000);
      const values: unknown[] = [];
      const rows = batch.map((u, k) => {
        values.push(randomUUID(), u, `notice:${baselineKey}`, 'Bench notice', 'fan-out', baselineKey);
        const o = k * 6;
        return `($${o + 1}, now(), $${o + 2}, 'notice', $${o + 3}, null, null, $${o + 6}, $${o + 4}, $${o + 5}, false, null, null, 'none', null)`;
      });
      await db.query(
        `insert into baseline_notifications (id, created_at, user_id, kind, source_key, channel_id, message_id, notice_id, title, snippet, urgent, read_at, pushed_at, email_state, emailed_at) values ${rows.join(',')}`,
        values,
      );
      emitter.to(batch.map((u) => `user:${u}`)).emit('notice:new', { notice: { id: baselineKey, title: 'Bench notice' } });
    }
    const baselinePersistAllMs = Date.now() - b0;
    const baselinePushAllMs = (await awaitPush()) - b0;

    // Ours.
    const t0 = Date.now();
    const res = await fetch(`${base}/api/v1/notices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${organizerToken}` },
      body: JSON.stringify({ title: 'Bench notice', body: 'fan-out', priority: 'normal', audience: { memberIds: [memberId] }, requiresAck: true }),
    });
    const created = (await res.json()) as { id: string; recipientCount: number };
    if (res.status !== 201) throw new Error(`POST /notices answered ${res.status}: ${JSON.stringify(created)}`);
    clients.send({ type: 'expect', key: created.id });
    let persistAt = 0;
    await waitFor(
      async () => {
        if ((await countRows('notifications', created.id)) < RECIPIENTS) return false;
        persistAt = Date.now();
        return true;
      },
      120_000,
      'every in-app row written',
    );
    const pushAt = await awaitPush();
    const persistAllMs = persistAt - t0;
    const pushAllMs = pushAt - t0;
    const result = {
      bench: 'notice',
      recipients: RECIPIENTS,
      connected: CONNECTED,
      persistAllMs,
      pushAllMs,
      recipientsPerSec: Math.round(RECIPIENTS / (persistAllMs / 1000)),
      baselinePersistAllMs,
      baselinePushAllMs,
      ratioToBaseline: Math.round((persistAllMs / baselinePersistAllMs) * 100) / 100,
    };
    console.log(`recipients ${RECIPIENTS}, connected ${CONNECTED}`);
    console.log(`ours:     rows written in ${persistAllMs} ms, pushed to every socket in ${pushAllMs} ms (${result.recipientsPerSec} recipients/s)`);
    console.log(`baseline: rows written in ${baselinePersistAllMs} ms, pushed in ${baselinePushAllMs} ms`);
    console.log(JSON.stringify(result));
    return 0;
  } finally {
    clients?.send({ type: 'exit' });
    clients?.kill('SIGKILL');
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    server?.kill('SIGKILL');
    await db.end().catch(() => undefined);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
