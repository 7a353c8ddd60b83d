import { ERROR_CATALOG } from '@lib/errors';
import { TestApp, type Session } from './support/app';
import { ack, collect, connect, connectError, waitFor, waitForEvent, type Client } from './support/sockets';
import type { WireMessage } from '@lib/contract';


describe('live messaging', () => {
  let t: TestApp;
  const sockets: Client[] = [];
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const open = async (s: Session) => {
    const c = await connect(t.url, s.accessToken);
    sockets.push(c);
    return c;
  };
  const countryChannel = async (s: Session, code: string) => {
    const list = (await t.http().get('/api/v1/channels').set(auth(s)).expect(200)).body as { id: string; kind: string; countryCode: string }[];
    return list.find((c) => c.kind === 'country' && c.countryCode === code)!.id;
  };

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '1000', CORS_ORIGINS: 'https://birlik.example.org' });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => t?.close());

  it('refuses a handshake without a valid token with "unauthorized"', async () => {
    expect(await connectError(t.url, undefined)).toBe('unauthorized');
    expect(await connectError(t.url, 'not-a-jwt')).toBe('unauthorized');
    const u = await t.user();
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: u.refreshToken }).expect(204);
    expect(await connectError(t.url, u.accessToken)).toBe('unauthorized');
  });

  it('accepts browsers only from allowed origins', async () => {
    const u = await t.user();
    expect(await connectError(t.url, u.accessToken, 'https://evil.example.com')).not.toBe('connected');
    expect(await connectError(t.url, u.accessToken, 'https://birlik.example.org')).toBe('connected');
  });

  it('moves officials to the new country channel, live, when their member moves country', async () => {
    const admin = await t.admin();
    const member = await t.createMember({ countryCode: 'RU-TA' });
    const u = await t.user({ memberId: member.id });
    const s = await open(u);
    const removed = waitForEvent<{ channelId: string }>(s, 'channel:removed');
    const added = waitForEvent<{ channel: { countryCode: string; id: string } }>(s, 'channel:added');
    await t.http().patch(`/api/v1/members/${member.id}`).set(auth(admin)).send({ countryCode: 'RU-BA' }).expect(200);
    const [gone, joined] = await Promise.all([removed, added]);
    expect(joined.channel.countryCode).toBe('RU-BA');
    const me = (await t.http().get('/api/v1/me').set(auth(u)).expect(200)).body;
    expect(me.countryCode).toBe('RU-BA');
    const mine = (await t.http().get('/api/v1/channels').set(auth(u)).expect(200)).body as { id: string; kind: string; countryCode: string }[];
    expect(mine.filter((c) => c.kind === 'country').map((c) => c.countryCode)).toEqual(['RU-BA']);
    expect(mine.map((c) => c.id)).not.toContain(gone.channelId);
    const got = collect<{ message: WireMessage }>(s, 'message:new');
    const other = await t.user({ countryCode: 'RU-BA' });
    await t.http().post(`/api/v1/channels/${joined.channel.id}/messages`).set(auth(other)).send({ clientId: 'move-1', body: 'Хуш килдегез' }).expect(201);
    await waitFor(() => got.length === 1, 5000, 'message in the new country channel');
  });

  it('delivers every message to every member in seq order, with gapless seq, and acks after storing', async () => {
    const [a, b, c] = [await t.user({ countryCode: 'KG' }), await t.user({ countryCode: 'KG' }), await t.user({ countryCode: 'KG' })];
    const channelId = await countryChannel(a, 'KG');
    const [sa, sb, sc] = [await open(a), await open(b), await open(c)];
    const got = [sa, sb, sc].map((s) => collect<{ message: WireMessage }>(s, 'message:new'));
    const sends: Promise<{ ok: boolean; message: WireMessage }>[] = [];
    for (let i = 0; i < 15; i++) {
      sends.push(ack(sa, 'message:send', { channelId, clientId: `a-${i}`, body: `Salam ${i}` }));
      sends.push(ack(sb, 'message:send', { channelId, clientId: `b-${i}`, body: `Саламатсызбы ${i}` }));
    }
    const acks = await Promise.all(sends);
    expect(acks.every((x) => x.ok)).toBe(true);
    const seqs = acks.map((x) => x.message.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => seqs[0] + i));
    for (const g of got) {
      await waitFor(() => g.length >= 30, 10_000, '30 messages');
      const received = g.map((e) => e.message.seq);
      expect(received).toEqual([...received].sort((x, y) => x - y));
      expect(new Set(received).size).toBe(30);
    }
    const history = (await t.http().get(`/api/v1/channels/${channelId}/messages`).query({ after: seqs[0] - 1, limit: 200 }).set(auth(c)).expect(200)).body as WireMessage[];
    expect(history.map((m) => m.seq)).toEqual(seqs);
  });

  it('returns the first message again for a resent clientId, and stores it once', async () => {
    const a = await t.user({ countryCode: 'MN' });
    const channelId = await countryChannel(a, 'MN');
    const sa = await open(a);
    const events = collect<{ message: WireMessage }>(sa, 'message:new');
    const first = await ack(sa, 'message:send', { channelId, clientId: 'same-1', body: 'Сайн байна уу' });
    const again = await ack(sa, 'message:send', { channelId, clientId: 'same-1', body: 'Сайн байна уу' });
    const viaHttp = await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(a)).send({ clientId: 'same-1', body: 'other text' }).expect(201);
    expect(again.message.id).toBe(first.message.id);
    expect(viaHttp.body.id).toBe(first.message.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.message.clientId === 'same-1')).toHaveLength(1);
    const history = (await t.http().get(`/api/v1/channels/${channelId}/messages`).set(auth(a)).expect(200)).body as WireMessage[];
    expect(history.filter((m) => m.clientId === 'same-1')).toHaveLength(1);
  });

  it('keeps private channels private: 404 over HTTP, not_found over the socket, no events, not in discover', async () => {
    const owner = await t.user();
    const member = await t.user();
    const outsider = await t.user();
    const ch = (await t.http().post('/api/v1/channels').set(auth(owner)).send({ kind: 'topic', name: 'Deprem barınakları', visibility: 'private', memberIds: [member.user.id] }).expect(201)).body;
    const [so, sm, sx] = [await open(owner), await open(member), await open(outsider)];
    const outsiderEvents = collect(sx, 'message:new');
    const memberEvents = collect<{ message: WireMessage }>(sm, 'message:new');
    expect((await ack(so, 'message:send', { channelId: ch.id, clientId: 'p-1', body: 'gizli' })).ok).toBe(true);
    const denied = await ack(sx, 'message:send', { channelId: ch.id, clientId: 'x-1', body: 'let me in' });
    expect(denied).toEqual({ ok: false, error: { code: 'channel_not_found', message: 'Channel not found' } });
    await t.http().get(`/api/v1/channels/${ch.id}`).set(auth(outsider)).expect(404);
    await t.http().get(`/api/v1/channels/${ch.id}/messages`).set(auth(outsider)).expect(404);
    await t.http().post(`/api/v1/channels/${ch.id}/join`).set(auth(outsider)).expect(404);
    await t.http().post(`/api/v1/channels/${ch.id}/members`).set(auth(member)).send({ userIds: [outsider.user.id] }).expect(403);
    const discover = (await t.http().get('/api/v1/channels/discover').set(auth(outsider)).expect(200)).body as { id: string }[];
    expect(discover.map((c) => c.id)).not.toContain(ch.id);
    await waitFor(() => memberEvents.length === 1, 5000, 'member delivery');
    expect(outsiderEvents).toHaveLength(0);

    // The owner adds the outsider: their socket is subscribed at once.
    const added = waitForEvent<{ channel: { id: string } }>(sx, 'channel:added');
    await t.http().post(`/api/v1/channels/${ch.id}/members`).set(auth(owner)).send({ userIds: [outsider.user.id] }).expect(200);
    expect((await added).channel.id).toBe(ch.id);
    await ack(so, 'message:send', { channelId: ch.id, clientId: 'p-2', body: 'hoş geldiniz' });
    await waitFor(() => outsiderEvents.length === 1, 5000, 'delivery after add');
  });

  it('lets only organizers and admins post in the announcement channel', async () => {
    const official = await t.user();
    const organizer = await t.user({ role: 'organizer' });
    const list = (await t.http().get('/api/v1/channels').set(auth(official)).expect(200)).body as { id: string; kind: string }[];
    const announcement = list.find((c) => c.kind === 'announcement')!.id;
    const so = await open(official);
    expect(await ack(so, 'message:send', { channelId: announcement, clientId: 'ann-1', body: 'hello' })).toMatchObject({ ok: false, error: { code: 'announcement_post' } });
    await t.http().post(`/api/v1/channels/${announcement}/messages`).set(auth(organizer)).send({ clientId: 'ann-2', body: 'Toplantı yarın' }).expect(201);
    await t.http().post(`/api/v1/channels/${announcement}/leave`).set(auth(official)).expect(403);
  });

  it('edits, reacts and deletes with message:updated, and only as allowed', async () => {
    const a = await t.user({ countryCode: 'BA' });
    const b = await t.user({ countryCode: 'BA' });
    const channelId = await countryChannel(a, 'BA');
    const [sa, sb] = [await open(a), await open(b)];
    const updates = collect<{ message: WireMessage }>(sb, 'message:updated');
    const sent = (await ack(sa, 'message:send', { channelId, clientId: 'e-1', body: 'Odvojeno prikupljanje' })).message as WireMessage;
    expect(await ack(sb, 'message:edit', { messageId: sent.id, body: 'hijack' })).toMatchObject({ ok: false, error: { code: 'not_message_author' } });
    const edited = await ack(sa, 'message:edit', { messageId: sent.id, body: 'Odvojeno prikupljanje otpada' });
    expect(edited.message).toMatchObject({ body: 'Odvojeno prikupljanje otpada', editedAt: expect.any(String) });
    expect(edited.message.version).toBeGreaterThan(sent.version);
    const reacted = await ack(sb, 'reaction:toggle', { messageId: sent.id, emoji: '👍' });
    expect(reacted.message.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [b.user.id] }]);
    const unreacted = await ack(sb, 'reaction:toggle', { messageId: sent.id, emoji: '👍' });
    expect(unreacted.message.reactions).toEqual([]);
    expect(await ack(sb, 'message:delete', { messageId: sent.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ack(sa, 'message:delete', { messageId: sent.id })).toEqual({ ok: true });
    await waitFor(() => updates.length >= 4, 5000, 'updates');
    const versions = updates.map((u) => u.message.version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(updates[updates.length - 1].message).toMatchObject({ id: sent.id, body: null, deletedAt: expect.any(String) });
    const history = (await t.http().get(`/api/v1/channels/${channelId}/messages`).set(auth(b)).expect(200)).body as WireMessage[];
    expect(history.find((m) => m.id === sent.id)).toMatchObject({ body: null, deletedAt: expect.any(String), seq: sent.seq });
    expect(await ack(sa, 'message:edit', { messageId: sent.id, body: 'again' })).toMatchObject({ ok: false, error: { code: 'message_deleted' } });
  });

  it('sync returns everything created or changed after a version, tombstones included, after an absence', async () => {
    const a = await t.user({ countryCode: 'AL' });
    const b = await t.user({ countryCode: 'AL' });
    const channelId = await countryChannel(a, 'AL');
    const sa = await open(a);
    const kept = (await ack(sa, 'message:send', { channelId, clientId: 's-1', body: 'Mirëdita' })).message as WireMessage;
    const toDelete = (await ack(sa, 'message:send', { channelId, clientId: 's-2', body: 'fshije' })).message as WireMessage;
    // b was away: it last saw the channel at kept.version - 1.
    const since = kept.version - 1;
    await ack(sa, 'message:edit', { messageId: kept.id, body: 'Mirëdita, kolegë' });
    await ack(sa, 'message:delete', { messageId: toDelete.id });
    const fresh = (await ack(sa, 'message:send', { channelId, clientId: 's-3', body: 'E re' })).message as WireMessage;
    const sb = await open(b);
    const res = await ack(sb, 'sync', { channels: { [channelId]: since } });
    expect(res.ok).toBe(true);
    expect(res.more).toBe(false);
    const changes = res.changes as WireMessage[];
    expect(changes.map((m) => m.id)).toEqual([kept.id, toDelete.id, fresh.id]);
    expect(changes.map((m) => m.version)).toEqual([...changes.map((m) => m.version)].sort((x, y) => x - y));
    expect(changes[0].body).toBe('Mirëdita, kolegë');
    expect(changes[1]).toMatchObject({ body: null, deletedAt: expect.any(String) });
    const none = await ack(sb, 'sync', { channels: { [channelId]: changes[2].version } });
    expect(none).toEqual({ ok: true, changes: [], more: false });
  });

  it('pages sync 500 changes at a time with `more`, and the pages join up without gaps or repeats', async () => {
    const a = await t.user();
    const ch = (await t.http().post('/api/v1/channels').set(auth(a)).send({ kind: 'topic', name: 'Sync paging', visibility: 'public' }).expect(201)).body;
    for (let i = 0; i < 520; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, 520 - i) }, (_, k) => t.http().post(`/api/v1/channels/${ch.id}/messages`).set(auth(a)).send({ clientId: `page-${i + k}`, body: `m ${i + k}` }).expect(201)),
      );
    }
    const s = await open(a);
    const first = await ack(s, 'sync', { channels: { [ch.id]: 0 } });
    expect(first.more).toBe(true);
    expect(first.changes).toHaveLength(500);
    const last = first.changes[first.changes.length - 1].version;
    const second = await ack(s, 'sync', { channels: { [ch.id]: last } });
    expect(second.more).toBe(false);
    const all = [...first.changes, ...second.changes] as WireMessage[];
    expect(all).toHaveLength(520);
    expect(new Set(all.map((m) => m.id)).size).toBe(520);
    expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 520 }, (_, i) => i + 1));
  }, 180_000); // 520 sends through the API: slow on a busy 2-core machine, not a time assertion

  it('counts unread messages and mentions, resolves @displayName, @all and @country, and clears them on channel:read', async () => {
    const a = await t.user({ countryCode: 'UZ', displayName: 'Oʻktam Gʻulomov' });
    const b = await t.user({ countryCode: 'UZ', displayName: 'Dilnoza Karimova' });
    const channelId = await countryChannel(a, 'UZ');
    const sb = await open(b);
    const readEvents = collect<{ channelId: string; seq: number }>(sb, 'channel:read');
    const m1 = (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(a)).send({ clientId: 'm-1', body: 'Salom @Dilnoza Karimova, qarang' }).expect(201)).body as WireMessage;
    expect(m1.mentions).toEqual([b.user.id]);
    const m2 = (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(a)).send({ clientId: 'm-2', body: 'Hammaga: @country' }).expect(201)).body as WireMessage;
    expect(m2.mentions).toContain(b.user.id);
    expect(m2.mentions).not.toContain(a.user.id);
    const none = (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(a)).send({ clientId: 'm-3', body: 'email dilnoza@example.org @nobody' }).expect(201)).body as WireMessage;
    expect(none.mentions).toEqual([]);
    const mine = (await t.http().get('/api/v1/channels').set(auth(b)).expect(200)).body as { id: string; unreadCount: number; mentionCount: number; lastSeq: number; lastReadSeq: number }[];
    const uz = mine.find((c) => c.id === channelId)!;
    expect(uz.mentionCount).toBe(2);
    expect(uz.unreadCount).toBeGreaterThanOrEqual(3);
    expect(uz.lastSeq).toBe(none.seq);
    expect(await ack(sb, 'channel:read', { channelId, seq: none.seq })).toMatchObject({ ok: true });
    await waitFor(() => readEvents.find((e) => e.seq === none.seq), 5000, 'channel:read echo');
    const after = ((await t.http().get('/api/v1/channels').set(auth(b)).expect(200)).body as typeof mine).find((c) => c.id === channelId)!;
    expect(after).toMatchObject({ unreadCount: 0, mentionCount: 0, lastReadSeq: none.seq });
    // The sender's own messages are read.
    const forA = ((await t.http().get('/api/v1/channels').set(auth(a)).expect(200)).body as typeof mine).find((c) => c.id === channelId)!;
    expect(forA.unreadCount).toBe(0);
  });

  it('joins and leaves public channels: the socket follows', async () => {
    const owner = await t.user();
    const joiner = await t.user();
    const ch = (await t.http().post('/api/v1/channels').set(auth(owner)).send({ kind: 'topic', name: 'Su kayıpları', visibility: 'public' }).expect(201)).body;
    const found = (await t.http().get('/api/v1/channels/discover').query({ q: 'SU KAYIPLARI' }).set(auth(joiner)).expect(200)).body as { id: string }[];
    expect(found.map((c) => c.id)).toContain(ch.id);
    const sj = await open(joiner);
    const got = collect<{ message: WireMessage }>(sj, 'message:new');
    const added = waitForEvent(sj, 'channel:added');
    await t.http().post(`/api/v1/channels/${ch.id}/join`).set(auth(joiner)).expect(200);
    await added;
    await t.http().post(`/api/v1/channels/${ch.id}/messages`).set(auth(owner)).send({ clientId: 'j-1', body: 'one' }).expect(201);
    await waitFor(() => got.length === 1, 5000, 'message after join');
    await t.http().post(`/api/v1/channels/${ch.id}/leave`).set(auth(joiner)).expect(204);
    await t.http().post(`/api/v1/channels/${ch.id}/messages`).set(auth(owner)).send({ clientId: 'j-2', body: 'two' }).expect(201);
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(1);
  });

  it('finds or makes the direct channel of exactly a set of people', async () => {
    const [a, b, c] = [await t.user(), await t.user(), await t.user()];
    const first = (await t.http().post('/api/v1/channels/direct').set(auth(a)).send({ userIds: [b.user.id] }).expect(200)).body;
    const again = (await t.http().post('/api/v1/channels/direct').set(auth(b)).send({ userIds: [a.user.id] }).expect(200)).body;
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ kind: 'direct', visibility: 'private', memberCount: 2 });
    const group = (await t.http().post('/api/v1/channels/direct').set(auth(a)).send({ userIds: [b.user.id, c.user.id] }).expect(200)).body;
    expect(group.id).not.toBe(first.id);
    await t.http().get(`/api/v1/channels/${first.id}/messages`).set(auth(c)).expect(404);
    await t.http().post('/api/v1/channels/direct').set(auth(a)).send({ userIds: ['nope'] }).expect(400);
  });

  it('relays typing to the others, at most once every 2 seconds per socket', async () => {
    const a = await t.user({ countryCode: 'MK' });
    const b = await t.user({ countryCode: 'MK' });
    const channelId = await countryChannel(a, 'MK');
    const [sa, sb] = [await open(a), await open(b)];
    const typing = collect<{ userId: string; channelId: string }>(sb, 'typing');
    const mine = collect(sa, 'typing');
    for (let i = 0; i < 5; i++) expect(await ack(sa, 'typing', { channelId })).toEqual({ ok: true });
    await waitFor(() => typing.length === 1, 5000, 'typing');
    await new Promise((r) => setTimeout(r, 200));
    expect(typing).toEqual([{ channelId, threadId: null, userId: a.user.id, displayName: expect.any(String) }]);
    expect(mine).toHaveLength(0);
  });

  it('shows presence across tabs: online with any tab, away when all are, offline when none', async () => {
    const a = await t.user({ countryCode: 'XK' });
    const b = await t.user({ countryCode: 'XK' });
    const sb = await open(b);
    const seen = collect<{ userId: string; status: string }>(sb, 'presence');
    expect(await ack(sb, 'presence:watch', { userIds: [a.user.id] })).toEqual({ ok: true, statuses: { [a.user.id]: 'offline' } });
    const tab1 = await open(a);
    await waitFor(() => seen.find((p) => p.userId === a.user.id && p.status === 'online'), 5000, 'online');
    const tab2 = await open(a);
    await ack(tab1, 'presence:set', { status: 'away' });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.filter((p) => p.userId === a.user.id).map((p) => p.status)).toEqual(['online']);
    await ack(tab2, 'presence:set', { status: 'away' });
    await waitFor(() => seen.find((p) => p.userId === a.user.id && p.status === 'away'), 5000, 'away');
    tab1.close();
    tab2.close();
    await waitFor(() => seen.find((p) => p.userId === a.user.id && p.status === 'offline'), 5000, 'offline');
  });

  it('pushes presence to watchers and direct-message partners, not to whole channels', async () => {
    const member = await t.createMember({ countryCode: 'XK' });
    const a = await t.user({ countryCode: 'XK', memberId: member.id });
    const coMember = await t.user({ countryCode: 'XK', memberId: member.id });
    const partner = await t.user({ countryCode: 'TR' });
    await t.http().post('/api/v1/channels/direct').auth(partner.accessToken, { type: 'bearer' }).send({ userIds: [a.user.id] }).expect(200);
    const sCo = await open(coMember);
    const sPartner = await open(partner);
    const coSeen = collect<{ userId: string; status: string }>(sCo, 'presence');
    const partnerSeen = collect<{ userId: string; status: string }>(sPartner, 'presence');
    const sa = await open(a);
    await waitFor(() => partnerSeen.find((p) => p.userId === a.user.id && p.status === 'online'), 5000, 'partner sees online');
    // The co-member shares only the country and announcement channels: nothing until they watch.
    await new Promise((r) => setTimeout(r, 300));
    expect(coSeen.filter((p) => p.userId === a.user.id)).toEqual([]);
    expect(await ack(sCo, 'presence:watch', { userIds: [a.user.id, partner.user.id, a.user.id] })).toEqual({ ok: true, statuses: { [a.user.id]: 'online', [partner.user.id]: 'online' } });
    sa.close();
    await waitFor(() => coSeen.find((p) => p.userId === a.user.id && p.status === 'offline'), 5000, 'watcher sees offline');
    // A new watch list replaces the old one.
    await ack(sCo, 'presence:watch', { userIds: [] });
    const again = await open(a);
    await waitFor(() => partnerSeen.filter((p) => p.userId === a.user.id && p.status === 'online').length === 2, 5000, 'partner sees online again');
    await new Promise((r) => setTimeout(r, 300));
    expect(coSeen.filter((p) => p.userId === a.user.id).map((p) => p.status)).toEqual(['offline']);
    const tooMany = await ack(sCo, 'presence:watch', { userIds: Array.from({ length: 201 }, (_, i) => `u${i}`) });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    again.close();
  });

  it('disconnects the sockets of a session on logout, and of a user on deactivation', async () => {
    const u = await t.user();
    const s = await open(u);
    const gone = new Promise((r) => s.once('disconnect', r));
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: u.refreshToken }).expect(204);
    await gone;
    const v = await t.user();
    const sv = await open(v);
    const goneToo = new Promise((r) => sv.once('disconnect', r));
    await t.http().patch(`/api/v1/users/${v.user.id}`).set(auth(await t.admin())).send({ deactivated: true }).expect(200);
    await goneToo;
  });

  it('answers malformed payloads with error acks and keeps the connection', async () => {
    const a = await t.user({ countryCode: 'PK' });
    const channelId = await countryChannel(a, 'PK');
    const sa = await open(a);
    let deep: unknown = 'x';
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    const corpus: [string, unknown][] = [
      ['message:send', undefined],
      ['message:send', null],
      ['message:send', 42],
      ['message:send', 'text'],
      ['message:send', []],
      ['message:send', {}],
      ['message:send', { channelId, clientId: 'c' }],
      ['message:send', { channelId, clientId: 'c', body: 123 }],
      ['message:send', { channelId, clientId: 'c', body: '   ' }],
      ['message:send', { channelId, clientId: 'c', body: 'x'.repeat(10_001) }],
      ['message:send', { channelId, clientId: 'c', body: '😀'.repeat(10_001) }],
      ['message:send', { channelId, clientId: 'c', body: 'y'.repeat(100_000) }],
      ['message:send', { channelId, clientId: 'c', body: 'ok', extra: true }],
      ['message:send', { channelId, clientId: { $gt: '' }, body: 'ok' }],
      ['message:send', { channelId: ['x'], clientId: 'c', body: 'ok' }],
      ['message:send', { channelId, clientId: 'has space', body: 'ok' }],
      ['message:send', { channelId, clientId: 'c', body: 'ok', threadId: 'unknown-thread' }],
      ['message:send', { channelId: 'no-such-channel', clientId: 'c2', body: 'ok' }],
      ['message:send', deep],
      ['message:edit', { messageId: 'nope', body: 'x' }],
      ['message:edit', { messageId: 5 }],
      ['message:delete', { messageId: null }],
      ['reaction:toggle', { messageId: 'nope', emoji: '👍' }],
      ['reaction:toggle', { messageId: 'nope', emoji: 'two words' }],
      ['typing', { channelId: 7 }],
      ['channel:read', { channelId, seq: -1 }],
      ['channel:read', { channelId, seq: 'NaN' }],
      ['sync', { channels: 'all' }],
      ['sync', { channels: { [channelId]: -5 } }],
      ['presence:set', { status: 'busy' }],
    ];
    for (const [event, payload] of corpus) {
      const res = await ack(sa, event, payload);
      expect({ event, payload: JSON.stringify(payload)?.slice(0, 80), ok: res.ok }).toEqual({ event, payload: JSON.stringify(payload)?.slice(0, 80), ok: false });
      expect([400, 403, 404]).toContain((ERROR_CATALOG as Record<string, { status: number }>)[res.error.code]?.status);
      expect(sa.connected).toBe(true);
    }
    // Still works afterwards, and right-to-left and mixed scripts go through verbatim.
    const body = 'پاکستان میں خوش آمدید — Hoş geldiniz — Добро пожаловать 🌙 <b>x</b>';
    const ok = await ack(sa, 'message:send', { channelId, clientId: 'after-corpus', body });
    expect(ok).toMatchObject({ ok: true, message: { body } });
  });
});

describe('send rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '5' });
  });
  afterAll(() => t?.close());

  it('answers rate_limited past the per-user limit, shared by HTTP and sockets', async () => {
    const u = await t.user({ countryCode: 'TR' });
    const list = (await t.http().get('/api/v1/channels').set({ Authorization: `Bearer ${u.accessToken}` }).expect(200)).body as { id: string; kind: string }[];
    const channelId = list.find((c) => c.kind === 'country')!.id;
    const s = await connect(t.url, u.accessToken);
    try {
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await ack(s, 'message:send', { channelId, clientId: `r-${i}`, body: `m${i}` }));
      expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
      expect(results[5]).toEqual({ ok: false, error: { code: 'rate_limited', message: 'You are sending messages too fast' } });
      const http = await t.http().post(`/api/v1/channels/${channelId}/messages`).set({ Authorization: `Bearer ${u.accessToken}` }).send({ clientId: 'r-http', body: 'x' });
      expect(http.status).toBe(429);
      expect(Number(http.headers['retry-after'])).toBeGreaterThan(0);
      // A resend of an already stored message is never refused.
      expect((await ack(s, 'message:send', { channelId, clientId: 'r-0', body: 'm0' })).ok).toBe(true);
    } finally {
      s.close();
    }
  });
});
