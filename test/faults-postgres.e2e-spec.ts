import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRedisPrefix, TEST_REDIS_URL } from './support/app';
import { assertBuilt, type BirlikProcess } from './support/process';
import { PrivatePostgres } from './support/services';
import { connectError, type Client } from './support/sockets';
import { openSockets, storedClientIds, Traffic, twoNodes } from './support/traffic';

/**
 * PostgreSQL restarts under traffic on a two-node deployment (its own cluster, never the shared one): both api
 * processes live through it, sends during the outage are refused with `unavailable`, nothing acknowledged is
 * lost, and writes resume once the database is back. PostgreSQL only.
 */
describe('faults: PostgreSQL restart', () => {
  let pg: PrivatePostgres | undefined;
  const procs: BirlikProcess[] = [];
  const sockets: Client[] = [];
  const prefix = `test:faults-pg:${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'birlik-faults-'));

  beforeAll(async () => {
    assertBuilt();
    pg = await PrivatePostgres.start();
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await Promise.all(procs.splice(0).map((p) => p.stop('SIGKILL')));
    await pg?.dispose();
    await deleteRedisPrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('both processes survive; outage sends get `unavailable`; every acknowledged message is stored exactly once; writes resume', async () => {
    const databaseUrl = await pg!.createDatabase('birlik_faults');
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dataDir, JWT_SECRET: 'faults-secret-'.padEnd(48, 'x'), LOG_FORMAT: 'json' };
    const { nodes, urls, users, channelId } = await twoNodes(env, (p) => procs.push(p));
    const [sa, sb] = await openSockets(urls, users.map((u) => u.accessToken));
    sockets.push(sa, sb);
    const traffic = new Traffic([sa, sb], channelId, 'pg');
    traffic.start();
    try {
      await traffic.waitFor('before', true, 6);

      traffic.phase = 'outage';
      await pg!.stop('fast');
      await traffic.waitFor('outage', false, 6);
      // A handshake needs the database (the session); while it is down the answer is `unavailable`.
      expect(await connectError(urls[1], users[1].accessToken)).toBe('unavailable');
      // HTTP says the same.
      const during = await fetch(`${urls[0]}/api/v1/me`, { headers: { authorization: `Bearer ${users[0].accessToken}` } });
      expect({ status: during.status, code: ((await during.json()) as { code?: string }).code }).toEqual({ status: 503, code: 'unavailable' });

      traffic.phase = 'after';
      await pg!.resume();
      await traffic.waitFor('after', true, 6);
    } finally {
      await traffic.stop();
    }

    for (const p of nodes) expect({ exitCode: p.proc.exitCode, signal: p.proc.signalCode }).toEqual({ exitCode: null, signal: null });
    const refused = traffic.sent.filter((s) => !s.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect([...new Set(refused.map((s) => s.code))]).toEqual(['unavailable']);

    // A refused send may or may not have been stored; resending it with its clientId settles it, once.
    await traffic.resendRefused(sa);
    const stored = await storedClientIds(sb, channelId);
    for (const s of traffic.sent) expect({ clientId: s.clientId, times: stored.get(s.clientId) }).toEqual({ clientId: s.clientId, times: 1 });
    expect(stored.size).toBe(new Set(traffic.sent.map((s) => s.clientId)).size);

    // No process needed a restart: both answer, and a new handshake works on each.
    for (const [i, url] of urls.entries()) {
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      expect(await connectError(url, users[i].accessToken)).toBe('connected');
    }
    const logs = nodes.map((p) => p.stdout + p.stderr).join('\n');
    expect(logs).not.toMatch(/Unhandled rejection|uncaughtException|MaxListenersExceeded/);
  }, 150_000);
});
