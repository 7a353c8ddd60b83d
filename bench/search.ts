/**
 * npm run bench:search — search across scripts on PostgreSQL, 200,000 seeded multilingual messages.
 *
 * A fresh database; the built server (`node dist/src/main.js`, APP_ROLE=api) runs the migrations and the
 * directory seed; then channels, users and messages are seeded by SQL: the `messages` rows and their
 * `search_docs` rows (text_key = searchTokens(body), exactly what SearchService.index stores; the trigger
 * fills search_fts). The corpus (bench/search-corpus.ts) is generated from word lists in ten languages and
 * scripts with a fixed seed, with planted messages that name places in several scripts and spellings.
 *
 * Measured:
 *  - cross-script recall on the labelled query set: the share of the planted messages a query must find
 *    that come back in its first 100 results (GET /api/v1/search?limit=100), summed over the queries;
 *  - latency of 1,000 mixed queries through the HTTP API (sequential: one request in flight; time from
 *    request to parsed JSON body, limit 20 — the API default), p50 and p99;
 *  - the same 1,000 queries' SQL sent directly with pg (the search statement of SearchService alone),
 *    to tell the SQL from the HTTP/auth/hydration time;
 *  - baseline, same run, same database: `body ILIKE '%q%'` on the unfolded messages.body over the same
 *    channels, newest first, limit 100 (one statement per search, directly with pg): p50 latency and its
 *    recall on the labelled set.
 *
 * Environment: BENCH_MESSAGES (200000), BENCH_QUERIES (1000), BENCH_ILIKE_QUERIES (all of BENCH_QUERIES),
 * BENCH_EXPLAIN=1 prints EXPLAIN (ANALYZE, BUFFERS) of the slowest search statements,
 * TEST_PG_URL, TEST_REDIS_URL. The last line printed is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import Redis from 'ioredis';
import { Client } from 'pg';
import { searchQueryTokens, searchTokens } from '@lib/text';
import { CONCEPTS, generateMessages, labelledQueries, latencyQueries, matchesQuery, vocabulary, type LabelledQuery, type TimedQuery } from './search-corpus';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1_000);
const ILIKE_QUERIES = Math.min(QUERIES, Number(process.env.BENCH_ILIKE_QUERIES ?? QUERIES));
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const PG_ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(32).toString('hex');
const ROOT = join(__dirname, '..');
const BATCH = 2_000;
const CHANNELS = 8;
const USERS_PER_LANGUAGE = 6;
const PER_CONCEPT = 40;
const PER_PAIR = 15;
const WARMUP = 50;
const REQUEST_TIMEOUT_MS = 15_000;
const SEED = 20261129;

// ---- helpers --------------------------------------------------------------------------------------------

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
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what}`);
}

/** Nearest-rank percentile. */
function pct(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const pad = (s: string | number, n: number) => String(s).padStart(n);
const padEnd = (s: string | number, n: number) => String(s).padEnd(n);

function uuid7ish(i: number): string {
  // Readable, unique, 36 characters: the index in the last group.
  const h = randomUUID();
  return `${h.slice(0, 24)}${i.toString(16).padStart(12, '0')}`;
}

/** The tsquery SearchService builds: every word whole, the last as a prefix. */
function tsqueryOf(q: string): string | null {
  const tokens = searchQueryTokens(q).slice(0, 12);
  if (!tokens.length) return null;
  return tokens.map((t, i) => `'${t}'${i === tokens.length - 1 ? ':*' : ''}`).join(' & ');
}

const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

// ---- main -----------------------------------------------------------------------------------------------

let cleanup: (() => Promise<void>) | null = null;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

void main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err);
    process.exit(1);
  },
);

async function main(): Promise<number> {
  const id = randomBytes(4).toString('hex');
  const dbName = `birlik_bench_search_${id}`;
  const prefix = `bench:search:${id}`;
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const dbUrl = new URL(PG_ADMIN);
  dbUrl.pathname = `/${dbName}`;
  let server: ChildProcess | undefined;
  const db = new Client({ connectionString: dbUrl.toString() });
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let cleaning: Promise<void> | null = null;
  // One cleanup, awaited by whoever comes first (the end of main, an error, a signal).
  cleanup = () => (cleaning ??= cleanupOnce());
  const cleanupOnce = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await Promise.race([new Promise((r) => server!.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    await db.end().catch(() => undefined);
    try {
      await redis.connect().catch(() => undefined);
      let cursor = '0';
      for (let guard = 0; guard < 10_000; guard++) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
        if (cursor === '0') break;
      }
    } catch {
      // Redis gone: nothing to clean.
    }
    redis.disconnect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: unknown) => console.error(`could not drop ${dbName}: ${String(e)}`));
    await admin.end().catch(() => undefined);
  };
  try {
    const t0 = performance.now();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const port = await freePort();
    server = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, APP_ROLE: 'api', PORT: String(port), DATABASE_URL: dbUrl.toString(), REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET: SECRET, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200, 90_000, 'server ready');
    await db.connect();

    // ---- corpus -------------------------------------------------------------------------------------
    const vocab = vocabulary();
    const corpus = generateMessages(vocab, { messages: MESSAGES, perConcept: PER_CONCEPT, perPair: PER_PAIR, seed: SEED });
    const labelled = labelledQueries();
    // Sanity: the planted forms of a supported concept must meet every one of its queries under the
    // service's matching rule (folded words, last one a prefix); a known limit must not.
    for (const c of CONCEPTS) {
      for (const q of c.queries) {
        const misses = c.forms.filter((f) => !matchesQuery(searchTokens(f), q));
        if (!c.knownLimit && misses.length) throw new Error(`labelled set is wrong: ${q} does not fold to meet ${misses.join(', ')}`);
      }
    }

    // ---- seed: channels, users, the reader and its session ------------------------------------------
    const now = Date.now();
    const channels = Array.from({ length: CHANNELS }, (_, i) => ({ id: randomUUID(), kind: i % 2 ? 'forum' : 'topic', name: `Bench search ${i + 1}`, seq: 0 }));
    for (const c of channels) {
      await db.query(`insert into channels (id, created_at, kind, name, description, visibility, country_code, system_key, created_by_id, last_seq, version) values ($1, now(), $2, $3, null, 'public', null, null, null, 0, 0)`, [c.id, c.kind, c.name]);
    }
    const authors = new Map<string, { id: string; country: string }[]>();
    const userRows: unknown[][] = [];
    for (const l of vocab.languages) {
      const list = Array.from({ length: USERS_PER_LANGUAGE }, (_, k) => ({ id: randomUUID(), country: l.country, name: `${l.name} official ${k + 1}` }));
      authors.set(l.code, list);
      for (const u of list) userRows.push([u.id, `${l.code}-${u.id.slice(0, 8)}@bench.test`, u.name, u.country]);
    }
    const readerId = randomUUID();
    userRows.push([readerId, 'reader@bench.test', 'Bench reader', 'TR']);
    for (const [uid, email, name, country] of userRows) {
      await db.query(
        `insert into users (id, created_at, email, password_hash, display_name, role, member_id, country_code, locale, time_zone, deactivated, notification_prefs, search_text, name_key, updated_at)
         values ($1, now(), $2, 'x', $3, 'official', null, $4, 'tr', 'Europe/Istanbul', false, '{"email":"off","quietHours":null,"mutedChannelIds":[]}'::jsonb, $5, $6, now())`,
        [uid, email, name, country, String(name).toLowerCase(), String(name).toLowerCase()],
      );
    }
    for (const c of channels) {
      await db.query(`insert into channel_members (id, created_at, channel_id, user_id, role, last_read_seq) values ($1, now(), $2, $3, 'member', 0)`, [randomUUID(), c.id, readerId]);
    }
    const sid = randomUUID();
    await db.query(`insert into sessions (id, created_at, user_id) values ($1, now(), $2)`, [sid, readerId]);
    const token = new JwtService({ secret: SECRET }).sign({ sub: readerId, sid }, { expiresIn: 6 * 3600, algorithm: 'HS256' });

    // ---- seed: messages and their search_docs, 2,000 rows per statement ------------------------------
    const tSeed = performance.now();
    const span = 200 * 24 * 3600 * 1000;
    const conceptIds = new Map<string, Set<string>>(CONCEPTS.map((c) => [c.key, new Set()]));
    const clientSeq = new Map<string, number>();
    const rnd = ((seed) => () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 4294967296))(SEED);
    const rows = corpus.map((m, i) => {
      const channel = channels[Math.floor(rnd() * channels.length)];
      const list = authors.get(m.lang)!;
      const author = list[Math.floor(rnd() * list.length)];
      const n = (clientSeq.get(author.id) ?? 0) + 1;
      clientSeq.set(author.id, n);
      const mid = uuid7ish(i);
      for (const k of m.concepts) conceptIds.get(k)!.add(mid);
      channel.seq += 1;
      return { id: mid, createdAt: new Date(now - span + Math.floor((i / corpus.length) * span)), channelId: channel.id, seq: channel.seq, authorId: author.id, country: author.country, clientId: `bench-${n}`, body: m.body };
    });
    for (const [k, ids] of conceptIds) if (ids.size > 100) throw new Error(`concept ${k} has ${ids.size} messages: more than the limit of 100`);
    let textChars = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const mv: unknown[] = [];
      const mRows = batch.map((m, k) => {
        mv.push(m.id, m.createdAt, m.channelId, m.seq, m.authorId, m.clientId, m.body);
        const o = k * 7;
        // version = seq: every message was the channel's last change when it was written.
        return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, null, null, null, '[]', '[]', 0, null)`;
      });
      const dv: unknown[] = [];
      const dRows = batch.map((m, k) => {
        const key = searchTokens(m.body).join(' ');
        textChars += m.body.length;
        dv.push(randomUUID(), m.id, m.channelId, m.country, m.createdAt, key);
        const o = k * 6;
        return `($${o + 1}, 'message', $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6})`;
      });
      await db.query('begin');
      await db.query(
        `insert into messages (id, created_at, channel_id, seq, version, author_id, client_id, body, thread_id, edited_at, deleted_at, mentions, reactions, reply_count, last_reply_at) values ${mRows.join(',')}`,
        mv,
      );
      await db.query(`insert into search_docs (id, kind, ref_id, channel_id, country_code, created_at, text_key) values ${dRows.join(',')}`, dv);
      await db.query('commit');
      if ((i / BATCH) % 20 === 19) console.error(`seeded ${i + batch.length} messages (${r1((performance.now() - tSeed) / 1000)} s)`);
    }
    for (const c of channels) await db.query(`update channels set last_seq = $2, version = $2 where id = $1`, [c.id, c.seq]);
    const seedInsertS = (performance.now() - tSeed) / 1000;
    // What autovacuum would do soon after a bulk load: flush the GIN pending list, fresh statistics.
    await db.query('vacuum analyze messages');
    await db.query('vacuum analyze search_docs');
    await db.query('vacuum analyze search_fts');
    const seedS = (performance.now() - tSeed) / 1000;
    const counts = (await db.query(`select (select count(*) from messages) as m, (select count(*) from search_docs) as d, (select count(*) from search_fts) as f,
      pg_size_pretty(pg_total_relation_size('search_fts')) as fts_size, pg_size_pretty(pg_relation_size('search_fts_tsv_index')) as gin_size`)).rows[0];
    if (Number(counts.m) !== MESSAGES || Number(counts.f) !== MESSAGES) throw new Error(`seeded ${counts.m} messages, ${counts.f} fts rows`);

    // The channels the reader may read, as SearchService computes them (the baseline searches the same).
    const readable: string[] = (
      await db.query(`select id from channels where visibility = 'public' and kind <> 'direct' union select channel_id as id from channel_members where user_id = $1`, [readerId])
    ).rows.map((r: { id: string }) => r.id);

    // ---- HTTP search ---------------------------------------------------------------------------------
    const search = async (q: string, limit: number): Promise<{ ms: number; ids: string[] }> => {
      const url = `${base}/api/v1/search?q=${encodeURIComponent(q)}&limit=${limit}`;
      const s = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = (await res.json()) as { id: string }[] | { message?: string };
      const ms = performance.now() - s;
      if (res.status !== 200 || !Array.isArray(body)) throw new Error(`GET /search?q=${q} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return { ms, ids: body.map((h) => h.id) };
    };
    const ilike = async (q: string): Promise<{ ms: number; ids: string[] }> => {
      const s = performance.now();
      const res = await db.query(
        `select id from messages where channel_id = any($1::varchar[]) and deleted_at is null and body ilike $2 order by created_at desc limit 100`,
        [readable, `%${likeEscape(q)}%`],
      );
      return { ms: performance.now() - s, ids: res.rows.map((r: { id: string }) => r.id) };
    };
    const channelList = readable.map((_, i) => `$${i + 2}`).join(',');
    const searchSql = `select d.kind, d.ref_id from search_fts f join search_docs d on d.id = f.doc_id, to_tsquery('simple', $1) q
      where f.tsv @@ q and d.channel_id in (${channelList}) order by ts_rank(f.tsv, q) desc, d.created_at desc limit $${readable.length + 2}`;
    const sqlSearch = async (q: string, limit: number): Promise<{ ms: number; rows: number }> => {
      const tsq = tsqueryOf(q)!;
      const s = performance.now();
      const res = await db.query(searchSql, [tsq, ...readable, limit]);
      return { ms: performance.now() - s, rows: res.rowCount ?? 0 };
    };

    const timed = latencyQueries(vocab, QUERIES, SEED + 1).filter((x) => tsqueryOf(x.q));
    for (let i = 0; i < WARMUP; i++) await search(timed[i % timed.length].q, 20);

    // ---- labelled recall ---------------------------------------------------------------------------
    type Recall = { q: LabelledQuery; expected: number; found: number; returned: number; ilikeFound: number };
    const recalls: Recall[] = [];
    for (const lq of labelled) {
      const expected = [...conceptIds.get(lq.concepts[0])!].filter((mid) => lq.concepts.every((k) => conceptIds.get(k)!.has(mid)));
      const got = new Set((await search(lq.q, 100)).ids);
      const lk = new Set((await ilike(lq.q)).ids);
      recalls.push({ q: lq, expected: expected.length, found: expected.filter((x) => got.has(x)).length, returned: got.size, ilikeFound: expected.filter((x) => lk.has(x)).length });
    }
    const sum = (xs: Recall[], f: (r: Recall) => number) => xs.reduce((s, r) => s + f(r), 0);
    const supported = recalls.filter((r) => !r.q.knownLimit);
    const limits = recalls.filter((r) => r.q.knownLimit);
    const recall = sum(supported, (r) => r.found) / sum(supported, (r) => r.expected);
    const ilikeRecall = sum(supported, (r) => r.ilikeFound) / sum(supported, (r) => r.expected);
    const limitsRecall = limits.length ? sum(limits, (r) => r.found) / sum(limits, (r) => r.expected) : NaN;

    // ---- latency: 1,000 queries through HTTP, sequential ------------------------------------------
    const httpMs: number[] = [];
    const hitCounts: number[] = [];
    const tHttp = performance.now();
    for (const x of timed) {
      const res = await search(x.q, 20);
      httpMs.push(res.ms);
      hitCounts.push(res.ids.length);
    }
    const httpWallS = (performance.now() - tHttp) / 1000;
    // The search statement alone, same queries, directly with pg.
    const sqlMs: number[] = [];
    for (const x of timed) sqlMs.push((await sqlSearch(x.q, 20)).ms);
    // Baseline: ILIKE on the unfolded body.
    const ilikeMs: number[] = [];
    for (const x of timed.slice(0, ILIKE_QUERIES)) ilikeMs.push((await ilike(x.q)).ms);
    const matchCount = async (q: string) => Number((await db.query(`select count(*) as n from search_fts where tsv @@ to_tsquery('simple', $1)`, [tsqueryOf(q)])).rows[0].n);

    // ---- report ------------------------------------------------------------------------------------
    const load = (await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ');
    console.log('');
    console.log(`search benchmark: ${MESSAGES.toLocaleString('en')} messages in ${CHANNELS} public channels (${vocab.languages.length} languages, ${r1(textChars / MESSAGES)} chars/message), PostgreSQL`);
    console.log(`seed: ${r1(seedInsertS)} s inserts + ${r1(seedS - seedInsertS)} s vacuum analyze; search_fts ${counts.fts_size} (GIN ${counts.gin_size}); ${vocab.dropped.length} filler words dropped for meeting a labelled query`);
    console.log(`load average at the end: ${load} (2 cores, shared machine)`);
    console.log('');
    console.log('labelled cross-script queries (expected = planted messages; found in the first 100 results):');
    console.log(`  ${padEnd('query', 26)} ${pad('expected', 8)} ${pad('found', 6)} ${pad('returned', 8)} ${pad('ILIKE', 6)}`);
    for (const r of recalls) {
      const mark = r.q.knownLimit ? '  (known limit)' : r.found < r.expected ? '  <- missed' : '';
      console.log(`  ${padEnd(r.q.q, 26)} ${pad(r.expected, 8)} ${pad(r.found, 6)} ${pad(r.returned, 8)} ${pad(r.ilikeFound, 6)}${mark}`);
    }
    console.log(`  recall over ${supported.length} queries: search ${r3(recall)}, ILIKE ${r3(ilikeRecall)}; documented limits (${limits.length} queries, not counted): search ${r3(limitsRecall)}`);
    console.log('');
    const kinds: TimedQuery['kind'][] = ['word', 'two-words', 'prefix', 'place', 'labelled'];
    console.log(`latency, ${timed.length} queries, sequential (1 in flight), limit 20, after ${WARMUP} warm-up queries:`);
    console.log(`  ${padEnd('', 22)} ${pad('n', 5)} ${pad('p50 ms', 8)} ${pad('p90 ms', 8)} ${pad('p99 ms', 8)} ${pad('max ms', 8)}`);
    const line = (label: string, xs: number[]) => console.log(`  ${padEnd(label, 22)} ${pad(xs.length, 5)} ${pad(r1(pct(xs, 50)), 8)} ${pad(r1(pct(xs, 90)), 8)} ${pad(r1(pct(xs, 99)), 8)} ${pad(r1(Math.max(...xs)), 8)}`);
    line('HTTP GET /search', httpMs);
    for (const k of kinds) line(`  ${k}`, httpMs.filter((_, i) => timed[i].kind === k));
    for (const s of ['latin', 'cyrillic', 'arabic'] as const) line(`  ${s}`, httpMs.filter((_, i) => timed[i].script === s));
    line('search SQL alone (pg)', sqlMs);
    line('ILIKE baseline (pg)', ilikeMs);
    console.log(`  HTTP throughput ${r1(timed.length / httpWallS)} searches/s; mean hits per query ${r1(hitCounts.reduce((a, b) => a + b, 0) / hitCounts.length)}`);
    const order = httpMs.map((ms, i) => ({ ms, i })).sort((a, b) => b.ms - a.ms);
    console.log('  slowest over HTTP (matching docs | SQL alone):');
    for (const { ms, i } of order.slice(0, 8)) console.log(`    ${pad(r1(ms), 7)} ms  ${padEnd(JSON.stringify(timed[i].q), 28)} ${padEnd(timed[i].kind, 10)} ${pad(await matchCount(timed[i].q), 7)} | ${r1(sqlMs[i])} ms`);
    if (EXPLAIN) {
      const sqlOrder = sqlMs.map((ms, i) => ({ ms, i })).sort((a, b) => b.ms - a.ms);
      for (const { i } of sqlOrder.slice(0, 3)) {
        console.log(`\nEXPLAIN (ANALYZE, BUFFERS) for ${JSON.stringify(timed[i].q)} -> ${tsqueryOf(timed[i].q)}`);
        const plan = await db.query(`explain (analyze, buffers) ${searchSql}`, [tsqueryOf(timed[i].q), ...readable, 20]);
        for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
      }
    }
    console.log(`\ntotal ${r1((performance.now() - t0) / 1000)} s`);
    const result = {
      bench: 'search',
      messages: MESSAGES,
      p50Ms: r1(pct(httpMs, 50)),
      p99Ms: r1(pct(httpMs, 99)),
      ilikeP50Ms: r1(pct(ilikeMs, 50)),
      recallCrossScript: r3(recall),
      ilikeRecallCrossScript: r3(ilikeRecall),
    };
    console.log(JSON.stringify(result));
    return 0;
  } finally {
    await cleanup();
  }
}
