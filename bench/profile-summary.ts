/**
 * Summarises a V8 .cpuprofile (written by `node --cpu-prof`) over a time window: self time by package /
 * source file and the hottest functions. Used by `npm run bench:fanout -- --cpu-prof`; also runnable alone:
 * `ts-node -T bench/profile-summary.ts <file.cpuprofile> [startMonotonicMs endMonotonicMs]`.
 *
 * V8 timestamps are CLOCK_MONOTONIC microseconds, the clock of process.hrtime(), so a window measured by the
 * benchmark (nowMs()) selects the samples of the measured run.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url.replace(/^node:internal\//, 'node:').split('/').slice(0, 2).join('/');
  const d = url.indexOf('/dist/');
  if (d >= 0) return `birlik ${url.slice(d + '/dist/'.length).replace(/\.js$/, '')}`;
  return url.replace(/^file:\/\//, '');
}

export interface ProfileSummary {
  windowMs: number;
  sampledMs: number;
  byArea: Array<[string, number]>;
  byFunction: Array<[string, number]>;
  /** time with a function of Birlik's own code (dist/src, dist/libs) anywhere on the synchronous stack */
  birlikInclusive: Array<[string, number]>;
}

export function summarizeProfile(file: string, fromMs?: number, toMs?: number): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclUs = new Map<string, number>();
  const from = fromMs === undefined ? -Infinity : fromMs * 1000;
  const to = toMs === undefined ? Infinity : toMs * 1000;
  const areaUs = new Map<string, number>();
  const fnUs = new Map<string, number>();
  let t = p.startTime;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (t < from || t > to) continue;
    // a sample's weight is the time until the next sample
    const w = i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : 0;
    const n = nodes.get(p.samples[i]);
    if (!n || n.callFrame.functionName === '(idle)') continue;
    total += w;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    areaUs.set(a, (areaUs.get(a) ?? 0) + w);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${a}:${n.callFrame.lineNumber + 1}`;
    fnUs.set(f, (fnUs.get(f) ?? 0) + w);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const cf = nodes.get(id)?.callFrame;
      if (!cf || cf.url.includes('/node_modules/') || !/\/dist\/(src|libs)\//.test(cf.url)) continue;
      const k = `${cf.functionName || '(anonymous)'} ${area(cf.url, cf.functionName)}:${cf.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclUs.set(k, (inclUs.get(k) ?? 0) + w);
    }
  }
  const sort = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).map(([k, v]) => [k, v / 1000] as [string, number]);
  return {
    windowMs: (Math.min(to, p.endTime) - Math.max(from, p.startTime)) / 1000,
    sampledMs: total / 1000,
    byArea: sort(areaUs),
    byFunction: sort(fnUs),
    birlikInclusive: sort(inclUs),
  };
}

export function formatSummary(s: ProfileSummary, n = 15): string {
  const pct = (v: number) => `${((v / s.sampledMs) * 100).toFixed(1).padStart(5)}%`;
  return [
    `  on-CPU (non-idle) samples: ${s.sampledMs.toFixed(0)} ms in a ${s.windowMs.toFixed(0)} ms window (main thread)`,
    '  self time by package / file:',
    ...s.byArea.slice(0, n).map(([k, v]) => `    ${pct(v)}  ${v.toFixed(0).padStart(6)} ms  ${k}`),
    '  hottest functions (self time):',
    ...s.byFunction.slice(0, n).map(([k, v]) => `    ${pct(v)}  ${v.toFixed(0).padStart(6)} ms  ${k}`),
    ...(s.birlikInclusive.length
      ? [
          "  Birlik's own functions, inclusive (synchronous stacks only; work after an await is not under its caller):",
          ...s.birlikInclusive.slice(0, n).map(([k, v]) => `    ${pct(v)}  ${v.toFixed(0).padStart(6)} ms  ${k}`),
        ]
      : []),
  ].join('\n');
}

if (require.main === module) {
  const [file, a, b] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profile-summary <file.cpuprofile> [fromMonotonicMs toMonotonicMs]');
    process.exit(2);
  }
  console.log(formatSummary(summarizeProfile(file, a ? Number(a) : undefined, b ? Number(b) : undefined), 25));
}
