import type { Response } from 'supertest';
import { ERROR_CATALOG } from '@lib/errors';
import { TestApp, type Session } from './support/app';
import { ack, collect, connect, waitFor, type Client } from './support/sockets';
import type { AckError, WireMessage, WireMyChannel } from '@lib/contract';

/**
 * Who may do what in which channel, over HTTP and over the socket.
 *
 * Each row is one actor in one channel; each column one action. `ok` means allowed; a number is the HTTP status
 * of the refusal (the socket answers with a catalog code of that status, e.g. 403 not_message_author);
 * `-` means the actor has no message of their own there (they cannot post). Every refusal is checked to have
 * changed nothing (channel version, lastSeq and memberCount, the message itself, memberships), every 404 to be
 * exactly the answer for an id that does not exist, and an actor who is not a member to receive no event of the
 * channel on their socket.
 */

type Outcome = 'ok' | 400 | 403 | 404;
type SyncOutcome = 'changes' | 'skipped';
type Actor = 'outsider' | 'member' | 'owner' | 'author' | 'admin' | 'admin (member)';
type ChannelKind = 'private topic' | 'public topic' | 'announcement' | 'direct' | 'own country' | 'other country';
type Cells = [
  history: Outcome,
  get: Outcome,
  send: Outcome,
  editOthers: Outcome,
  editOwn: Outcome | '-',
  deleteOthers: Outcome,
  deleteOwn: Outcome | '-',
  react: Outcome,
  typing: Outcome,
  read: Outcome,
  sync: SyncOutcome,
  join: Outcome,
  leave: Outcome,
  addMembers: Outcome,
];

const ok = 'ok' as const;
const C = 'changes' as const;
const S = 'skipped' as const;
const INVISIBLE: Cells = [404, 404, 404, 404, '-', 404, '-', 404, 404, 404, S, 404, 404, 404];

/*
 * Admins manage every channel they can see (adding members to a public channel included) without joining it.
 * People: owner and member are officials of KZ; the author is an organizer of KZ (so that they may post in the
 * announcement channel); admin is an admin of KZ; the outsider an official of UZ. "author" wrote the message
 * the others try to edit and delete; the author's own attempt on someone else's message targets a message by the
 * owner (topic), an admin (announcement) or the member (direct, country). In the other country's channel (AZ) the
 * messages are by an AZ official, and "member" is a KZ official who joined it.
 * "admin" is not a member of topic and direct channels; "admin (member)" is. Everyone is in the announcement
 * channel and in their own country's channel, so those have no outsider.
 */
// hist: GET history · get: GET /channels/:id · send: HTTP + message:send · edO/edM: edit someone else's / my message
// (PATCH + message:edit) · deO/deM: delete someone else's / mine (DELETE + message:delete) · reac: reaction:toggle
// typ: typing · read: channel:read · sync: sync including the channel · join, leav(e), add: POST join, leave, members
//                                     hist get  send edO  edM  deO  deM  reac typ  read sync join leav add
const MATRIX: [Actor, ChannelKind, Cells][] = [
  ['outsider',       'private topic', INVISIBLE],
  ['member',         'private topic', [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  ok,  403]],
  ['owner',          'private topic', [ok,  ok,  ok,  403, ok,  ok,  ok,  ok,  ok,  ok,  C,   ok,  ok,  ok]],
  ['author',         'private topic', [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  ok,  403]],
  ['admin',          'private topic', INVISIBLE],
  ['admin (member)', 'private topic', [ok,  ok,  ok,  403, ok,  ok,  ok,  ok,  ok,  ok,  C,   ok,  ok,  ok]],

  ['outsider',       'public topic',  [ok,  ok,  403, 403, '-', 403, '-', 403, 403, 403, S,   ok,  403, 403]],
  ['member',         'public topic',  [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  ok,  ok]],
  ['owner',          'public topic',  [ok,  ok,  ok,  403, ok,  ok,  ok,  ok,  ok,  ok,  C,   ok,  ok,  ok]],
  ['author',         'public topic',  [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  ok,  ok]],
  ['admin',          'public topic',  [ok,  ok,  403, 403, '-', ok,  '-', 403, 403, 403, S,   ok,  403, ok]],
  ['admin (member)', 'public topic',  [ok,  ok,  ok,  403, ok,  ok,  ok,  ok,  ok,  ok,  C,   ok,  ok,  ok]],

  ['member',         'announcement',  [ok,  ok,  403, 403, '-', 403, '-', ok,  ok,  ok,  C,   ok,  403, 400]],
  ['author',         'announcement',  [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  403, 400]],
  ['admin',          'announcement',  [ok,  ok,  ok,  403, ok,  ok,  ok,  ok,  ok,  ok,  C,   ok,  403, 400]],

  ['outsider',       'direct',        INVISIBLE],
  ['member',         'direct',        [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  403, 400]],
  ['author',         'direct',        [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  403, 400]],
  ['admin',          'direct',        INVISIBLE],
  ['admin (member)', 'direct',        [ok,  ok,  ok,  403, ok,  ok,  ok,  ok,  ok,  ok,  C,   ok,  403, 400]],

  ['member',         'own country',   [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  403, 400]],
  ['author',         'own country',   [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  403, 400]],
  ['admin',          'own country',   [ok,  ok,  ok,  403, ok,  ok,  ok,  ok,  ok,  ok,  C,   ok,  403, 400]],

  ['outsider',       'other country', [ok,  ok,  403, 403, '-', 403, '-', 403, 403, 403, S,   ok,  403, 403]],
  ['member',         'other country', [ok,  ok,  ok,  403, ok,  403, ok,  ok,  ok,  ok,  C,   ok,  ok,  400]],
  ['admin',          'other country', [ok,  ok,  403, 403, '-', ok,  '-', 403, 403, 403, S,   ok,  403, 400]],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AckResult = { ok: boolean; error?: AckError['error']; [k: string]: any };

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

describe('channel permission matrix (HTTP and Socket.IO)', () => {
  let t: TestApp;
  let people: Record<'owner' | 'member' | 'author' | 'admin' | 'outsider' | 'foreigner' | 'newcomer', Session>;
  const fixed: Partial<Record<'announcement' | 'direct' | 'directWithAdmin' | 'kz' | 'az' | 'tm', string>> = {};
  const unknown: { channelHttp?: unknown; messageHttp?: unknown; channelAck?: AckResult; messageAck?: AckResult } = {};
  const sockets: Client[] = [];

  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const open = async (s: Session) => {
    const c = await connect(t.url, s.accessToken);
    sockets.push(c);
    return c;
  };
  const mine = async (s: Session) => (await t.http().get('/api/v1/channels').set(auth(s)).expect(200)).body as WireMyChannel[];
  const isMember = async (s: Session, channelId: string) => (await mine(s)).some((c) => c.id === channelId);
  /** What a refused action must not change, as a member (the observer) sees it. */
  const snapshot = async (observer: Session, channelId: string) => {
    const c = (await mine(observer)).find((x) => x.id === channelId)!;
    return { version: c.version, lastSeq: c.lastSeq, memberCount: c.memberCount };
  };
  const post = async (s: Session, channelId: string, body = t.unique('Mesaj ')) =>
    (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(s)).send({ clientId: t.unique('c-'), body }).expect(201)).body as WireMessage;
  const history = async (s: Session, channelId: string) =>
    (await t.http().get(`/api/v1/channels/${channelId}/messages`).query({ limit: 200 }).set(auth(s)).expect(200)).body as WireMessage[];
  const reload = async (observer: Session, m: WireMessage) => {
    const page = (await t.http().get(`/api/v1/channels/${m.channelId}/messages`).query({ after: m.seq - 1, limit: 1 }).set(auth(observer)).expect(200)).body as WireMessage[];
    expect(page[0].id).toBe(m.id);
    return page[0];
  };
  const stateOf = (m: WireMessage) => ({ body: m.body, editedAt: m.editedAt, deletedAt: m.deletedAt, version: m.version, reactions: m.reactions });

  /** The HTTP answer is the cell's; a 404 is word for word the answer for an id that does not exist. */
  const expectHttp = (cell: string, res: Response, outcome: Outcome, okStatus: number, notFound: unknown) => {
    expect(`${cell}: ${res.status}`).toBe(`${cell}: ${outcome === ok ? okStatus : outcome}`);
    if (outcome === 404) expect({ cell, body: res.body }).toEqual({ cell, body: notFound });
    else if (outcome !== ok) expect(res.body).toMatchObject({ statusCode: outcome, message: expect.any(String) });
  };
  const expectAck = (cell: string, res: AckResult, outcome: Outcome, notFound: AckResult) => {
    // The ack's code is a catalog key of the refusal's HTTP status (the same key the HTTP body carries).
    const status = res.ok ? ok : (ERROR_CATALOG as Record<string, { status: number } | undefined>)[res.error?.code ?? '']?.status ?? res.error?.code;
    expect(`${cell}: ${status}`).toBe(`${cell}: ${outcome}`);
    if (outcome === 404) expect({ cell, res }).toEqual({ cell, res: notFound });
  };

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '100000' });
    people = {
      owner: await t.user({ countryCode: 'KZ', displayName: t.unique('Owner ') }),
      member: await t.user({ countryCode: 'KZ', displayName: t.unique('Member ') }),
      author: await t.user({ role: 'organizer', countryCode: 'KZ', displayName: t.unique('Author ') }),
      admin: await t.user({ role: 'admin', countryCode: 'KZ', displayName: t.unique('Admin ') }),
      outsider: await t.user({ countryCode: 'UZ', displayName: t.unique('Outsider ') }),
      foreigner: await t.user({ countryCode: 'AZ', displayName: t.unique('Foreigner ') }),
      newcomer: await t.user({ countryCode: 'UZ', displayName: t.unique('Newcomer ') }),
    };
    const list = await mine(people.member);
    fixed.announcement = list.find((c) => c.kind === 'announcement')!.id;
    fixed.kz = list.find((c) => c.kind === 'country' && c.countryCode === 'KZ')!.id;
    fixed.az = (await mine(people.foreigner)).find((c) => c.kind === 'country' && c.countryCode === 'AZ')!.id;
    fixed.tm = (await mine(people.outsider)).find((c) => c.kind === 'country' && c.countryCode === 'UZ')!.id;
    fixed.direct = (await t.http().post('/api/v1/channels/direct').set(auth(people.member)).send({ userIds: [people.author.user.id] }).expect(200)).body.id;
    fixed.directWithAdmin = (
      await t.http().post('/api/v1/channels/direct').set(auth(people.member)).send({ userIds: [people.author.user.id, people.admin.user.id] }).expect(200)
    ).body.id;
    // "member" of another country's channel: a KZ official who joined the AZ channel.
    await t.http().post(`/api/v1/channels/${fixed.az}/join`).set(auth(people.member)).expect(200);

    unknown.channelHttp = (await t.http().get(`/api/v1/channels/${UNKNOWN_ID}`).set(auth(people.member)).expect(404)).body;
    unknown.messageHttp = (await t.http().patch(`/api/v1/messages/${UNKNOWN_ID}`).set(auth(people.member)).send({ body: 'x' }).expect(404)).body;
    const s = await open(people.member);
    unknown.channelAck = await ack(s, 'message:send', { channelId: UNKNOWN_ID, clientId: 'unknown-1', body: 'x' });
    unknown.messageAck = await ack(s, 'message:edit', { messageId: UNKNOWN_ID, body: 'x' });
    expect(unknown.channelHttp).toEqual({ statusCode: 404, code: 'channel_not_found', error: 'Not Found', message: 'Channel not found' });
    expect(unknown.messageHttp).toEqual({ statusCode: 404, code: 'message_not_found', error: 'Not Found', message: 'Message not found' });
    expect(unknown.channelAck).toEqual({ ok: false, error: { code: 'channel_not_found', message: 'Channel not found' } });
    expect(unknown.messageAck).toEqual({ ok: false, error: { code: 'message_not_found', message: 'Message not found' } });
    s.close();
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => t?.close());

  /** The channel of a row, who acts, whose message they try to change, and a member who watches. */
  const scene = async (actor: Actor, kind: ChannelKind) => {
    const p = people;
    const who = actor === 'admin (member)' ? p.admin : p[actor];
    let channelId: string;
    let author = p.author;
    let otherPoster: Session;
    let watchers: Session[];
    switch (kind) {
      case 'private topic':
      case 'public topic': {
        // A fresh channel per row, so that joins, leaves and additions of one row never leak into another.
        const memberIds = [p.member.user.id, p.author.user.id, ...(actor === 'admin (member)' ? [p.admin.user.id] : [])];
        const visibility = kind === 'private topic' ? 'private' : 'public';
        channelId = (await t.http().post('/api/v1/channels').set(auth(p.owner)).send({ kind: 'topic', name: t.unique('Konu '), visibility, memberIds }).expect(201)).body.id;
        otherPoster = p.owner;
        watchers = [p.owner, p.member];
        break;
      }
      case 'announcement':
        channelId = fixed.announcement!;
        otherPoster = p.admin;
        watchers = [p.foreigner];
        break;
      case 'direct':
        channelId = actor === 'admin (member)' ? fixed.directWithAdmin! : fixed.direct!;
        otherPoster = p.member;
        watchers = [p.member, p.author];
        break;
      case 'own country':
        channelId = fixed.kz!;
        otherPoster = p.member;
        watchers = [p.member, p.author];
        break;
      case 'other country':
        channelId = fixed.az!;
        author = p.foreigner;
        otherPoster = p.foreigner;
        watchers = [p.foreigner];
        break;
    }
    const observer = watchers.find((w) => w !== who)!;
    return { who, channelId, othersAuthor: who === author ? otherPoster : author, observer };
  };

  describe.each(MATRIX)('%s × %s', (actor, kind, cells) => {
    const [history_, get_, send_, editOthers_, editOwn_, deleteOthers_, deleteOwn_, react_, typing_, read_, sync_, join_, leave_, add_] = cells;

    it(`history ${history_}, get ${get_}, send ${send_}, edit ${editOthers_}/${editOwn_}, delete ${deleteOthers_}/${deleteOwn_}, react ${react_}, typing ${typing_}, read ${read_}, sync ${sync_}, join ${join_}, leave ${leave_}, add ${add_}`, async () => {
      const { who, channelId: ch, othersAuthor, observer } = await scene(actor, kind);
      const wasMember = await isMember(who, ch);
      // channel:read needs nothing but membership, so its cell says whether the actor is in the channel.
      expect({ wasMember }).toEqual({ wasMember: read_ === ok });
      const [sa, so] = [await open(who), await open(observer)];
      const seenByActor: { event: string; channelId: string }[] = [];
      for (const event of ['message:new', 'message:updated']) sa.on(event, (p: { message: WireMessage }) => seenByActor.push({ event, channelId: p.message.channelId }));
      for (const event of ['typing', 'channel:read']) sa.on(event, (p: { channelId: string }) => seenByActor.push({ event, channelId: p.channelId }));
      const typingSeen = collect<{ channelId: string; userId: string }>(so, 'typing');

      const others = await post(othersAuthor, ch, 'Başkasının mesajı');

      // Read history and the channel.
      {
        const res = await t.http().get(`/api/v1/channels/${ch}/messages`).set(auth(who));
        expectHttp('GET /channels/:id/messages', res, history_, 200, unknown.channelHttp);
        if (history_ === ok) expect((res.body as WireMessage[]).map((m) => m.id)).toContain(others.id);
        const one = await t.http().get(`/api/v1/channels/${ch}`).set(auth(who));
        expectHttp('GET /channels/:id', one, get_, 200, unknown.channelHttp);
        if (get_ === ok) expect(one.body).toMatchObject({ id: ch, lastSeq: others.seq });
      }

      // Send, over HTTP and over the socket.
      for (const via of ['http', 'socket'] as const) {
        const cell = `send (${via})`;
        const before = await snapshot(observer, ch);
        const clientId = t.unique(`send-${via}-`);
        const body = `Merhaba ${clientId}`;
        let sent: WireMessage | undefined;
        if (via === 'http') {
          const res = await t.http().post(`/api/v1/channels/${ch}/messages`).set(auth(who)).send({ clientId, body });
          expectHttp(cell, res, send_, 201, unknown.channelHttp);
          if (send_ === ok) sent = res.body;
        } else {
          const res = await ack(sa, 'message:send', { channelId: ch, clientId, body });
          expectAck(cell, res, send_, unknown.channelAck!);
          if (send_ === ok) sent = res.message;
        }
        const stored = (await history(observer, ch)).filter((m) => m.clientId === clientId);
        if (send_ === ok) {
          expect(sent).toMatchObject({ channelId: ch, body, author: { id: who.user.id } });
          expect(stored.map((m) => m.id)).toEqual([sent!.id]);
        } else {
          expect({ cell, stored }).toEqual({ cell, stored: [] });
          expect({ cell, after: await snapshot(observer, ch) }).toEqual({ cell, after: before });
        }
      }

      // Edit someone else's message: only the author edits.
      for (const via of ['http', 'socket'] as const) {
        const cell = `edit someone else's (${via})`;
        const before = await snapshot(observer, ch);
        const original = await reload(observer, others);
        if (via === 'http') {
          const res = await t.http().patch(`/api/v1/messages/${others.id}`).set(auth(who)).send({ body: 'hijacked' });
          expectHttp(cell, res, editOthers_, 200, unknown.messageHttp);
        } else {
          expectAck(cell, await ack(sa, 'message:edit', { messageId: others.id, body: 'hijacked' }), editOthers_, unknown.messageAck!);
        }
        const now = await reload(observer, others);
        if (editOthers_ === ok) expect(now.body).toBe('hijacked');
        else {
          expect({ cell, message: stateOf(now) }).toEqual({ cell, message: stateOf(original) });
          expect({ cell, after: await snapshot(observer, ch) }).toEqual({ cell, after: before });
        }
      }

      // Edit one's own message.
      if (editOwn_ !== '-') {
        const own = await post(who, ch, 'İlk hali');
        const res = await t.http().patch(`/api/v1/messages/${own.id}`).set(auth(who)).send({ body: 'Düzeltildi (http)' });
        expectHttp('edit own (http)', res, editOwn_, 200, unknown.messageHttp);
        const viaSocket = await ack(sa, 'message:edit', { messageId: own.id, body: 'Düzeltildi (socket)' });
        expectAck('edit own (socket)', viaSocket, editOwn_, unknown.messageAck!);
        if (editOwn_ === ok) {
          expect(res.body).toMatchObject({ id: own.id, body: 'Düzeltildi (http)', editedAt: expect.any(String) });
          expect(await reload(observer, own)).toMatchObject({ body: 'Düzeltildi (socket)', editedAt: expect.any(String) });
        }
      }

      // Delete someone else's message: the author, the channel owner or an admin. A fresh message each time.
      for (const via of ['http', 'socket'] as const) {
        const cell = `delete someone else's (${via})`;
        const target = await post(othersAuthor, ch, `Silinecek mi? ${via}`);
        const before = await snapshot(observer, ch);
        if (via === 'http') {
          const res = await t.http().delete(`/api/v1/messages/${target.id}`).set(auth(who));
          expectHttp(cell, res, deleteOthers_, 204, unknown.messageHttp);
        } else {
          expectAck(cell, await ack(sa, 'message:delete', { messageId: target.id }), deleteOthers_, unknown.messageAck!);
        }
        const now = await reload(observer, target);
        if (deleteOthers_ === ok) expect(now).toMatchObject({ body: null, deletedAt: expect.any(String), seq: target.seq });
        else {
          expect({ cell, message: stateOf(now) }).toEqual({ cell, message: stateOf(target) });
          expect({ cell, after: await snapshot(observer, ch) }).toEqual({ cell, after: before });
        }
      }

      // Delete one's own message.
      if (deleteOwn_ !== '-') {
        for (const via of ['http', 'socket'] as const) {
          const own = await post(who, ch, `Benim, silinecek ${via}`);
          if (via === 'http') expectHttp('delete own (http)', await t.http().delete(`/api/v1/messages/${own.id}`).set(auth(who)), deleteOwn_, 204, unknown.messageHttp);
          else expectAck('delete own (socket)', await ack(sa, 'message:delete', { messageId: own.id }), deleteOwn_, unknown.messageAck!);
          if (deleteOwn_ === ok) expect(await reload(observer, own)).toMatchObject({ body: null, deletedAt: expect.any(String) });
        }
      }

      // React.
      {
        const before = await snapshot(observer, ch);
        const original = await reload(observer, others);
        const res = await ack(sa, 'reaction:toggle', { messageId: others.id, emoji: '👍' });
        expectAck('reaction:toggle', res, react_, unknown.messageAck!);
        const now = await reload(observer, others);
        if (react_ === ok) expect(now.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [who.user.id] }]);
        else {
          expect({ cell: 'reaction:toggle', message: stateOf(now) }).toEqual({ cell: 'reaction:toggle', message: stateOf(original) });
          expect({ cell: 'reaction:toggle', after: await snapshot(observer, ch) }).toEqual({ cell: 'reaction:toggle', after: before });
        }
      }

      // Typing reaches the members only from a member.
      expectAck('typing', await ack(sa, 'typing', { channelId: ch }), typing_, unknown.channelAck!);
      if (typing_ === ok) await waitFor(() => typingSeen.find((e) => e.userId === who.user.id && e.channelId === ch), 5000, 'typing at the observer');

      // channel:read.
      {
        const lastSeq = (await snapshot(observer, ch)).lastSeq;
        const res = await ack(sa, 'channel:read', { channelId: ch, seq: lastSeq });
        expectAck('channel:read', res, read_, unknown.channelAck!);
        if (read_ === ok) {
          expect(res.seq).toBe(lastSeq);
          expect((await mine(who)).find((c) => c.id === ch)).toMatchObject({ lastReadSeq: lastSeq, unreadCount: 0 });
        } else expect({ cell: 'channel:read', member: await isMember(who, ch) }).toEqual({ cell: 'channel:read', member: false });
      }

      // sync including the channel: everything since version 0 for a member, nothing at all for anyone else.
      {
        const res = await ack(sa, 'sync', { channels: { [ch]: 0 } });
        if (sync_ === 'changes') {
          expect(res).toMatchObject({ ok: true, more: false });
          const changes = res.changes as WireMessage[];
          expect(changes.map((m) => m.id)).toContain(others.id);
          expect(new Set(changes.map((m) => m.channelId))).toEqual(new Set([ch]));
        } else expect({ cell: 'sync', res }).toEqual({ cell: 'sync', res: { ok: true, changes: [], more: false } });
      }

      // A member types and reacts too. Nothing of this channel reaches a non-member's socket; a member's saw it all.
      expect(await ack(so, 'typing', { channelId: ch })).toEqual({ ok: true });
      expect(await ack(so, 'reaction:toggle', { messageId: others.id, emoji: '🎉' })).toMatchObject({ ok: true });
      if (wasMember) {
        for (const event of ['message:new', 'message:updated', 'typing']) {
          await waitFor(() => seenByActor.some((e) => e.channelId === ch && e.event === event), 5000, `${event} on the member socket`);
        }
      }
      await new Promise((r) => setTimeout(r, 300));
      if (!wasMember) expect({ leaked: seenByActor.filter((e) => e.channelId === ch) }).toEqual({ leaked: [] });
      if (typing_ !== ok) expect(typingSeen.filter((e) => e.userId === who.user.id)).toEqual([]);

      // Add members (someone who is not in the channel, unless everyone is).
      {
        const newcomer = people.newcomer;
        const newcomerWasIn = await isMember(newcomer, ch);
        const before = await snapshot(observer, ch);
        const res = await t.http().post(`/api/v1/channels/${ch}/members`).set(auth(who)).send({ userIds: [newcomer.user.id] });
        expectHttp('POST /channels/:id/members', res, add_, 200, unknown.channelHttp);
        if (add_ === ok) {
          expect(await isMember(newcomer, ch)).toBe(true);
          expect((await snapshot(observer, ch)).memberCount).toBe(before.memberCount + (newcomerWasIn ? 0 : 1));
        } else {
          expect({ cell: 'add members', newcomerIn: await isMember(newcomer, ch) }).toEqual({ cell: 'add members', newcomerIn: newcomerWasIn });
          expect({ cell: 'add members', after: await snapshot(observer, ch) }).toEqual({ cell: 'add members', after: before });
        }
      }

      // Join: a no-op for a member; a visible non-member joins (and leaves again, to keep the row's state).
      {
        const before = await snapshot(observer, ch);
        const res = await t.http().post(`/api/v1/channels/${ch}/join`).set(auth(who));
        expectHttp('POST /channels/:id/join', res, join_, 200, unknown.channelHttp);
        if (join_ === ok) {
          expect(await isMember(who, ch)).toBe(true);
          expect((await snapshot(observer, ch)).memberCount).toBe(before.memberCount + (wasMember ? 0 : 1));
          if (!wasMember) {
            await t.http().post(`/api/v1/channels/${ch}/leave`).set(auth(who)).expect(204);
            expect(await snapshot(observer, ch)).toEqual(before);
          }
        } else {
          expect({ cell: 'join', member: await isMember(who, ch) }).toEqual({ cell: 'join', member: wasMember });
          expect({ cell: 'join', after: await snapshot(observer, ch) }).toEqual({ cell: 'join', after: before });
        }
      }

      // Leave.
      {
        const before = await snapshot(observer, ch);
        const res = await t.http().post(`/api/v1/channels/${ch}/leave`).set(auth(who));
        expectHttp('POST /channels/:id/leave', res, leave_, 204, unknown.channelHttp);
        if (leave_ === ok) {
          expect(await isMember(who, ch)).toBe(false);
          expect((await snapshot(observer, ch)).memberCount).toBe(before.memberCount - 1);
          // Gone from the room too: the next message does not reach the socket.
          const count = seenByActor.filter((e) => e.channelId === ch).length;
          await post(othersAuthor, ch, 'Ayrıldıktan sonra');
          await new Promise((r) => setTimeout(r, 300));
          expect(seenByActor.filter((e) => e.channelId === ch)).toHaveLength(count);
          if (kind === 'other country') await t.http().post(`/api/v1/channels/${ch}/join`).set(auth(who)).expect(200);
        } else {
          expect({ cell: 'leave', member: await isMember(who, ch) }).toEqual({ cell: 'leave', member: wasMember });
          expect({ cell: 'leave', after: await snapshot(observer, ch) }).toEqual({ cell: 'leave', after: before });
        }
      }
    });
  });

  it('never answers a send with a message of another channel because its clientId was used there', async () => {
    const p = people;
    const priv = (await t.http().post('/api/v1/channels').set(auth(p.owner)).send({ kind: 'topic', name: t.unique('Gizli '), visibility: 'private' }).expect(201)).body.id;
    const pub = (await t.http().post('/api/v1/channels').set(auth(p.owner)).send({ kind: 'topic', name: t.unique('Açık '), visibility: 'public' }).expect(201)).body.id;
    const clientId = t.unique('reused-');
    const first = (await t.http().post(`/api/v1/channels/${fixed.kz}/messages`).set(auth(p.member)).send({ clientId, body: 'İlk mesaj' }).expect(201)).body as WireMessage;
    const s = await open(p.member);
    const cases: [string, string, 403 | 404 | 409][] = [
      ['private channel I am not in', priv, 404],
      ['unknown channel', UNKNOWN_ID, 404],
      ['public channel I am not in', pub, 403],
      ['announcement channel (official)', fixed.announcement!, 403],
      ['direct channel I am in', fixed.direct!, 409],
    ];
    for (const [what, ch, status] of cases) {
      const watcher = ch === fixed.direct ? p.author : p.owner;
      const before = ch === UNKNOWN_ID ? null : (await t.http().get(`/api/v1/channels/${ch}`).set(auth(watcher)).expect(200)).body.lastSeq;
      const res = await t.http().post(`/api/v1/channels/${ch}/messages`).set(auth(p.member)).send({ clientId, body: 'Başka yere' });
      expect({ what, status: res.status }).toEqual({ what, status });
      if (status === 404) expect(res.body).toEqual(unknown.channelHttp);
      const viaSocket = await ack(s, 'message:send', { channelId: ch, clientId, body: 'Başka yere' });
      expect({ what, code: viaSocket.error?.code }).toEqual({ what, code: res.body.code }); // the same catalog key as HTTP
      if (status === 404) expect(viaSocket).toEqual(unknown.channelAck);
      if (before !== null) expect((await t.http().get(`/api/v1/channels/${ch}`).set(auth(watcher)).expect(200)).body.lastSeq).toBe(before);
    }
    // The resend to the channel it was sent to still returns the first message.
    expect((await ack(s, 'message:send', { channelId: fixed.kz, clientId, body: 'İlk mesaj' })).message).toMatchObject({ id: first.id, channelId: fixed.kz });
  });

  it('sync in one call serves the channels I am in and silently skips the others', async () => {
    const p = people;
    const priv = (await t.http().post('/api/v1/channels').set(auth(p.owner)).send({ kind: 'topic', name: t.unique('Gizli '), visibility: 'private' }).expect(201)).body.id;
    const pub = (await t.http().post('/api/v1/channels').set(auth(p.owner)).send({ kind: 'topic', name: t.unique('Açık '), visibility: 'public' }).expect(201)).body.id;
    for (const ch of [priv, pub, fixed.direct!, fixed.kz!]) await post(ch === fixed.direct ? p.member : p.owner, ch);
    const since = (await mine(p.outsider)).find((c) => c.id === fixed.tm)!.version;
    const mineNew = await post(p.outsider, fixed.tm!, 'Özbekistondan salom');
    const s = await open(p.outsider);
    const res = await ack(s, 'sync', { channels: { [priv]: 0, [pub]: 0, [fixed.direct!]: 0, [fixed.kz!]: 0, [UNKNOWN_ID]: 0, [fixed.tm!]: since } });
    expect(res).toMatchObject({ ok: true, more: false });
    expect((res.changes as WireMessage[]).map((m) => m.id)).toEqual([mineNew.id]);
  });
});
