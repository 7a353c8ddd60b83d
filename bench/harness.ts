/**
 * The measurement both benchmarks share: one load-generator child holding the receiving connections (in
 * groups, one group per server URL), one sender child posting `message:send` with an ack at a fixed rate,
 * a warm-up run that must be acknowledged and delivered, then the measured run with the CPU time of the
 * given server processes read from /proc around it.
 */
import { cpus } from 'node:os';
import { Child, allProcCpu, cpuByProcess, cpuSnapshot, machineCpu, procRssKb, sleep, type CpuSnapshot } from './lib';

export class NotAnswering extends Error {}

export interface Group {
  url: string;
  count: number;
  tokens?: string[] | null;
}

export interface MeasureOptions {
  label: string;
  groups: Group[];
  senderUrl: string;
  senderToken: string | null;
  channelId: string;
  /** names of other processes that belong to the measured system (redis-server, postgres), not counted as foreign load */
  benchProcessNames?: string[];
  /** processes whose CPU time is charged to the deliveries (the server or servers) */
  cpuPids: number[];
  /** other processes whose CPU is reported beside (e.g. Redis) */
  extraCpuPids?: Record<string, number>;
  /** the process whose RSS is measured (before/after connecting the receivers, and at the end) */
  rssPid: number | null;
  rate: number;
  durationS: number;
  warmupS: number;
  concurrency: number;
  /** longest time to connect all receivers */
  connectTimeoutS: number;
  /** longest time to wait for the machine to be idle before the measurement */
  waitQuietS: number;
  /** how many times to measure again when other processes disturbed the run */
  retriesIfDisturbed: number;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface Measured {
  connected: number;
  connectFailed: number;
  connectErrors: string[];
  connectMs: number;
  /** other events (presence, …) the receivers got while connecting, and during the measured run */
  connectEvents: Record<string, number>;
  runEvents: Record<string, number>;
  /** the machine's busy CPU (% of one core) just before the run, and whether it ever fell under the threshold */
  machineBusyBeforePct: number;
  sent: number;
  acked: number;
  ackErrors: string[];
  ackTimeouts: number;
  lateSends: number;
  expected: number;
  received: number;
  duplicates: number;
  outOfOrder: number;
  disconnects: number;
  deliveriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  groups: LatencySummary[];
  ackP50Ms: number;
  ackP99Ms: number;
  /** /proc/<pid>/stat utime+stime of cpuPids ÷ deliveries (10 ms resolution) */
  cpuUsPerDelivery: number;
  /** the same from per-thread schedstat (ns resolution) */
  schedCpuUsPerDelivery: number;
  /** schedstat CPU of each extraCpuPids process ÷ deliveries */
  extraCpuUsPerDelivery: Record<string, number>;
  serverCpuPct: number;
  /** the server(s) with the N members connected and nothing sent, % of one core (schedstat over idleS) */
  idleServerCpuPct: number;
  /** cpuUsPerDelivery minus the idle CPU the server(s) would have used anyway over the window (schedstat) */
  netCpuUsPerDelivery: number;
  /** the processes that used most CPU during the measured window */
  topProcesses: string[];
  /** CPU of processes outside the benchmark during the window, % of one core */
  foreignCpuPct: number;
  /** measured runs made (1 + those repeated because of other processes) */
  attempts: number;
  loadgenCpuPct: number;
  /** every process of the machine during the measured window, in % of one core (2 cores = 200%) */
  machineCpuPct: number;
  /** the measured window (first send → last delivery) on CLOCK_MONOTONIC, ms */
  windowStartMs: number;
  windowEndMs: number;
  rssMb: number;
  idleRssMb: number;
  kbPerConnection: number;
}

interface WaitResult {
  expected: number;
  received: number;
  duplicates: number;
  outOfOrder: number;
  disconnects: number;
  disconnectReasons: string[];
  firstRecvMs: number;
  lastRecvMs: number;
  latency: LatencySummary;
  groups: LatencySummary[];
  otherEvents: Record<string, number>;
  loadgenCpuUs: number;
  loadgenWallMs: number;
}

interface SendResult {
  sent: number;
  acked: number;
  ackTimeouts: number;
  ackErrors: string[];
  late: number;
  firstSendMs: number;
  lastSendMs: number;
  ack: LatencySummary;
  connected: boolean;
}

async function rssSettled(pid: number, ms: number): Promise<number> {
  // a few samples after a pause; the smallest is the least disturbed by transient allocations
  await sleep(ms);
  const xs: number[] = [];
  for (let i = 0; i < 5; i++) {
    xs.push(procRssKb(pid));
    await sleep(200);
  }
  return Math.min(...xs);
}

let runSeq = 0;

/** Waits (at most `limitS`) until the whole machine is under `thresholdPct` busy over one second; returns the last reading. */
export async function waitForQuietMachine(limitS: number, thresholdPct = 30): Promise<number> {
  const deadline = Date.now() + limitS * 1000;
  let pct = NaN;
  do {
    const a = machineCpu();
    await sleep(1000);
    const b = machineCpu();
    pct = ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * cpus().length * 100;
    if (pct < thresholdPct) break;
  } while (Date.now() < deadline);
  return pct;
}

export async function measure(o: MeasureOptions): Promise<Measured> {
  const total = o.groups.reduce((s, g) => s + g.count, 0);
  const receivers = new Child(`load generator (${o.label})`, 'clients', { CLIENT_ROLE: 'receivers' });
  const sender = new Child(`sender (${o.label})`, 'clients', { CLIENT_ROLE: 'sender' });
  try {
    await Promise.all([receivers.ready(30000), sender.ready(30000)]);
    await sender.request('connect', { url: o.senderUrl, token: o.senderToken, timeoutMs: 20000 }, 30000).catch((e: Error) => {
      throw new NotAnswering(`the sender could not connect to ${o.label} over Socket.IO: ${e.message}`);
    });

    const rssBefore = o.rssPid ? await rssSettled(o.rssPid, 1000) : NaN;
    const conn = await receivers.request<{ connected: number; failed: number; errors: string[]; ms: number }>(
      'connect',
      { groups: o.groups, concurrency: o.concurrency, timeoutMs: 20000, totalTimeoutMs: o.connectTimeoutS * 1000 },
      o.connectTimeoutS * 1000 + 60000,
    );
    if (conn.connected === 0) throw new NotAnswering(`no receiver could connect to ${o.label}: ${conn.errors.join('; ')}`);
    // what the connections caused (e.g. presence broadcasts) has to be over before anything is measured
    const settle = await receivers.request<{ quiet: boolean; ms: number; events: Record<string, number> }>(
      'quiesce',
      { quietMs: 2000, timeoutMs: 300000 },
      310000,
    );
    const rssAfter = o.rssPid ? await rssSettled(o.rssPid, 2000) : NaN;

    // idle cost: the server(s) with everyone connected and nothing sent
    const idleS = 5;
    const i0 = cpuSnapshot(o.cpuPids);
    await sleep(idleS * 1000);
    const i1 = cpuSnapshot(o.cpuPids);
    const idleServerCpuPct = ((i1.schedUs - i0.schedUs) / 1e6 / idleS) * 100;

    const extraPids = Object.entries(o.extraCpuPids ?? {});
    const run = async (runId: string, count: number) => {
      await receivers.request('arm', { runId, perClient: count }, 10000);
      const cpu0 = cpuSnapshot(o.cpuPids);
      const extra0 = extraPids.map(([, pid]) => cpuSnapshot([pid]));
      const mach0 = machineCpu();
      const procs0 = allProcCpu();
      const wall0 = Date.now();
      const send = await sender.request<SendResult>(
        'send',
        { runId, channelId: o.channelId, count, rate: o.rate, ackTimeoutMs: 10000, timeLimitMs: (count / o.rate) * 1000 + 30000 },
        (count / o.rate) * 1000 + 40000,
      );
      const wait = await receivers.request<WaitResult>('wait', { timeoutMs: 60000, idleTimeoutMs: 5000 }, 70000);
      const cpu1 = cpuSnapshot(o.cpuPids);
      const extra1 = extraPids.map(([, pid]) => cpuSnapshot([pid]));
      const mach1 = machineCpu();
      const procs1 = allProcCpu();
      const wall1 = Date.now();
      const labels: Record<number, string> = { [receivers.pid]: 'load generator', [sender.pid]: 'sender' };
      o.cpuPids.forEach((pid, i) => (labels[pid] = o.cpuPids.length > 1 ? `server ${String.fromCharCode(65 + i)}` : 'server'));
      const machinePct = ((mach1.busy - mach0.busy) / Math.max(1, mach1.total - mach0.total)) * cpus().length * 100;
      const tasksPct = ((mach1.tasks - mach0.tasks) / Math.max(1, mach1.total - mach0.total)) * cpus().length * 100;
      const byProc = cpuByProcess(procs0, procs1, wall1 - wall0, labels);
      const top = byProc.slice(0, 6).map(([k, v]) => `${k} ${Math.round(v)}%`);
      // processes that are not part of the benchmark (another job on the machine) disturb the figures
      const ours = new Set(['load generator', 'sender', 'kdamond.0', 'process_api', ...(o.benchProcessNames ?? []), ...Object.values(labels)]);
      const seenPct = byProc.reduce((acc, [, v]) => acc + v, 0);
      // processes that started and ended inside the window are in no reading: count what the machine used beyond
      // every process seen (less 10% of a core of slack) as foreign too
      const foreign =
        byProc.filter(([k]) => !ours.has(k)).reduce((acc, [, v]) => acc + v, 0) + Math.max(0, tasksPct - seenPct - 10);
      return { send, wait, cpu0, cpu1, extra0, extra1, wall0, wall1, machinePct, top, foreign };
    };

    const tag = `${process.pid}x${++runSeq}`;
    const warmCount = Math.max(1, Math.round(o.warmupS * o.rate));
    const warm = await run(`w${tag}`, warmCount);
    if (warm.send.acked === 0) {
      const why = warm.send.ackErrors.length
        ? `error acks: ${warm.send.ackErrors.join('; ')}`
        : `${warm.send.ackTimeouts} of ${warm.send.sent} sends got no ack within 10 s`;
      throw new NotAnswering(`${o.label} does not answer message:send (${why})`);
    }
    if (warm.wait.received === 0) throw new NotAnswering(`${o.label} acks message:send but no receiver got message:new`);

    // Another job on the machine disturbs the figures: wait for quiet, and measure again (a bounded number of
    // times) when processes outside the benchmark used a fifth of a core or more during the run.
    const count = Math.max(1, Math.round(o.durationS * o.rate));
    let machineBusyBeforePct = NaN;
    let m!: Awaited<ReturnType<typeof run>>;
    let attempts = 0;
    do {
      attempts++;
      machineBusyBeforePct = await waitForQuietMachine(o.waitQuietS);
      m = await run(`m${tag}a${attempts}`, count);
      if (m.foreign < 20) break;
      if (attempts <= o.retriesIfDisturbed) {
        console.log(`    (${o.label}: other processes used ${Math.round(m.foreign)}% of a core during the run; measuring again)`);
      }
    } while (attempts <= o.retriesIfDisturbed);
    const rssEnd = o.rssPid ? procRssKb(o.rssPid) : NaN;
    const w = m.wait;
    const deliveries = w.received;
    const windowMs = Math.max((count / o.rate) * 1000, (w.lastRecvMs || 0) - m.send.firstSendMs);
    const wallS = (m.wall1 - m.wall0) / 1000;
    const d = (a: CpuSnapshot, b: CpuSnapshot) => ({ stat: b.statUs - a.statUs, sched: b.schedUs - a.schedUs });
    const cpu = d(m.cpu0, m.cpu1);
    return {
      connected: conn.connected,
      connectFailed: conn.failed + (total - conn.connected - conn.failed),
      connectErrors: conn.errors,
      connectMs: conn.ms,
      connectEvents: settle.events,
      runEvents: w.otherEvents,
      machineBusyBeforePct,
      sent: m.send.sent,
      acked: m.send.acked,
      ackErrors: m.send.ackErrors,
      ackTimeouts: m.send.ackTimeouts,
      lateSends: m.send.late,
      expected: w.expected,
      received: deliveries,
      duplicates: w.duplicates,
      outOfOrder: w.outOfOrder,
      disconnects: w.disconnects,
      deliveriesPerSec: deliveries / (windowMs / 1000),
      p50Ms: w.latency.p50,
      p99Ms: w.latency.p99,
      maxMs: w.latency.max,
      groups: w.groups,
      ackP50Ms: m.send.ack.p50,
      ackP99Ms: m.send.ack.p99,
      cpuUsPerDelivery: cpu.stat / deliveries,
      schedCpuUsPerDelivery: cpu.sched / deliveries,
      extraCpuUsPerDelivery: Object.fromEntries(extraPids.map(([k], i) => [k, d(m.extra0[i], m.extra1[i]).sched / deliveries])),
      serverCpuPct: (cpu.sched / 1e6 / wallS) * 100,
      idleServerCpuPct,
      netCpuUsPerDelivery: (cpu.sched - (idleServerCpuPct / 100) * wallS * 1e6) / deliveries,
      topProcesses: m.top,
      foreignCpuPct: m.foreign,
      attempts,
      loadgenCpuPct: (w.loadgenCpuUs / 1e3 / w.loadgenWallMs) * 100,
      machineCpuPct: m.machinePct,
      windowStartMs: m.send.firstSendMs,
      windowEndMs: w.lastRecvMs,
      rssMb: rssEnd / 1024,
      idleRssMb: rssBefore / 1024,
      kbPerConnection: (rssAfter - rssBefore) / conn.connected,
    };
  } finally {
    await Promise.allSettled([
      receivers.request('close', {}, 15000).catch(() => undefined),
      sender.request('close', {}, 5000).catch(() => undefined),
    ]);
    await Promise.all([receivers.stop(), sender.stop()]);
  }
}

/** Lines of problems worth a warning (missing deliveries, failed connections, error acks…). */
export function problems(m: Measured): string[] {
  const p: string[] = [];
  if (m.connectFailed) p.push(`${m.connectFailed} connections failed (${m.connectErrors.join('; ')})`);
  if (m.received < m.expected) p.push(`${m.expected - m.received} of ${m.expected} deliveries missing`);
  if (m.acked < m.sent) p.push(`${m.sent - m.acked} of ${m.sent} sends not acked ok (${m.ackTimeouts} timeouts; ${m.ackErrors.join('; ')})`);
  if (m.duplicates) p.push(`${m.duplicates} duplicate deliveries`);
  if (m.outOfOrder) p.push(`${m.outOfOrder} out-of-seq-order deliveries`);
  if (m.disconnects) p.push(`${m.disconnects} disconnects`);
  if (m.lateSends) p.push(`${m.lateSends} sends >20 ms behind schedule`);
  if (m.attempts > 1) p.push(`measured ${m.attempts} times because other processes disturbed the run; the last is reported`);
  if (m.foreignCpuPct >= 20) p.push(`processes outside the benchmark used ${Math.round(m.foreignCpuPct)}% of a core during the measured run: figures disturbed`);
  if (m.machineBusyBeforePct >= 30) p.push(`the machine was busy (${Math.round(m.machineBusyBeforePct)}% of a core) before the measured run`);
  const ev = (e: Record<string, number>) => Object.entries(e).map(([k, v]) => `${k} ×${v}`).join(', ');
  if (Object.keys(m.connectEvents).length) p.push(`while connecting, the receivers got ${ev(m.connectEvents)}`);
  if (Object.keys(m.runEvents).length) p.push(`during the measured run, the receivers also got ${ev(m.runEvents)}`);
  return p;
}
