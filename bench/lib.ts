/**
 * Shared helpers for the benchmarks in bench/ (not part of the application or of `npm test`).
 *
 * Child processes (bare Socket.IO server, load generator, sender) are plain JavaScript transpiled from
 * bench/*.ts into a temporary directory at start, so that they do not carry the TypeScript compiler in
 * their memory or CPU figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..');

// ---------------------------------------------------------------------------------------------------------
// Time and statistics

/** CLOCK_MONOTONIC in milliseconds: the same clock in every process of this machine. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Nearest-rank percentile of the first `n` values of `values` (sorted in place). */
export function percentiles(values: Float64Array, n: number, ps: number[]): number[] {
  if (n === 0) return ps.map(() => NaN);
  const sorted = values.subarray(0, n).sort();
  return ps.map((p) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]);
}

export function round(x: number | null | undefined, digits = 1): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function median(xs: number[]): number {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---------------------------------------------------------------------------------------------------------
// /proc readings of another process

const CLK_TCK = 100; // USER_HZ on Linux (`getconf CLK_TCK`)

/** utime + stime of a process (all its threads) from /proc/<pid>/stat, in microseconds (10 ms resolution). */
export function procCpuUs(pid: number): number {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  // fields after "(comm)": state=0 ... utime=11, stime=12
  return ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
}

/** Sum of on-CPU time of every thread of a process from /proc/<pid>/task/<tid>/schedstat, in microseconds (ns resolution). */
export function procSchedCpuUs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between readdir and read
    }
  }
  return ns / 1e3;
}

export interface CpuSnapshot {
  statUs: number;
  schedUs: number;
}

export function cpuSnapshot(pids: number[]): CpuSnapshot {
  let statUs = 0;
  let schedUs = 0;
  for (const pid of pids) {
    statUs += procCpuUs(pid);
    schedUs += procSchedCpuUs(pid);
  }
  return { statUs, schedUs };
}

/** utime+stime (µs) and name of every process of the machine, by pid. */
export function allProcCpu(): Map<number, { name: string; us: number }> {
  const out = new Map<number, { name: string; us: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), { name, us: ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK });
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU used between two allProcCpu() readings, grouped by name (or label), in % of one core, most first. */
export function cpuByProcess(
  a: Map<number, { name: string; us: number }>,
  b: Map<number, { name: string; us: number }>,
  wallMs: number,
  labels: Record<number, string> = {},
): Array<[string, number]> {
  const by = new Map<string, number>();
  for (const [pid, x] of b) {
    const d = x.us - (a.get(pid)?.us ?? 0);
    if (d <= 0) continue;
    const k = labels[pid] ?? x.name;
    by.set(k, (by.get(k) ?? 0) + d);
  }
  return [...by].sort((p, q) => q[1] - p[1]).map(([k, us]) => [k, (us / 1e3 / wallMs) * 100]);
}

/** Busy and total jiffies of the whole machine (all cores) from /proc/stat. */
export function machineCpu(): { busy: number; total: number; tasks: number } {
  // user nice system idle iowait irq softirq steal
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = f[3] + (f[4] ?? 0); // idle + iowait
  // time charged to processes (not interrupts), comparable with the sum of their utime+stime
  return { busy: total - idle, total, tasks: f[0] + f[1] + f[2] };
}

/** VmRSS of a process in kB. */
export function procRssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

// ---------------------------------------------------------------------------------------------------------
// Ports, arguments

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** `--name value` / `--name=value` from argv. */
export function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

export function numberList(s: string | undefined, def: number[]): number[] {
  if (!s) return def;
  const xs = s.split(',').map((x) => Number(x.trim()));
  if (xs.some((x) => !Number.isInteger(x) || x <= 0)) throw new Error(`not a list of positive integers: ${s}`);
  return xs;
}

export function numberArg(name: string, def: number): number {
  const s = arg(name);
  if (s === undefined) return def;
  const x = Number(s);
  if (!Number.isFinite(x) || x <= 0) throw new Error(`--${name} must be a positive number`);
  return x;
}

// ---------------------------------------------------------------------------------------------------------
// Child processes

let jsDir: string | null = null;

/** Transpiles bench/*.ts once into a temporary directory and returns the path of `<name>.js` there. */
export function childScript(name: string): string {
  if (!jsDir) {
    // Loaded here only, so that the children (which import this file too) never load the compiler.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    jsDir = mkdtempSync(join(tmpdir(), 'birlik-bench-'));
    const benchDir = join(REPO_ROOT, 'bench');
    for (const f of readdirSync(benchDir)) {
      if (!f.endsWith('.ts')) continue;
      const out = ts.transpileModule(readFileSync(join(benchDir, f), 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
        },
        fileName: f,
      });
      writeFileSync(join(jsDir, f.replace(/\.ts$/, '.js')), out.outputText);
    }
    onCleanup(() => {
      if (jsDir) rmSync(jsDir, { recursive: true, force: true });
      jsDir = null;
    });
  }
  return join(jsDir, `${name}.js`);
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** A forked child speaking a request/response protocol over IPC: `{id, cmd, ...}` → `{id, ok, result|error}`. */
export class Child {
  readonly proc: ChildProcess;
  private seq = 0;
  private pending = new Map<number, Pending>();
  private readonly stderrTail: string[] = [];
  private readyWaiters: Array<(msg: Record<string, unknown>) => void> = [];
  private exited: string | null = null;

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string> = {},
    execArgv: string[] = [],
  ) {
    this.proc = fork(childScript(script), [], {
      env: { ...process.env, ...env, NODE_PATH: join(REPO_ROOT, 'node_modules') },
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    track(this.proc);
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.stderrTail.push(line);
      while (this.stderrTail.length > 40) this.stderrTail.shift();
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.proc.on('message', (m: Record<string, unknown>) => {
      if (m && m.type === 'ready') {
        const ws = this.readyWaiters;
        this.readyWaiters = [];
        ws.forEach((w) => w(m));
        return;
      }
      const p = this.pending.get(m?.id as number);
      if (!p) return;
      this.pending.delete(m.id as number);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`${this.name}: ${String(m.error)}`));
    });
    this.proc.on('exit', (code, signal) => {
      this.exited = `${this.name} exited (code ${code}, signal ${signal})${this.tail()}`;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(this.exited));
      }
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  tail(): string {
    return this.stderrTail.length ? `\n  last output:\n    ${this.stderrTail.slice(-10).join('\n    ')}` : '';
  }

  /** Waits for the child's `{type:'ready'}` message. */
  ready(timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((res, rej) => {
      if (this.exited) return rej(new Error(this.exited));
      const timer = setTimeout(() => rej(new Error(`${this.name} not ready after ${timeoutMs} ms${this.tail()}`)), timeoutMs);
      this.readyWaiters.push((m) => {
        clearTimeout(timer);
        res(m);
      });
      this.proc.once('exit', () => {
        clearTimeout(timer);
        rej(new Error(this.exited ?? `${this.name} exited`));
      });
    });
  }

  request<T>(cmd: string, args: Record<string, unknown>, timeoutMs: number): Promise<T> {
    return new Promise<T>((res, rej) => {
      if (this.exited) return rej(new Error(this.exited));
      const id = ++this.seq;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        rej(new Error(`${this.name}: "${cmd}" got no answer within ${timeoutMs} ms${this.tail()}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: res as (v: unknown) => void, reject: rej, timer });
      this.proc.send({ id, cmd, ...args });
    });
  }

  async stop(): Promise<void> {
    await stopProcess(this.proc);
  }
}

/** Child side of the protocol: answers requests with the handlers given. */
export function serveRequests(handlers: Record<string, (msg: Record<string, unknown>) => Promise<unknown> | unknown>): void {
  process.on('message', async (m: Record<string, unknown>) => {
    const h = handlers[m?.cmd as string];
    try {
      if (!h) throw new Error(`unknown command ${String(m?.cmd)}`);
      const result = await h(m);
      process.send?.({ id: m.id, ok: true, result });
    } catch (e) {
      process.send?.({ id: m.id, ok: false, error: (e as Error)?.message ?? String(e) });
    }
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => process.exit(0));
}

const live = new Set<ChildProcess>();
const cleanups: Array<() => void | Promise<void>> = [];

export function track(p: ChildProcess): void {
  live.add(p);
  p.once('exit', () => live.delete(p));
}

export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopProcess(p: ChildProcess, graceMs = 5000): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), graceMs);
    p.once('exit', () => {
      clearTimeout(kill);
      res();
    });
    p.kill('SIGTERM');
  });
}

let cleaningUp: Promise<void> | null = null;

/** Stops every child still running and runs the registered clean-ups (databases, Redis keys, temp files). */
export function cleanupAll(): Promise<void> {
  if (!cleaningUp) {
    cleaningUp = (async () => {
      await Promise.all([...live].map((p) => stopProcess(p, 3000)));
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (e) {
          console.error(`clean-up step failed: ${(e as Error).message}`);
        }
      }
    })();
  }
  return cleaningUp;
}

/** Runs `main`, cleaning up on success, on error and on SIGINT/SIGTERM. */
export function runMain(main: () => Promise<number>): void {
  const bail = (sig: string) => {
    console.error(`\n${sig}: stopping children and cleaning up…`);
    cleanupAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => bail('SIGINT'));
  process.once('SIGTERM', () => bail('SIGTERM'));
  process.once('exit', () => {
    for (const p of live) p.kill('SIGKILL');
  });
  main()
    .then(async (code) => {
      await cleanupAll();
      process.exit(code);
    })
    .catch(async (e: unknown) => {
      console.error(`benchmark failed: ${(e as Error)?.stack ?? String(e)}`);
      await cleanupAll();
      process.exit(1);
    });
}

// ---------------------------------------------------------------------------------------------------------
// Output

export function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '—' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`, ...cells.map(line)].join('\n');
}
