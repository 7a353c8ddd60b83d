import { BirlikProcess, freePort } from './process';
import { ack, connect, type Client } from './sockets';

/** Two `api` processes against one database and Redis, with an admin, and an HTTP helper on each. */
export async function twoNodes(env: Record<string, string>, track: (p: BirlikProcess) => void) {
  const ports = [await freePort(), await freePort()];
  const admin = { email: 'boss@faults.test', password: 'boss-password-1' };
  const nodes = ports.map(
    (port) => new BirlikProcess({ ...env, APP_ROLE: 'api', PORT: String(port), LOG_LEVEL: 'warn', MESSAGE_RATE_LIMIT_PER_10S: '10000', ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password }),
  );
  nodes.forEach(track);
  await Promise.all(nodes.map((p, i) => p.waitReady(`http://127.0.0.1:${ports[i]}/health/ready`)));
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  const call = async (node: number, method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${urls[node]}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const boss = (await call(0, 'POST', '/auth/login', null, admin)).body;
  const member = (await call(0, 'POST', '/members', boss.accessToken, { name: 'Faults Belediyesi', kind: 'municipality', countryCode: 'TR' })).body;
  const register = async (name: string) => {
    const inv = (await call(0, 'POST', '/invitations', boss.accessToken, { email: `${name}@faults.test`, memberId: member.id, role: 'official' })).body;
    const res = await call(0, 'POST', '/auth/register', null, { token: inv.token, password: 'faults-password', displayName: name });
    if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { accessToken: string; user: { id: string } };
  };
  const users = [await register('ayla'), await register('bulut')];
  const channels = (await call(0, 'GET', '/channels', users[0].accessToken)).body as { id: string; kind: string }[];
  const channelId = channels.find((c) => c.kind === 'country')!.id;
  return { nodes, urls, call, boss, member, users, channelId };
}

export interface Sent {
  clientId: string;
  ok: boolean;
  code?: string;
  id?: string;
  phase: string;
}

/** Sends messages from each socket in turn until stopped, recording every ack. */
export class Traffic {
  readonly sent: Sent[] = [];
  phase = 'before';
  private stopped = false;
  private loop?: Promise<void>;
  private n = 0;

  constructor(
    private readonly sockets: Client[],
    private readonly channelId: string,
    private readonly label: string,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await Promise.all(this.sockets.map((s) => this.sendOne(s, `${this.label}-${++this.n}`, this.phase).then((r) => this.sent.push(r))));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  async sendOne(s: Client, clientId: string, phase: string): Promise<Sent> {
    try {
      const res = await ack(s, 'message:send', { channelId: this.channelId, clientId, body: `message ${clientId}` });
      return res.ok ? { clientId, ok: true, id: res.message.id, phase } : { clientId, ok: false, code: res.error.code, phase };
    } catch (err) {
      return { clientId, ok: false, code: `no ack (${(err as Error).message})`, phase };
    }
  }

  /** Waits until `count` sends of this phase were acknowledged ok (or errors, with `ok` false). */
  async waitFor(phase: string, ok: boolean, count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.filter((s) => s.phase === phase && s.ok === ok).length < count) {
      if (Date.now() > deadline) throw new Error(`phase ${phase}: fewer than ${count} ${ok ? 'stored' : 'refused'} sends: ${JSON.stringify(this.sent.slice(-10))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resends every refused message with its clientId until stored: a retry never doubles a message. */
  async resendRefused(s: Client): Promise<void> {
    for (const r of this.sent.filter((x) => !x.ok)) {
      let again = await this.sendOne(s, r.clientId, 'resend');
      for (let i = 0; i < 20 && !again.ok; i++) {
        await new Promise((res) => setTimeout(res, 250));
        again = await this.sendOne(s, r.clientId, 'resend');
      }
      if (!again.ok) throw new Error(`resend of ${r.clientId} failed: ${again.code}`);
    }
  }
}

/** Every message of the channel through `sync`, page by page: clientId → how many times it is stored. */
export async function storedClientIds(s: Client, channelId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let version = 0;
  for (;;) {
    const res = await ack<{ ok: boolean; changes: { clientId: string; version: number; channelId: string }[]; more: boolean }>(s, 'sync', { channels: { [channelId]: version } });
    if (!res.ok) throw new Error(`sync failed: ${JSON.stringify(res)}`);
    for (const m of res.changes) {
      counts.set(m.clientId, (counts.get(m.clientId) ?? 0) + 1);
      version = Math.max(version, m.version);
    }
    if (!res.more) return counts;
  }
}

export async function openSockets(urls: string[], tokens: string[]): Promise<Client[]> {
  return Promise.all(urls.map((u, i) => connect(u, tokens[i])));
}
