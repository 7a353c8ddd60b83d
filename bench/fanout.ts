/**
 * Fan-out benchmark (issue 3, deliverable 7): `npm run bench:fanout [-- --members 10,100 --rate 10 --duration 10]`.
 *
 * For each N, alternating: a bare Socket.IO server with the same Redis adapter ("baseline"), then Birlik
 * (`node dist/src/main.js`, APP_ROLE=all, on a fresh PostgreSQL database, "ours"). The same load generator
 * (a forked child holding the N receiving connections) and the same sender (another forked child posting
 * `message:send` with an ack at a fixed rate) drive both. Server CPU comes from /proc/<pid>/stat
 * (utime+stime) around the measured window; memory per idle connection is the server's VmRSS delta across
 * connecting the N receivers (the server is asked nothing).
 *
 * Options: --members 10,100,1000,5000  --rate 10 (messages/s)  --duration 10 (s)  --warmup 2 (s)
 *          --mode both|baseline|ours   --concurrency 50 (parallel connection attempts)
 *          --connect-timeout 900 (s to connect all members)   --wait-quiet 120 (s to wait for an idle machine)
 *          --retries 3 (measure again, at most this often, when other processes used ≥20% of a core during the run)
 *          --cpu-prof (profile both servers with `node --cpu-prof`; prints where the CPU of the measured window went)
 * Env: BENCH_PG_URL (postgres://postgres@127.0.0.1:5432), BENCH_REDIS_URL (redis://127.0.0.1:6379)
 * The last line printed is one JSON object {"bench":"fanout","rows":[…]}.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client as PgClient } from 'pg';
import { measure, NotAnswering, problems, type Measured } from './harness';
import { formatSummary, summarizeProfile } from './profile-summary';
import { Child, REPO_ROOT, arg, freePort, numberArg, numberList, onCleanup, round, runMain, sleep, stopProcess, table, track } from './lib';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const members = numberList(arg('members'), [10, 100, 1000, 5000]);
const rate = numberArg('rate', 10);
const durationS = numberArg('duration', 10);
const warmupS = numberArg('warmup', 2);
const concurrency = numberArg('concurrency', 50);
const connectTimeoutS = numberArg('connect-timeout', 900);
const waitQuietS = numberArg('wait-quiet', 120);
const retries = Math.floor(Number(arg('retries') ?? 3));
const mode = arg('mode') ?? 'both';
/** --cpu-prof: run both servers under `node --cpu-prof` and summarise where their CPU went in the measured window */
const cpuProf = process.argv.includes('--cpu-prof');
if (!['both', 'baseline', 'ours'].includes(mode)) throw new Error('--mode must be both, baseline or ours');

const RUN = `${process.pid}-${randomBytes(3).toString('hex')}`;
const PROFILE_DIR = join(tmpdir(), `birlik-bench-profiles-${RUN}`);

function profileArgs(name: string): string[] {
  return cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

function printProfile(name: string, m: Measured): void {
  if (!cpuProf) return;
  const file = join(PROFILE_DIR, `${name}.cpuprofile`);
  if (!existsSync(file)) {
    console.log(`  (no CPU profile at ${file})`);
    return;
  }
  console.log(`  CPU profile ${file}, measured window only (CLOCK_MONOTONIC ms ${m.windowStartMs.toFixed(0)}–${m.windowEndMs.toFixed(0)}):`);
  console.log(formatSummary(summarizeProfile(file, m.windowStartMs, m.windowEndMs)));
}

interface Target {
  label: string;
  /** other processes of the measured system (not foreign load) */
  system: string[];
  serverPid: number;
  url: string;
  channelId: string;
  receiverTokens: string[] | null;
  senderToken: string | null;
}

/** The same load generator, sender and steps for baseline and ours. */
function measureTarget(t: Target, n: number): Promise<Measured> {
  return measure({
    label: `${t.label}, N=${n}`,
    groups: [{ url: t.url, count: n, tokens: t.receiverTokens }],
    senderUrl: t.url,
    senderToken: t.senderToken,
    channelId: t.channelId,
    cpuPids: [t.serverPid],
    benchProcessNames: t.system,
    rssPid: t.serverPid,
    rate,
    durationS,
    warmupS,
    concurrency,
    connectTimeoutS,
    waitQuietS,
    retriesIfDisturbed: retries,
  });
}

// -------------------------------------------------------------------------------------------------------
// Baseline: bare Socket.IO + the same Redis adapter

async function baseline(n: number): Promise<Measured> {
  const prefix = `birlik-bench-${RUN}-base-${n}`;
  const room = `channel:${randomUUID()}`;
  const server = new Child(
    `bare server (N=${n})`,
    'bare-server',
    { ADAPTER: 'redis', REDIS_URL, KEY_PREFIX: prefix, ROOM: room },
    profileArgs(`baseline-${n}`),
  );
  let m: Measured | null = null;
  try {
    const { port } = (await server.ready(30000)) as { port: number };
    m = await measureTarget(
      { label: 'baseline', system: ['redis-server'], serverPid: server.pid, url: `http://127.0.0.1:${port}`, channelId: room, receiverTokens: null, senderToken: null },
      n,
    );
    return m;
  } finally {
    await server.stop();
    if (m) printProfile(`baseline-${n}`, m);
  }
}

// -------------------------------------------------------------------------------------------------------
// Ours: Birlik on a fresh PostgreSQL database

function b64url(x: Buffer | string): string {
  return Buffer.from(x).toString('base64url');
}

function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

async function pg(database: string | null, fn: (c: PgClient) => Promise<void>): Promise<void> {
  const url = new URL(PG_URL);
  if (database) url.pathname = `/${database}`;
  const c = new PgClient({ connectionString: url.toString(), connectionTimeoutMillis: 10000, statement_timeout: 120000 });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}

async function dropDatabase(db: string): Promise<void> {
  await pg('postgres', (c) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).then(() => undefined));
}

async function deleteRedisKeys(match: string): Promise<number> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  let deleted = 0;
  try {
    await r.connect();
    let cursor = '0';
    for (let i = 0; i < 100000; i++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      if (keys.length) deleted += await r.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    r.disconnect();
  }
  return deleted;
}

async function waitReady(url: string, proc: ReturnType<typeof spawn>, tail: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the server exited (code ${proc.exitCode})${tail()}`);
    try {
      const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`GET /health/ready was not 200 within ${timeoutMs} ms (last: ${last})${tail()}`);
}

async function seed(db: string, n: number, secret: string): Promise<{ channelId: string; senderToken: string; tokens: string[] }> {
  const users = Array.from({ length: n + 1 }, (_, i) => ({
    id: randomUUID(),
    sid: randomUUID(),
    email: `bench-${i}-${RUN}@bench.invalid`,
    name: i === 0 ? 'Bench Sender' : `Bench Member ${i}`,
  }));
  const channelId = randomUUID();
  await pg(db, async (c) => {
    await c.query('BEGIN');
    for (let o = 0; o < users.length; o += 2000) {
      const chunk = users.slice(o, o + 2000);
      await c.query(
        `INSERT INTO users (id, created_at, updated_at, email, password_hash, display_name, role, locale, time_zone,
                            deactivated, notification_prefs, search_text)
         SELECT u.id, now(), now(), u.email, 'bench: no password', u.name, 'official', 'en', 'UTC', false,
                '{"email":"off","quietHours":null,"mutedChannelIds":[]}'::jsonb, lower(u.name)
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, email, name)`,
        [chunk.map((u) => u.id), chunk.map((u) => u.email), chunk.map((u) => u.name)],
      );
      await c.query(
        `INSERT INTO sessions (id, created_at, user_id, ip, user_agent)
         SELECT s.id, now(), s.user_id, '127.0.0.1', 'birlik-bench' FROM unnest($1::text[], $2::text[]) AS s(id, user_id)`,
        [chunk.map((u) => u.sid), chunk.map((u) => u.id)],
      );
    }
    await c.query(
      `INSERT INTO channels (id, created_at, kind, name, description, visibility, created_by_id, last_seq, version)
       VALUES ($1, now(), 'topic', $2, 'fan-out benchmark', 'public', $3, 0, 0)`,
      [channelId, `bench-${n}`, users[0].id],
    );
    for (let o = 0; o < users.length; o += 2000) {
      const chunk = users.slice(o, o + 2000);
      await c.query(
        `INSERT INTO channel_members (id, created_at, channel_id, user_id, role, last_read_seq)
         SELECT gen_random_uuid()::text, now(), $1, m.user_id, m.role, 0 FROM unnest($2::text[], $3::text[]) AS m(user_id, role)`,
        [channelId, chunk.map((u) => u.id), chunk.map((u) => (u === users[0] ? 'owner' : 'member'))],
      );
    }
    await c.query('COMMIT');
  });
  const exp = Math.floor(Date.now() / 1000) + 4 * 3600;
  const token = (u: (typeof users)[number]) => signJwt({ sub: u.id, sid: u.sid, iat: Math.floor(Date.now() / 1000), exp }, secret);
  return { channelId, senderToken: token(users[0]), tokens: users.slice(1).map(token) };
}

async function ours(n: number): Promise<Measured> {
  const main = join(REPO_ROOT, 'dist/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm run bench:fanout does)`);
  const db = `birlik_bench_${RUN.replace(/[^a-z0-9]/gi, '_')}_${n}`;
  const prefix = `birlik-bench-${RUN}-ours-${n}`;
  const secret = randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'birlik-bench-data-'));
  // one promise, awaited both by the normal path and by the clean-up on SIGINT/errors
  let cleaning: Promise<void> | null = null;
  const cleanupDb = () =>
    (cleaning ??= (async () => {
      try {
        await dropDatabase(db);
        await deleteRedisKeys(`*${prefix}*`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    })());
  onCleanup(cleanupDb);
  await pg('postgres', (c) => c.query(`CREATE DATABASE "${db}"`).then(() => undefined));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dbUrl = new URL(PG_URL);
  dbUrl.pathname = `/${db}`;
  const proc = spawn(process.execPath, [...profileArgs(`ours-${n}`), main], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      APP_ROLE: 'all',
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      JWT_SECRET: secret,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      MESSAGE_RATE_LIMIT_PER_10S: '100000',
      ACCESS_TOKEN_TTL_SECONDS: '14400',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(proc);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(l.slice(0, 500));
    while (lines.length > 30) lines.shift();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const tail = () => (lines.length ? `\n  server output (last lines):\n    ${lines.slice(-12).join('\n    ')}` : '');
  let m: Measured | null = null;
  try {
    await waitReady(url, proc, tail, 120000);
    const s = await seed(db, n, secret);
    m = await measureTarget(
      { label: 'Birlik', system: ['redis-server', 'postgres'], serverPid: proc.pid ?? -1, url, channelId: s.channelId, receiverTokens: s.tokens, senderToken: s.senderToken },
      n,
    ).catch((e: Error) => {
      if (e instanceof NotAnswering) throw new NotAnswering(`${e.message}${tail()}`);
      throw e;
    });
    return m;
  } finally {
    await stopProcess(proc, 10000);
    await cleanupDb();
    if (m) printProfile(`ours-${n}`, m);
  }
}

// -------------------------------------------------------------------------------------------------------

function fmt(x: number | null | undefined, d = 1): string | null {
  const r = round(x, d);
  return r === null ? null : String(r);
}

function describe(label: string, n: number, m: Measured): string {
  const p = problems(m);
  return (
    `  ${label.padEnd(8)} N=${n}: ${m.connected} connected in ${m.connectMs} ms; ${m.received}/${m.expected} delivered; ` +
    `server CPU ${fmt(m.serverCpuPct, 0)}% of a core, load generator ${fmt(m.loadgenCpuPct, 0)}%, whole machine ${fmt(m.machineCpuPct, 0)}% of ${cpus().length * 100}%; ` +
    `CPU/delivery stat ${fmt(m.cpuUsPerDelivery)} µs, schedstat ${fmt(m.schedCpuUsPerDelivery)} µs, ` +
    `net of the idle server (${fmt(m.idleServerCpuPct)}% of a core) ${fmt(m.netCpuUsPerDelivery)} µs; ` +
    `RSS idle ${fmt(m.idleRssMb)} MB → ${fmt(m.rssMb)} MB\n           top CPU in the window: ${m.topProcesses.join(', ')}` +
    (p.length ? `\n           ! ${p.join('\n           ! ')}` : '')
  );
}

async function main(): Promise<number> {
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at start`);
  console.log(
    `fan-out benchmark: members ${members.join(', ')}; ${rate} messages/s for ${durationS} s (+${warmupS} s warm-up); mode ${mode}`,
  );
  const results: Array<{ n: number; base: Measured | null; ours: Measured | null; oursError: string | null; baseError: string | null }> = [];
  let oursBroken: string | null = null;
  for (const n of members) {
    const r = { n, base: null as Measured | null, ours: null as Measured | null, oursError: null as string | null, baseError: null as string | null };
    results.push(r);
    if (mode !== 'ours') {
      try {
        r.base = await baseline(n);
        console.log(describe('baseline', n, r.base));
      } catch (e) {
        r.baseError = (e as Error).message;
        console.log(`  baseline N=${n}: FAILED: ${r.baseError}`);
      }
    }
    if (mode !== 'baseline') {
      if (oursBroken) {
        r.oursError = `skipped: ${oursBroken}`;
      } else {
        try {
          r.ours = await ours(n);
          console.log(describe('Birlik', n, r.ours));
        } catch (e) {
          r.oursError = (e as Error).message;
          console.log(`  Birlik   N=${n}: FAILED: ${r.oursError}`);
          if (e instanceof NotAnswering) oursBroken = r.oursError.split('\n')[0];
        }
      }
    }
  }

  const headers = [
    'members', 'who', 'deliveries/s', 'p50 ms', 'p99 ms', 'max ms', 'ack p50', 'ack p99',
    'CPU µs/deliv', '(schedstat)', 'net of idle', 'RSS MB', 'KB/conn (RSS)', 'ratio',
  ];
  const rows: Array<Array<string | null | number>> = [];
  for (const r of results) {
    const line = (who: string, m: Measured | null, err: string | null, ratio: number | null) =>
      m
        ? [r.n, who, fmt(m.deliveriesPerSec, 0), fmt(m.p50Ms), fmt(m.p99Ms), fmt(m.maxMs), fmt(m.ackP50Ms), fmt(m.ackP99Ms),
           fmt(m.cpuUsPerDelivery, 2), fmt(m.schedCpuUsPerDelivery, 2), fmt(m.netCpuUsPerDelivery, 2), fmt(m.rssMb), fmt(m.kbPerConnection), ratio === null ? null : fmt(ratio, 2)]
        : [r.n, who, err ? 'failed' : 'not run', null, null, null, null, null, null, null, null, null, null, null];
    const ratio = r.base && r.ours ? r.base.cpuUsPerDelivery / r.ours.cpuUsPerDelivery : null;
    if (mode !== 'ours') rows.push(line('baseline', r.base, r.baseError, null));
    if (mode !== 'baseline') rows.push(line('Birlik', r.ours, r.oursError, ratio));
  }
  console.log('');
  console.log(table(headers, rows));
  console.log(
    '\nCPU µs/deliv: server utime+stime (/proc/<pid>/stat, 10 ms ticks) over the measured window ÷ deliveries to the N members' +
      ' (the sender’s own echo not counted); (schedstat): the same from per-thread schedstat (ns); net of idle: schedstat minus what' +
      ' the server used over 5 s with everyone connected and nothing sent, scaled to the window. KB/conn: server VmRSS delta' +
      ' across connecting the N idle members ÷ N. ratio = baseline CPU µs/delivery ÷ Birlik’s.',
  );
  const failures = results.filter((r) => r.oursError || r.baseError);
  for (const r of failures) {
    if (r.baseError) console.log(`N=${r.n} baseline: ${r.baseError}`);
    if (r.oursError) console.log(`N=${r.n} Birlik: ${r.oursError}`);
  }

  const json = {
    bench: 'fanout',
    rows: results.map((r) => {
      const o = r.ours;
      return {
        members: r.n,
        deliveriesPerSec: round(o?.deliveriesPerSec, 0),
        cpuUsPerDelivery: round(o?.cpuUsPerDelivery, 2),
        baselineCpuUsPerDelivery: round(r.base?.cpuUsPerDelivery, 2),
        ratio: o && r.base ? round(r.base.cpuUsPerDelivery / o.cpuUsPerDelivery, 2) : null,
        p50Ms: round(o?.p50Ms, 1),
        p99Ms: round(o?.p99Ms, 1),
        ackP99Ms: round(o?.ackP99Ms, 1),
        rssMb: round(o?.rssMb, 1),
        heapKbPerConnection: round(o?.kbPerConnection, 1),
        ...(r.oursError ? { error: r.oursError.split('\n')[0] } : {}),
      };
    }),
  };
  console.log(JSON.stringify(json));
  return failures.length ? 1 : 0;
}

runMain(main);
