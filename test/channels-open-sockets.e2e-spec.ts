import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@lib/config';
import type { ErrorKey } from '@lib/errors';
import { createHttpApp } from '../src/app.factory';
import { TestApp, type Session } from './support/app';
import { ack, collect, connect, connectError, waitFor, waitForEvent, type Client } from './support/sockets';
import type { AckError, WireMessage } from '@lib/contract';

/**
 * Role, deactivation and removal from a channel apply to sockets opened before the change, at once: the socket
 * keeps its connection, but what it may do is decided by the database as it is now. The removal case runs on two
 * nodes (two app instances sharing the database and Redis): the removed user's socket on the other node leaves
 * the room too.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AckResult = { ok: boolean; error?: AckError['error']; [k: string]: any };

function expectAckError(res: AckResult, key: ErrorKey): void {
  expect(res.ok).toBe(false);
  expect(res.error?.code).toBe(key);
}

describe('changes apply to open sockets at once', () => {
  let t: TestApp;
  let nodeB: NestExpressApplication;
  let urlB: string;
  let admin: Session;
  let announcement: string;
  const sockets: Client[] = [];

  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const open = async (s: Session, url = t.url) => {
    const c = await connect(url, s.accessToken);
    sockets.push(c);
    return c;
  };
  const mine = async (s: Session) => (await t.http().get('/api/v1/channels').set(auth(s)).expect(200)).body as { id: string; kind: string; lastSeq: number }[];
  const lastSeq = async (s: Session, id: string) => (await t.http().get(`/api/v1/channels/${id}`).set(auth(s)).expect(200)).body.lastSeq as number;
  const history = async (s: Session, id: string) => (await t.http().get(`/api/v1/channels/${id}/messages`).query({ limit: 200 }).set(auth(s)).expect(200)).body as WireMessage[];
  const setUserRole = (id: string, role: string) => t.http().patch(`/api/v1/users/${id}`).set(auth(admin)).send({ role }).expect(200);
  const send = (socket: Client, channelId: string, body: string) => ack(socket, 'message:send', { channelId, clientId: t.unique('c-'), body });
  const post = async (s: Session, channelId: string, body = t.unique('Mesaj ')) =>
    (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(s)).send({ clientId: t.unique('c-'), body }).expect(201)).body as WireMessage;

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '100000' });
    admin = await t.admin();
    // A second node: the same database, Redis and prefix, its own Socket.IO server.
    nodeB = await createHttpApp(loadConfig({ ...t.env.env, MESSAGE_RATE_LIMIT_PER_10S: '100000' }));
    await nodeB.listen(0, '127.0.0.1');
    urlB = `http://127.0.0.1:${(nodeB.getHttpServer().address() as AddressInfo).port}`;
    announcement = (await mine(admin)).find((c) => c.kind === 'announcement')!.id;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await nodeB?.close();
    await t?.close();
  });

  it('an organizer demoted to official can no longer post in the announcement channel from a socket opened before', async () => {
    const organizer = await t.user({ role: 'organizer', countryCode: 'KZ' });
    const [sa, sb] = [await open(organizer), await open(organizer, urlB)];
    expect(await send(sa, announcement, 'Duyuru 1')).toMatchObject({ ok: true, message: { body: 'Duyuru 1' } });
    await setUserRole(organizer.user.id, 'official');
    const before = await lastSeq(admin, announcement);
    for (const s of [sa, sb]) expectAckError(await send(s, announcement, 'Duyuru 2 (artık yetkisiz)'), 'announcement_post');
    // The old access token over HTTP too.
    const res = await t.http().post(`/api/v1/channels/${announcement}/messages`).set(auth(organizer)).send({ clientId: t.unique('c-'), body: 'HTTP' });
    expect(res.status).toBe(403);
    expect(await lastSeq(admin, announcement)).toBe(before);
    expect((await history(admin, announcement)).filter((m) => m.body?.startsWith('Duyuru 2'))).toEqual([]);
    // Both sockets stay connected, and promotion applies at once as well.
    expect([sa.connected, sb.connected]).toEqual([true, true]);
    await setUserRole(organizer.user.id, 'organizer');
    expect(await send(sb, announcement, 'Duyuru 3')).toMatchObject({ ok: true });
  });

  it("an admin demoted to organizer no longer deletes others' messages from an old socket", async () => {
    const formerAdmin = await t.user({ role: 'admin', countryCode: 'KZ' });
    const owner = await t.user({ countryCode: 'KZ' });
    const ch = (await t.http().post('/api/v1/channels').set(auth(owner)).send({ kind: 'topic', name: t.unique('Konu '), visibility: 'public' }).expect(201)).body.id as string;
    const [m1, m2] = [await post(owner, ch), await post(owner, ch)];
    const s = await open(formerAdmin);
    expect(await ack(s, 'message:delete', { messageId: m1.id })).toEqual({ ok: true });
    await setUserRole(formerAdmin.user.id, 'organizer');
    expectAckError(await ack(s, 'message:delete', { messageId: m2.id }), 'forbidden');
    expect((await history(owner, ch)).map((m) => [m.id, !!m.deletedAt])).toEqual([
      [m1.id, true],
      [m2.id, false],
    ]);
  });

  it('a moderator demoted to member no longer deletes from an old socket; a new moderator does at once', async () => {
    const owner = await t.user({ countryCode: 'AZ' });
    const [mod, member] = [await t.user({ countryCode: 'AZ' }), await t.user({ countryCode: 'AZ' })];
    const ch = (
      await t
        .http()
        .post('/api/v1/channels')
        .set(auth(owner))
        .send({ kind: 'topic', name: t.unique('Konu '), visibility: 'private', memberIds: [mod.user.id, member.user.id] })
        .expect(201)
    ).body.id as string;
    const [m1, m2] = [await post(member, ch, 'Spam 1'), await post(member, ch, 'Spam 2')];
    const [sm, sn] = [await open(mod, urlB), await open(member)];
    expectAckError(await ack(sm, 'message:delete', { messageId: m1.id }), 'forbidden');
    await t.http().patch(`/api/v1/channels/${ch}/members/${mod.user.id}`).set(auth(owner)).send({ role: 'moderator' }).expect(200);
    expect(await ack(sm, 'message:delete', { messageId: m1.id })).toEqual({ ok: true });
    await t.http().patch(`/api/v1/channels/${ch}/members/${mod.user.id}`).set(auth(owner)).send({ role: 'member' }).expect(200);
    expectAckError(await ack(sm, 'message:delete', { messageId: m2.id }), 'forbidden');
    expect((await history(owner, ch)).map((m) => m.deletedAt !== null)).toEqual([true, false]);
    // The member's own socket deletes the member's own message either way.
    expect(await ack(sn, 'message:delete', { messageId: m2.id })).toEqual({ ok: true });
  });

  it('deactivation disconnects every socket of the user, on every node, and they cannot come back', async () => {
    const u = await t.user({ countryCode: 'KZ' });
    const [sa, sb] = [await open(u), await open(u, urlB)];
    const gone = [waitForEvent(sa, 'disconnect'), waitForEvent(sb, 'disconnect')];
    await t.http().patch(`/api/v1/users/${u.user.id}`).set(auth(admin)).send({ deactivated: true }).expect(200);
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await connectError(t.url, u.accessToken)).toBe('unauthorized');
    expect(await connectError(urlB, u.accessToken)).toBe('unauthorized');
  });

  it("a removed member's sockets on both nodes leave the room at once: no message:new, nothing through sync", async () => {
    const owner = await t.user({ countryCode: 'UZ' });
    const bob = await t.user({ countryCode: 'UZ' });
    const ch = (
      await t
        .http()
        .post('/api/v1/channels')
        .set(auth(owner))
        .send({ kind: 'topic', name: t.unique('Konu '), visibility: 'private', memberIds: [bob.user.id] })
        .expect(201)
    ).body.id as string;
    const country = (await mine(bob)).find((c) => c.kind === 'country')!.id;
    const [onA, onB] = [await open(bob), await open(bob, urlB)];
    const newsA = collect<{ message: WireMessage }>(onA, 'message:new');
    const newsB = collect<{ message: WireMessage }>(onB, 'message:new');
    // While a member, a message reaches both nodes.
    const first = await post(owner, ch, 'Hoş geldin');
    await waitFor(() => newsA.some((e) => e.message.id === first.id) && newsB.some((e) => e.message.id === first.id), 10_000, 'the first message on both nodes');

    const removed = [waitForEvent(onA, 'channel:removed'), waitForEvent(onB, 'channel:removed')];
    await t.http().delete(`/api/v1/channels/${ch}/members/${bob.user.id}`).set(auth(owner)).expect(204);
    expect(await Promise.all(removed)).toEqual([{ channelId: ch }, { channelId: ch }]);
    const after = await post(owner, ch, 'Gittikten sonra');
    // A barrier published from node A after the message: once node B's socket has it, the message would have
    // arrived before it.
    const barrierB = waitForEvent(onB, 'channel:read', (e: { channelId: string }) => e.channelId === country);
    const barrierA = waitForEvent(onA, 'channel:read', (e: { channelId: string }) => e.channelId === country);
    expect(await ack(onA, 'channel:read', { channelId: country, seq: 0 })).toMatchObject({ ok: true });
    await Promise.all([barrierA, barrierB]);
    expect(newsA.map((e) => e.message.id)).toEqual([first.id]);
    expect(newsB.map((e) => e.message.id)).toEqual([first.id]);
    for (const s of [onA, onB]) {
      expect(await ack(s, 'sync', { channels: { [ch]: 0 } })).toEqual({ ok: true, changes: [], more: false });
      // The private channel is now invisible to them: the same answer as for an unknown channel.
      expectAckError(await send(s, ch, 'Hâlâ burada mıyım?'), 'channel_not_found');
    }
    expect(await lastSeq(owner, ch)).toBe(after.seq);
    expect((await t.http().get(`/api/v1/channels/${ch}/messages`).set(auth(bob))).status).toBe(404);
  });
});
