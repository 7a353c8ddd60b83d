import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');

export function assertBuilt(): void {
  if (!existsSync(MAIN)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A Birlik process (node dist/src/main.js or cli.js) with its output collected. */
export class BirlikProcess {
  readonly proc: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>, script = MAIN, args: string[] = []) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MIKRO_ORM_|DATABASE_URL|REDIS_|ADMIN_|APP_ROLE|JWT_SECRET|SMTP_URL|PUBLIC_URL|NODE_ENV|PORT$|DATA_DIR|LOG_)/.test(k)));
    this.proc = spawn(process.execPath, [script, ...args], { env: { ...clean, ...env }, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Waits until GET url answers 200, or the process ends. */
  async waitReady(url: string, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.exited.then(() => (ended = true));
    while (Date.now() < deadline && !ended) {
      try {
        const res = await fetch(url);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`not ready at ${url}${ended ? ' (process exited)' : ''}\nstdout:\n${this.stdout.slice(-3000)}\nstderr:\n${this.stderr.slice(-3000)}`);
  }

  /** Sends the signal; after timeoutMs a SIGKILL follows (and shows in the result). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill(signal);
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
      void this.exited.then(() => clearTimeout(timer));
    }
    return this.exited;
  }
}
