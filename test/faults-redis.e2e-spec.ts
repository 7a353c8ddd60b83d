import { createTestEnv, type TestEnv } from './support/app';
import { assertBuilt, type BirlikProcess } from './support/process';
import { PrivateRedis } from './support/services';
import { collect, connectError, waitFor, type Client } from './support/sockets';
import { openSockets, storedClientIds, Traffic, twoNodes } from './support/traffic';

/**
 * Redis restarts under traffic on a two-node deployment (its own redis-server, never the shared one): both api
 * processes live through it, a handshake during the outage answers `unavailable` (not `unauthorized`, which
 * would send clients into a token-refresh loop), HTTP requests that need Redis answer 503 `unavailable` instead
 * of hanging, nothing acknowledged is lost, and messages cross nodes again afterwards. PostgreSQL only.
 */
describe('faults: Redis restart', () => {
  let env: TestEnv | undefined;
  let redis: PrivateRedis | undefined;
  const procs: BirlikProcess[] = [];
  const sockets: Client[] = [];

  beforeAll(async () => {
    assertBuilt();
    env = await createTestEnv('postgres');
    redis = await PrivateRedis.start();
  });

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await Promise.all(procs.splice(0).map((p) => p.stop('SIGKILL')));
    await redis?.dispose();
    // The test env's Redis keys live on the private server, which is gone; only its database is left to drop.
    await env?.dispose().catch(() => undefined);
  }, 60_000);

  it('both processes survive; outage sends and handshakes get `unavailable`; nothing acknowledged is lost; rooms work again', async () => {
    const { nodes, urls, call, boss, member, users, channelId } = await twoNodes({ ...env!.env, REDIS_URL: redis!.url }, (p) => procs.push(p));
    const [sa, sb] = await openSockets(urls, users.map((u) => u.accessToken));
    sockets.push(sa, sb);
    const traffic = new Traffic([sa, sb], channelId, 'redis');
    traffic.start();
    try {
      await traffic.waitFor('before', true, 6);

      traffic.phase = 'outage';
      await redis!.stop();
      await traffic.waitFor('outage', false, 4);
      expect(await connectError(urls[1], users[1].accessToken)).toBe('unavailable');
      // Requests that need Redis answer rather than hang: sign-in needs its throttle (503 `unavailable`); an
      // invitation stands without its e-mail job (the link is returned, the failure logged).
      const login = await call(0, 'POST', '/auth/login', null, { email: 'boss@faults.test', password: 'boss-password-1' });
      expect({ status: login.status, code: login.body?.code }).toEqual({ status: 503, code: 'unavailable' });
      const invite = await call(1, 'POST', '/invitations', boss.accessToken, { email: 'late@faults.test', memberId: member.id, role: 'official' });
      expect({ status: invite.status, url: typeof invite.body?.url }).toEqual({ status: 201, url: 'string' });
      await waitFor(() => nodes[1].stdout.includes('Could not queue the invitation e-mail'), 10_000, 'the logged job failure');
      traffic.phase = 'after';
      await redis!.resume();
      await traffic.waitFor('after', true, 6);
    } finally {
      await traffic.stop();
    }

    for (const p of nodes) expect({ exitCode: p.proc.exitCode, signal: p.proc.signalCode }).toEqual({ exitCode: null, signal: null });
    const refused = traffic.sent.filter((s) => !s.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect([...new Set(refused.map((s) => s.code))]).toEqual(['unavailable']);

    await traffic.resendRefused(sa);
    const stored = await storedClientIds(sb, channelId);
    for (const s of traffic.sent) expect({ clientId: s.clientId, times: stored.get(s.clientId) }).toEqual({ clientId: s.clientId, times: 1 });
    expect(stored.size).toBe(new Set(traffic.sent.map((s) => s.clientId)).size);

    // The adapter resubscribed: a message sent on node A reaches a socket on node B.
    const onB = collect<{ message: { clientId: string } }>(sb, 'message:new');
    const res = await traffic.sendOne(sa, 'redis-cross-node', 'check');
    expect(res.ok).toBe(true);
    await waitFor(() => onB.find((e) => e.message.clientId === 'redis-cross-node'), 15_000, 'message on node B after the restart');
    for (const [i, url] of urls.entries()) {
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      expect(await connectError(url, users[i].accessToken)).toBe('connected');
    }
    const logs = nodes.map((p) => p.stdout + p.stderr).join('\n');
    expect(logs).not.toMatch(/Unhandled rejection|uncaughtException|Unhandled error event|MaxListenersExceeded/);
  }, 150_000);
});
