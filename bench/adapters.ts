/**
 * Socket.IO Redis adapter comparison (issue 3, deliverable 5): `npm run bench:adapters [-- --clients 1000 --rate 10]`.
 *
 * Two bare Socket.IO 4.8.3 servers (bench/bare-server.ts) share Redis through either
 * `@socket.io/redis-adapter` 8.3.0 (Redis PUB/SUB; ioredis pub + sub clients, as Birlik creates it) or
 * `@socket.io/redis-streams-adapter` 0.3.1 (a Redis stream read with XREAD BLOCK). The receiving clients are
 * split evenly across the two servers; the sender is connected to server A, so the clients on B get every
 * message through Redis. Adapters alternate (redis, streams, redis, streams, …) for --rounds rounds; the
 * reported row per adapter and rate is the median over its rounds.
 *
 * Options: --clients 1000  --rate 10[,50]  --duration 10 (s)  --warmup 2 (s)  --rounds 2  --concurrency 50
 *          --connect-timeout 900 (s)  --wait-quiet 120 (s to wait for an idle machine before each measured run)
 *          --retries 3 (measure again, at most this often, when other processes used ≥20% of a core during the run)
 * Env: BENCH_REDIS_URL (redis://127.0.0.1:6379). The last line printed is one JSON object {"bench":"adapters","rows":[…]}.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import Redis from 'ioredis';
import { measure, problems, type Measured } from './harness';
import { Child, arg, median, numberArg, numberList, onCleanup, round, runMain, table } from './lib';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const clients = numberArg('clients', 1000);
const rates = numberList(arg('rate'), [10]);
const durationS = numberArg('duration', 10);
const warmupS = numberArg('warmup', 2);
const rounds = numberArg('rounds', 2);
const concurrency = numberArg('concurrency', 50);
const connectTimeoutS = numberArg('connect-timeout', 900);
const waitQuietS = numberArg('wait-quiet', 120);
const retries = Math.floor(Number(arg('retries') ?? 3));
const ADAPTERS = ['redis', 'streams'] as const;
type AdapterKind = (typeof ADAPTERS)[number];
const PACKAGE: Record<AdapterKind, string> = {
  redis: '@socket.io/redis-adapter 8.3.0',
  streams: '@socket.io/redis-streams-adapter 0.3.1',
};

const RUN = `${process.pid}-${randomBytes(3).toString('hex')}`;

async function redisPid(): Promise<number | null> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await r.connect();
    const info = await r.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    // only a local Redis can be read from /proc
    return Number.isInteger(pid) && existsSync(`/proc/${pid}/stat`) ? pid : null;
  } catch {
    return null;
  } finally {
    r.disconnect();
  }
}

async function deleteRedisKeys(match: string): Promise<void> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    await r.connect();
    let cursor = '0';
    for (let i = 0; i < 100000; i++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      if (keys.length) await r.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    r.disconnect();
  }
}

async function one(kind: AdapterKind, rate: number, round_: number, rpid: number | null): Promise<Measured> {
  const prefix = `birlik-bench-${RUN}-adapters-${kind}-${rate}-${round_}`;
  onCleanup(() => deleteRedisKeys(`${prefix}*`));
  const room = `channel:${randomUUID()}`;
  const env = { ADAPTER: kind, REDIS_URL, KEY_PREFIX: prefix, ROOM: room };
  const a = new Child(`server A (${kind})`, 'bare-server', env);
  const b = new Child(`server B (${kind})`, 'bare-server', env);
  try {
    const [ra, rb] = await Promise.all([a.ready(30000), b.ready(30000)]);
    const urlA = `http://127.0.0.1:${ra.port as number}`;
    const urlB = `http://127.0.0.1:${rb.port as number}`;
    const half = Math.floor(clients / 2);
    return await measure({
      label: `${kind}, rate ${rate}, round ${round_}`,
      groups: [
        { url: urlA, count: half },
        { url: urlB, count: clients - half },
      ],
      senderUrl: urlA,
      senderToken: null,
      channelId: room,
      cpuPids: [a.pid, b.pid],
      benchProcessNames: ['redis-server'],
      extraCpuPids: rpid ? { redis: rpid } : {},
      rssPid: null,
      rate,
      durationS,
      warmupS,
      concurrency,
      connectTimeoutS,
      waitQuietS,
      retriesIfDisturbed: retries,
    });
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await deleteRedisKeys(`${prefix}*`);
  }
}

function fmt(x: number | null | undefined, d = 1): string | null {
  const r = round(x, d);
  return r === null ? null : String(r);
}

async function main(): Promise<number> {
  const rpid = await redisPid();
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at start`);
  console.log(
    `adapter benchmark: ${clients} clients split over 2 servers, sender on server A; rates ${rates.join(', ')} messages/s; ` +
      `${durationS} s (+${warmupS} s warm-up); ${rounds} rounds alternating; Redis CPU ${rpid ? `read from pid ${rpid}` : 'not readable'}`,
  );
  const runs: Array<{ kind: AdapterKind; rate: number; round: number; m: Measured | null; error: string | null }> = [];
  for (const rate of rates) {
    for (let r = 1; r <= rounds; r++) {
      for (const kind of ADAPTERS) {
        try {
          const m = await one(kind, rate, r, rpid);
          runs.push({ kind, rate, round: r, m, error: null });
          const p = problems(m);
          console.log(
            `  ${kind.padEnd(7)} rate ${rate} round ${r}: ${m.received}/${m.expected} delivered, ${fmt(m.deliveriesPerSec, 0)}/s; ` +
              `p50 ${fmt(m.p50Ms)} ms, p99 ${fmt(m.p99Ms)} ms (clients on B: p50 ${fmt(m.groups[1]?.p50)}, p99 ${fmt(m.groups[1]?.p99)}); ` +
              `servers ${fmt(m.cpuUsPerDelivery, 2)} µs/delivery (schedstat ${fmt(m.schedCpuUsPerDelivery, 2)}), ` +
              `Redis ${fmt(m.extraCpuUsPerDelivery.redis, 2)} µs/delivery; load generator ${fmt(m.loadgenCpuPct, 0)}% CPU, ` +
              `whole machine ${fmt(m.machineCpuPct, 0)}% of ${cpus().length * 100}%; idle servers ${fmt(m.idleServerCpuPct)}%` +
              `\n           top CPU in the window: ${m.topProcesses.join(', ')}` +
              (p.length ? `\n           ! ${p.join('\n           ! ')}` : ''),
          );
        } catch (e) {
          const error = (e as Error).message;
          runs.push({ kind, rate, round: r, m: null, error });
          console.log(`  ${kind} rate ${rate} round ${r}: FAILED: ${error}`);
        }
      }
    }
  }

  const rows = rates.flatMap((rate) =>
    ADAPTERS.map((kind) => {
      const all = runs.filter((x) => x.kind === kind && x.rate === rate && x.m).map((x) => x.m as Measured);
      // rounds that other processes on the machine disturbed count only if there is no clean one
      const clean = all.filter((m) => m.foreignCpuPct < 20);
      const ok = clean.length ? clean : all;
      const med = (f: (m: Measured) => number) => (ok.length ? median(ok.map(f)) : NaN);
      return {
        adapter: PACKAGE[kind],
        clients,
        ratePerSec: rate,
        rounds: ok.length,
        disturbed: clean.length === 0 && all.length > 0,
        deliveriesPerSec: round(med((m) => m.deliveriesPerSec), 0),
        p50Ms: round(med((m) => m.p50Ms), 1),
        p99Ms: round(med((m) => m.p99Ms), 1),
        remoteP50Ms: round(med((m) => m.groups[1]?.p50 ?? NaN), 1),
        remoteP99Ms: round(med((m) => m.groups[1]?.p99 ?? NaN), 1),
        ackP99Ms: round(med((m) => m.ackP99Ms), 1),
        cpuUsPerDelivery: round(med((m) => m.cpuUsPerDelivery), 2),
        schedCpuUsPerDelivery: round(med((m) => m.schedCpuUsPerDelivery), 2),
        redisCpuUsPerDelivery: rpid ? round(med((m) => m.extraCpuUsPerDelivery.redis ?? NaN), 2) : null,
        missing: ok.reduce((s, m) => s + (m.expected - m.received), 0),
      };
    }),
  );
  console.log('');
  console.log(
    table(
      ['adapter', 'rate/s', 'deliveries/s', 'p50 ms', 'p99 ms', 'B p50', 'B p99', 'ack p99', 'CPU µs/deliv', '(schedstat)', 'Redis µs/deliv', 'missing'],
      rows.map((r) => [
        r.adapter, r.ratePerSec, r.deliveriesPerSec, r.p50Ms, r.p99Ms, r.remoteP50Ms, r.remoteP99Ms, r.ackP99Ms,
        r.cpuUsPerDelivery, r.schedCpuUsPerDelivery, r.redisCpuUsPerDelivery, r.missing,
      ]),
    ),
  );
  console.log(
    '\nMedians over the rounds (over the undisturbed ones when there are any). CPU µs/deliv: utime+stime of both servers (/proc/<pid>/stat) over the measured window ÷ deliveries;' +
      ' (schedstat): the same at ns resolution; Redis µs/deliv: redis-server’s CPU (schedstat) ÷ deliveries; B: the clients on the' +
      ' server without the sender (every message crossed Redis).',
  );
  console.log(JSON.stringify({ bench: 'adapters', rows }));
  return runs.some((x) => x.error) ? 1 : 0;
}

runMain(main);
