/**
 * Load generator for the benchmarks (forked child; CLIENT_ROLE selects the role):
 *
 * - `receivers`: holds N socket.io-client connections (one Manager each, websocket only, no reconnection) and
 *   records, for every `message:new` of the armed run, the send→receive latency from the sender's timestamp
 *   embedded in the body (CLOCK_MONOTONIC, shared by every process of the machine).
 * - `sender`: one connection that emits `message:send` with an ack at a fixed rate (open loop: a slow ack
 *   never delays the next send) and records the send→ack latency.
 *
 * Body of a benchmark message: `bench <runId> <index> <sentMs>`.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { nowMs, percentiles, serveRequests, sleep } from './lib';

interface Group {
  url: string;
  count: number;
  tokens?: string[] | null;
}

interface Receiver {
  socket: Socket;
  group: number;
  lastSeq: number;
}

const role = process.env.CLIENT_ROLE;

function openSocket(url: string, token: string | null | undefined, timeoutMs: number): Promise<Socket> {
  return new Promise((res, rej) => {
    const socket = io(url, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      forceNew: true, // one engine.io connection per client: no multiplexing
      reconnection: false,
      timeout: timeoutMs,
    });
    const timer = setTimeout(() => {
      socket.close();
      rej(new Error('connect timeout'));
    }, timeoutMs + 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      res(socket);
    });
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      socket.close();
      rej(err);
    });
  });
}

function summary(values: Float64Array, n: number) {
  const [p50, p99, max] = percentiles(values, n, [50, 99, 100]);
  return { n, p50, p99, max };
}

// -------------------------------------------------------------------------------------------------------
if (role === 'receivers') {
  const receivers: Receiver[] = [];
  let groupSizes: number[] = [];
  let disconnects = 0;
  const disconnectReasons = new Map<string, number>();

  // state of the armed run
  let runId = '';
  let perClient = 0;
  let expected = 0;
  let received = 0;
  let unexpected = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let seen = new Uint8Array(0);
  let lat: Float64Array[] = [];
  let latN: number[] = [];
  let firstRecv = NaN;
  let lastRecv = NaN;
  let cpuAtArm = process.cpuUsage();
  let armedAt = 0;
  // every event any receiver got (presence, typing, …): counted, and used to wait for quiet before measuring
  let lastEventAt = Date.now();
  let otherEvents = new Map<string, number>();
  const onAny = (event: string) => {
    lastEventAt = Date.now();
    if (event !== 'message:new') otherEvents.set(event, (otherEvents.get(event) ?? 0) + 1);
  };

  const onMessage = (r: number) => (payload: { message?: { body?: string; seq?: number } }) => {
    const t = nowMs();
    const body = payload?.message?.body;
    if (typeof body !== 'string' || !body.startsWith('bench ')) return;
    const parts = body.split(' ');
    if (parts[1] !== runId) return;
    const i = Number(parts[2]);
    const sent = Number(parts[3]);
    if (!(i >= 0 && i < perClient)) {
      unexpected++;
      return;
    }
    const k = r * perClient + i;
    if (seen[k]) {
      duplicates++;
      return;
    }
    seen[k] = 1;
    const rec = receivers[r];
    const seq = Number(payload.message?.seq);
    if (Number.isFinite(seq)) {
      if (seq <= rec.lastSeq) outOfOrder++;
      rec.lastSeq = seq;
    }
    const g = rec.group;
    lat[g][latN[g]++] = t - sent;
    received++;
    if (!(firstRecv <= t)) firstRecv = t;
    lastRecv = t;
  };

  serveRequests({
    async connect(m) {
      const groups = m.groups as Group[];
      const concurrency = Number(m.concurrency ?? 50);
      const timeoutMs = Number(m.timeoutMs ?? 20000);
      const deadline = Date.now() + Number(m.totalTimeoutMs ?? 300000);
      const jobs: Array<{ url: string; token: string | null; group: number }> = [];
      groups.forEach((g, gi) => {
        for (let i = 0; i < g.count; i++) jobs.push({ url: g.url, token: g.tokens?.[i] ?? null, group: gi });
      });
      groupSizes = groups.map((g) => g.count);
      const errors = new Map<string, number>();
      let failed = 0;
      let next = 0;
      const t0 = Date.now();
      const worker = async () => {
        while (next < jobs.length && Date.now() < deadline) {
          const job = jobs[next++];
          try {
            const socket = await openSocket(job.url, job.token, timeoutMs);
            const r = receivers.length;
            receivers.push({ socket, group: job.group, lastSeq: 0 });
            socket.on('message:new', onMessage(r));
            socket.onAny(onAny);
            socket.on('disconnect', (reason: string) => {
              disconnects++;
              disconnectReasons.set(reason, (disconnectReasons.get(reason) ?? 0) + 1);
            });
          } catch (e) {
            failed++;
            const msg = (e as Error)?.message ?? String(e);
            errors.set(msg, (errors.get(msg) ?? 0) + 1);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
      return {
        connected: receivers.length,
        failed,
        notTried: jobs.length - receivers.length - failed,
        errors: [...errors].slice(0, 5).map(([k, v]) => `${k} ×${v}`),
        ms: Date.now() - t0,
      };
    },

    /** Waits until no receiver got any event for `quietMs` (at most `timeoutMs`); answers what arrived meanwhile. */
    async quiesce(m) {
      const quietMs = Number(m.quietMs ?? 2000);
      const deadline = Date.now() + Number(m.timeoutMs ?? 120000);
      const t0 = Date.now();
      while (Date.now() - lastEventAt < quietMs && Date.now() < deadline) await sleep(100);
      const events = Object.fromEntries(otherEvents);
      otherEvents = new Map();
      return { quiet: Date.now() - lastEventAt >= quietMs, ms: Date.now() - t0, events };
    },

    arm(m) {
      runId = String(m.runId);
      perClient = Number(m.perClient);
      expected = receivers.length * perClient;
      received = unexpected = duplicates = outOfOrder = 0;
      seen = new Uint8Array(expected);
      const sizes = groupSizes.map((_, gi) => receivers.filter((r) => r.group === gi).length * perClient);
      lat = sizes.map((s) => new Float64Array(s));
      latN = sizes.map(() => 0);
      firstRecv = lastRecv = NaN;
      cpuAtArm = process.cpuUsage();
      armedAt = nowMs();
      otherEvents = new Map();
      return { expected };
    },

    /** Waits until every expected delivery arrived, or `timeoutMs` passed with no new one. */
    async wait(m) {
      const idleMs = Number(m.idleTimeoutMs ?? 5000);
      const hardDeadline = Date.now() + Number(m.timeoutMs ?? 60000);
      let lastCount = -1;
      let lastChange = Date.now();
      while (received < expected && Date.now() < hardDeadline) {
        if (received !== lastCount) {
          lastCount = received;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > idleMs) break;
        await sleep(20);
      }
      const cpu = process.cpuUsage(cpuAtArm);
      const all = new Float64Array(received);
      let o = 0;
      lat.forEach((a, g) => {
        all.set(a.subarray(0, latN[g]), o);
        o += latN[g];
      });
      return {
        expected,
        received,
        duplicates,
        unexpected,
        outOfOrder,
        disconnects,
        disconnectReasons: [...disconnectReasons].map(([k, v]) => `${k} ×${v}`),
        firstRecvMs: firstRecv,
        lastRecvMs: lastRecv,
        latency: summary(all, received),
        groups: lat.map((a, g) => summary(a, latN[g])),
        otherEvents: Object.fromEntries(otherEvents),
        loadgenCpuUs: cpu.user + cpu.system,
        loadgenWallMs: nowMs() - armedAt,
      };
    },

    async close() {
      for (const r of receivers) r.socket.close();
      receivers.length = 0;
      await sleep(100);
      return { closed: true };
    },
  });
  process.send?.({ type: 'ready' });
}

// -------------------------------------------------------------------------------------------------------
else if (role === 'sender') {
  let socket: Socket | null = null;

  serveRequests({
    async connect(m) {
      const t0 = Date.now();
      socket = await openSocket(String(m.url), (m.token as string | null) ?? null, Number(m.timeoutMs ?? 20000));
      return { ms: Date.now() - t0 };
    },

    async send(m) {
      if (!socket) throw new Error('not connected');
      const s = socket;
      const runId = String(m.runId);
      const count = Number(m.count);
      const periodMs = 1000 / Number(m.rate);
      const ackTimeoutMs = Number(m.ackTimeoutMs ?? 10000);
      const deadline = Date.now() + Number(m.timeLimitMs ?? count * periodMs + 60000);
      const channelId = String(m.channelId);
      const ack = new Float64Array(count);
      let ackN = 0;
      let ackTimeouts = 0;
      let late = 0;
      let sent = 0;
      const ackErrors = new Map<string, number>();
      let firstSend = NaN;
      let lastSend = NaN;
      let pendingAcks = 0;
      const t0 = nowMs() + 50;
      for (let i = 0; i < count && Date.now() < deadline; i++) {
        const target = t0 + i * periodMs;
        const wait = target - nowMs();
        if (wait > 0) await sleep(wait);
        const t = nowMs();
        if (t - target > 20) late++;
        if (i === 0) firstSend = t;
        lastSend = t;
        pendingAcks++;
        sent++;
        s.timeout(ackTimeoutMs).emit(
          'message:send',
          { channelId, clientId: randomUUID(), body: `bench ${runId} ${i} ${t.toFixed(3)}` },
          (err: Error | null, res?: { ok?: boolean; error?: { code?: string; message?: string } }) => {
            pendingAcks--;
            if (err) {
              ackTimeouts++;
            } else if (res?.ok) {
              ack[ackN++] = nowMs() - t;
            } else {
              const k = `${res?.error?.code ?? 'no-ok'}: ${res?.error?.message ?? JSON.stringify(res)}`.slice(0, 200);
              ackErrors.set(k, (ackErrors.get(k) ?? 0) + 1);
            }
          },
        );
      }
      while (pendingAcks > 0 && Date.now() < deadline) await sleep(10);
      return {
        sent,
        acked: ackN,
        ackTimeouts,
        ackErrors: [...ackErrors].map(([k, v]) => `${k} ×${v}`),
        late,
        firstSendMs: firstSend,
        lastSendMs: lastSend,
        ack: summary(ack, ackN),
        connected: s.connected,
      };
    },

    close() {
      socket?.close();
      socket = null;
      return { closed: true };
    },
  });
  process.send?.({ type: 'ready' });
} else {
  console.error(`CLIENT_ROLE must be receivers or sender, not ${role}`);
  process.exit(2);
}
