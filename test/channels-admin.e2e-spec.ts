import type { Response } from 'supertest';
import { ERROR_CATALOG, type ErrorKey } from '@lib/errors';
import { TestApp, type Session } from './support/app';
import { ack, collect, connect, waitFor, waitForEvent, type Client } from './support/sockets';
import type { AckError, WireAuditEvent, WireChannel, WireChannelMember, WireMessage, WireMyChannel } from '@lib/contract';

/**
 * Channels that can be run: the member list, adding and removing members, owner/moderator roles, rename,
 * description, archive (read-only), leave and the hand-over of ownership, moderators deleting others' messages,
 * limits on mass mentions, audit rows, and the live events (`channel:updated`, `channel:removed`) on several real
 * sockets. Every refusal is checked to have changed nothing.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AckResult = { ok: boolean; error?: AckError['error']; [k: string]: any };

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

/** The HTTP error of a catalog key (its `code` where the body carries one, else its status and catalog message). */
function expectError(res: Response, key: ErrorKey, what: string = key): void {
  const entry = ERROR_CATALOG[key];
  expect({ what, status: res.status }).toEqual({ what, status: entry.status });
  if ('code' in (res.body as object)) expect({ what, code: res.body.code }).toEqual({ what, code: key });
  else expect({ what, message: res.body.message }).toEqual({ what, message: entry.message });
}

/** A 400 whose message names the field. */
function expectBadField(res: Response, field: string): void {
  expect({ field, status: res.status }).toEqual({ field, status: 400 });
  const message = ([] as string[]).concat(res.body.message).join('; ');
  expect(message).toContain(field);
}

/** A socket error ack of a catalog key (its own code, or the status's generic code with the catalog message). */
function expectAckError(res: AckResult, key: ErrorKey): void {
  expect(res.ok).toBe(false);
  expect(res.error?.code).toBe(key);
}

describe('channels that can be run', () => {
  let t: TestApp;
  let admin: Session;
  let organizer: Session;
  let owner: Session;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  let dave: Session;
  let outsider: Session;
  let kzChannel: string;
  let announcement: string;
  const sockets: Client[] = [];

  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const open = async (s: Session) => {
    const c = await connect(t.url, s.accessToken);
    sockets.push(c);
    return c;
  };
  const mine = async (s: Session) => (await t.http().get('/api/v1/channels').set(auth(s)).expect(200)).body as WireMyChannel[];
  const channel = async (s: Session, id: string) => (await t.http().get(`/api/v1/channels/${id}`).set(auth(s)).expect(200)).body as WireChannel;
  const members = async (s: Session, id: string) => (await t.http().get(`/api/v1/channels/${id}/members`).query({ limit: 200 }).set(auth(s)).expect(200)).body as WireChannelMember[];
  const roles = async (id: string) => Object.fromEntries((await members(admin, id)).map((m) => [m.user.id, m.role]));
  const topic = async (by: Session, others: Session[] = [], opts: { visibility?: 'public' | 'private'; kind?: 'topic' | 'forum' } = {}) =>
    (
      await t
        .http()
        .post('/api/v1/channels')
        .set(auth(by))
        .send({ kind: opts.kind ?? 'topic', name: t.unique('Konu '), description: 'Su işleri', visibility: opts.visibility ?? 'public', memberIds: others.map((o) => o.user.id) })
        .expect(201)
    ).body as WireMyChannel;
  const post = async (s: Session, channelId: string, body = t.unique('Mesaj ')) =>
    (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(s)).send({ clientId: t.unique('c-'), body }).expect(201)).body as WireMessage;
  const history = async (s: Session, channelId: string) =>
    (await t.http().get(`/api/v1/channels/${channelId}/messages`).query({ limit: 200 }).set(auth(s)).expect(200)).body as WireMessage[];
  const setRole = (by: Session, channelId: string, userId: string, role: unknown) =>
    t.http().patch(`/api/v1/channels/${channelId}/members/${userId}`).set(auth(by)).send({ role });
  const remove = (by: Session, channelId: string, userId: string) => t.http().delete(`/api/v1/channels/${channelId}/members/${userId}`).set(auth(by));
  const audit = async (query: Record<string, string>) => (await t.http().get('/api/v1/audit').query({ ...query, limit: 200 }).set(auth(admin)).expect(200)).body as WireAuditEvent[];
  /**
   * Everything the server sent this user's sockets before now has arrived once this returns: the user's own
   * `channel:read` in their country channel comes back to every socket of theirs after all earlier events.
   */
  const barrier = async (s: Session, socket: Client, via: Client = socket) => {
    const channelId = (await mine(s)).find((c) => c.kind === 'country')!.id;
    const seen = waitForEvent(socket, 'channel:read', (e: { channelId: string; userId: string }) => e.channelId === channelId && e.userId === s.user.id);
    expect(await ack(via, 'channel:read', { channelId, seq: 0 })).toMatchObject({ ok: true });
    await seen;
  };

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '100000' });
    admin = await t.admin();
    const kz = await t.createMember({ countryCode: 'KZ' });
    const person = (name: string, role: 'official' | 'organizer' | 'admin' = 'official', memberId = kz.id) => t.user({ memberId, role, displayName: t.unique(name) });
    organizer = await person('Organizer ', 'organizer');
    owner = await person('Owner ');
    alice = await person('Alice ');
    bob = await person('Bob ');
    carol = await person('Carol ');
    dave = await person('Dave ');
    outsider = await t.user({ countryCode: 'UZ', displayName: t.unique('Outsider ') });
    const list = await mine(owner);
    kzChannel = list.find((c) => c.kind === 'country')!.id;
    announcement = list.find((c) => c.kind === 'announcement')!.id;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => t?.close());

  it('gives every channel description, archived, memberCount and my role', async () => {
    const ch = await topic(owner, [alice]);
    expect(ch).toMatchObject({ kind: 'topic', description: 'Su işleri', visibility: 'public', memberCount: 2, archived: false, myRole: 'owner' });
    const listed = (await mine(alice)).find((c) => c.id === ch.id)!;
    expect(listed).toMatchObject({ archived: false, myRole: 'member', role: 'member', memberCount: 2, description: 'Su işleri' });
    expect((await mine(owner)).find((c) => c.id === ch.id)).toMatchObject({ myRole: 'owner', role: 'owner' });
    expect(await channel(bob, ch.id)).toMatchObject({ id: ch.id, myRole: null, archived: false, memberCount: 2 });
    const found = (await t.http().get('/api/v1/channels/discover').query({ q: ch.name }).set(auth(bob)).expect(200)).body as WireChannel[];
    expect(found.find((c) => c.id === ch.id)).toMatchObject({ myRole: null, archived: false });
    // The fixed channels have no owner: everyone is a member there.
    expect((await mine(owner)).filter((c) => c.kind === 'country' || c.kind === 'announcement').map((c) => c.myRole)).toEqual(['member', 'member']);
  });

  describe('GET /channels/:id/members', () => {
    it('lists members with their role and join time, in the order they joined, page by page', async () => {
      const ch = await topic(owner, [alice, bob]);
      await t.http().post(`/api/v1/channels/${ch.id}/join`).set(auth(carol)).expect(200);
      const all = await members(alice, ch.id);
      expect(all.map((m) => [m.user.id, m.role])).toEqual(
        expect.arrayContaining([
          [owner.user.id, 'owner'],
          [alice.user.id, 'member'],
          [bob.user.id, 'member'],
        ]),
      );
      expect(all.map((m) => m.user.id).slice(-1)).toEqual([carol.user.id]);
      expect(all).toHaveLength(4);
      for (const m of all) {
        expect(new Date(m.joinedAt).toISOString()).toBe(m.joinedAt);
        expect(m.user).toMatchObject({ displayName: expect.any(String), role: expect.any(String), countryCode: 'KZ' });
        // E-mail addresses only to admins (and oneself).
        if (m.user.id !== alice.user.id) expect(m.user.email).toBeUndefined();
      }
      expect((await members(admin, ch.id)).every((m) => typeof m.user.email === 'string')).toBe(true);

      const first = await t.http().get(`/api/v1/channels/${ch.id}/members`).query({ limit: 3 }).set(auth(alice)).expect(200);
      expect(first.body).toHaveLength(3);
      const cursor = first.headers['x-next-cursor'];
      expect(cursor).toEqual(expect.any(String));
      const second = await t.http().get(`/api/v1/channels/${ch.id}/members`).query({ limit: 3, cursor }).set(auth(alice)).expect(200);
      expect(second.headers['x-next-cursor']).toBeUndefined();
      expect([...first.body, ...second.body].map((m: WireChannelMember) => m.user.id)).toEqual(all.map((m) => m.user.id));
    });

    it('is readable wherever the channel is; a private channel stays invisible; bad paging is 400', async () => {
      const pub = await topic(owner, [alice]);
      expect((await members(outsider, pub.id)).map((m) => m.user.id).sort()).toEqual([owner.user.id, alice.user.id].sort());
      const priv = await topic(owner, [alice], { visibility: 'private' });
      const unknown = await t.http().get(`/api/v1/channels/${UNKNOWN_ID}/members`).set(auth(outsider));
      expectError(unknown, 'channel_not_found');
      const hidden = await t.http().get(`/api/v1/channels/${priv.id}/members`).set(auth(outsider));
      expect(hidden.body).toEqual(unknown.body);
      expectBadField(await t.http().get(`/api/v1/channels/${pub.id}/members`).query({ limit: 0 }).set(auth(alice)), 'limit');
      expectBadField(await t.http().get(`/api/v1/channels/${pub.id}/members`).query({ limit: 201 }).set(auth(alice)), 'limit');
      expectBadField(await t.http().get(`/api/v1/channels/${pub.id}/members`).query({ limit: 'ten' }).set(auth(alice)), 'limit');
      expectBadField(await t.http().get(`/api/v1/channels/${pub.id}/members`).query({ sort: 'name' }).set(auth(alice)), 'sort');
    });
  });

  describe('POST /channels/:id/members', () => {
    it('private: owner or admin; public: members and admins; fixed channels never; bad input changes nothing', async () => {
      const priv = await topic(owner, [alice, admin], { visibility: 'private' });
      expectError(await t.http().post(`/api/v1/channels/${priv.id}/members`).set(auth(alice)).send({ userIds: [bob.user.id] }), 'not_channel_owner');
      expect(Object.keys(await roles(priv.id))).not.toContain(bob.user.id);
      const added = await t.http().post(`/api/v1/channels/${priv.id}/members`).set(auth(owner)).send({ userIds: [bob.user.id] }).expect(200);
      expect(added.body).toMatchObject({ id: priv.id, memberCount: 4, myRole: 'owner' });
      await t.http().post(`/api/v1/channels/${priv.id}/members`).set(auth(admin)).send({ userIds: [carol.user.id] }).expect(200);
      // A moderator of a private channel does not add people: the owner does.
      await setRole(owner, priv.id, alice.user.id, 'moderator').expect(200);
      expectError(await t.http().post(`/api/v1/channels/${priv.id}/members`).set(auth(alice)).send({ userIds: [dave.user.id] }), 'not_channel_owner');

      const pub = await topic(owner, [alice]);
      await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(alice)).send({ userIds: [bob.user.id] }).expect(200);
      expectError(await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(carol)).send({ userIds: [dave.user.id] }), 'not_channel_member');
      // Admins add to a public channel without joining it.
      expect((await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(admin)).send({ userIds: [dave.user.id] }).expect(200)).body).toMatchObject({ myRole: null, memberCount: 4 });
      expect(Object.keys(await roles(pub.id)).sort()).toEqual([owner, alice, bob, dave].map((s) => s.user.id).sort());

      for (const fixed of [kzChannel, announcement]) {
        expectError(await t.http().post(`/api/v1/channels/${fixed}/members`).set(auth(admin)).send({ userIds: [outsider.user.id] }), 'channel_fixed_membership');
      }
      const before = await channel(owner, pub.id);
      expectBadField(await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(owner)).send({}), 'userIds');
      expectBadField(await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(owner)).send({ userIds: carol.user.id }), 'userIds');
      expectBadField(await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(owner)).send({ userIds: [] }), 'userIds');
      expectBadField(await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(owner)).send({ userIds: [42] }), 'userIds');
      expectBadField(await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(owner)).send({ userIds: [carol.user.id], role: 'owner' }), 'role');
      expectError(await t.http().post(`/api/v1/channels/${pub.id}/members`).set(auth(owner)).send({ userIds: [carol.user.id, UNKNOWN_ID] }), 'unknown_users');
      expect(await channel(owner, pub.id)).toEqual(before);
      expect(Object.keys(await roles(pub.id))).not.toContain(carol.user.id);
    });
  });

  describe('PATCH /channels/:id/members/:userId', () => {
    it('owners and admins set roles; the last owner stays; refusals change nothing; every change is audited', async () => {
      const ch = await topic(owner, [alice, bob, carol]);
      const made = await setRole(owner, ch.id, alice.user.id, 'moderator').expect(200);
      expect(made.body).toMatchObject({ user: { id: alice.user.id }, role: 'moderator', joinedAt: expect.any(String) });
      // Neither a member nor a moderator sets roles.
      expectError(await setRole(bob, ch.id, carol.user.id, 'moderator'), 'not_channel_owner');
      expectError(await setRole(alice, ch.id, carol.user.id, 'moderator'), 'not_channel_owner');
      expectError(await setRole(alice, ch.id, alice.user.id, 'owner'), 'not_channel_owner');
      expectError(await setRole(outsider, ch.id, carol.user.id, 'moderator'), 'not_channel_owner');
      // Admins do, member or not.
      await setRole(admin, ch.id, bob.user.id, 'moderator').expect(200);
      await setRole(admin, ch.id, bob.user.id, 'member').expect(200);
      // The last owner cannot step down; once there is another, they can.
      expectError(await setRole(owner, ch.id, owner.user.id, 'member'), 'last_channel_owner');
      expectError(await setRole(admin, ch.id, owner.user.id, 'moderator'), 'last_channel_owner');
      await setRole(owner, ch.id, carol.user.id, 'owner').expect(200);
      await setRole(owner, ch.id, owner.user.id, 'moderator').expect(200);
      expect(await roles(ch.id)).toEqual({ [owner.user.id]: 'moderator', [alice.user.id]: 'moderator', [bob.user.id]: 'member', [carol.user.id]: 'owner' });
      expect((await mine(owner)).find((c) => c.id === ch.id)).toMatchObject({ myRole: 'moderator' });

      // Bad input: 400 naming the field; unknown ids: 404; nothing changed.
      const before = await roles(ch.id);
      for (const body of [{}, { role: 'king' }, { role: 3 }, { role: null }]) expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}/members/${bob.user.id}`).set(auth(carol)).send(body), 'role');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}/members/${bob.user.id}`).set(auth(carol)).send({ role: 'moderator', muted: true }), 'muted');
      expectError(await setRole(carol, ch.id, dave.user.id, 'moderator'), 'channel_member_not_found');
      expectError(await setRole(carol, ch.id, UNKNOWN_ID, 'moderator'), 'channel_member_not_found');
      expectError(await setRole(carol, UNKNOWN_ID, bob.user.id, 'moderator'), 'channel_not_found');
      expect(await roles(ch.id)).toEqual(before);

      // WireAuditEvent: who changed whose role where, from what to what (the no-op and the refusals left no row).
      const rows = await audit({ action: 'channel_role_changed', targetId: bob.user.id });
      expect(rows.filter((r) => r.details?.channelId === ch.id).map((r) => [r.actorId, r.details?.from, r.details?.to])).toEqual([
        [admin.user.id, 'moderator', 'member'],
        [admin.user.id, 'member', 'moderator'],
      ]);
      const ownerRows = await audit({ action: 'channel_role_changed', targetId: owner.user.id });
      expect(ownerRows.filter((r) => r.details?.channelId === ch.id)).toEqual([
        expect.objectContaining({ actorId: owner.user.id, targetType: 'user', details: { channelId: ch.id, from: 'owner', to: 'moderator' } }),
      ]);
    });

    it('country channels have moderators (set by admins) and no owner; announcement and direct channels have no roles', async () => {
      const made = await setRole(admin, kzChannel, alice.user.id, 'moderator').expect(200);
      expect(made.body).toMatchObject({ role: 'moderator' });
      expect((await mine(alice)).find((c) => c.id === kzChannel)).toMatchObject({ myRole: 'moderator' });
      expectBadField(await setRole(admin, kzChannel, bob.user.id, 'owner'), 'role');
      expectError(await setRole(alice, kzChannel, bob.user.id, 'moderator'), 'not_channel_owner');
      expectError(await setRole(organizer, kzChannel, bob.user.id, 'moderator'), 'not_channel_owner');
      expectError(await setRole(admin, announcement, bob.user.id, 'moderator'), 'channel_no_roles');
      const direct = (await t.http().post('/api/v1/channels/direct').set(auth(admin)).send({ userIds: [bob.user.id] }).expect(200)).body as WireChannel;
      expectError(await setRole(admin, direct.id, bob.user.id, 'moderator'), 'channel_no_roles');
      expect((await roles(kzChannel))[bob.user.id]).toBe('member');
      await setRole(admin, kzChannel, alice.user.id, 'member').expect(200);
    });
  });

  describe('DELETE /channels/:id/members/:userId', () => {
    it('owners, moderators (not of owners) and admins remove members; members do not; removals are audited', async () => {
      const ch = await topic(owner, [alice, bob, carol, dave]);
      await setRole(owner, ch.id, alice.user.id, 'moderator').expect(200);
      const count = async () => (await channel(owner, ch.id)).memberCount;
      expect(await count()).toBe(5);

      expectError(await remove(bob, ch.id, carol.user.id), 'not_channel_moderator');
      expectError(await remove(outsider, ch.id, carol.user.id), 'not_channel_moderator');
      expectError(await remove(alice, ch.id, owner.user.id), 'not_channel_owner');
      expectError(await remove(alice, ch.id, outsider.user.id), 'channel_member_not_found');
      expectError(await remove(alice, ch.id, UNKNOWN_ID), 'channel_member_not_found');
      expectError(await remove(alice, UNKNOWN_ID, bob.user.id), 'channel_not_found');
      expect(await count()).toBe(5);

      await remove(alice, ch.id, bob.user.id).expect(204);
      await remove(owner, ch.id, alice.user.id).expect(204);
      await remove(admin, ch.id, carol.user.id).expect(204);
      expect(Object.keys(await roles(ch.id)).sort()).toEqual([owner.user.id, dave.user.id].sort());
      expect(await count()).toBe(2);
      expect((await mine(bob)).some((c) => c.id === ch.id)).toBe(false);
      // A removed member of a public channel may read it and join again.
      expect(await channel(bob, ch.id)).toMatchObject({ myRole: null });
      await t.http().post(`/api/v1/channels/${ch.id}/join`).set(auth(bob)).expect(200);

      // Oneself: the same as leaving (no audit row).
      await remove(dave, ch.id, dave.user.id).expect(204);
      expect(Object.keys(await roles(ch.id)).sort()).toEqual([owner.user.id, bob.user.id].sort());

      const rows = (await audit({ action: 'channel_member_removed' })).filter((r) => r.details?.channelId === ch.id);
      expect(rows.map((r) => [r.actorId, r.targetId, r.details?.by, r.details?.role])).toEqual([
        [admin.user.id, carol.user.id, 'admin', 'member'],
        [owner.user.id, alice.user.id, 'owner', 'moderator'],
        [alice.user.id, bob.user.id, 'moderator', 'member'],
      ]);
    });

    it("keeps a country's officials in its channel and the fixed channels fixed", async () => {
      const foreigner = await t.user({ countryCode: 'AZ', displayName: t.unique('Foreigner ') });
      await t.http().post(`/api/v1/channels/${kzChannel}/join`).set(auth(foreigner)).expect(200);
      await setRole(admin, kzChannel, carol.user.id, 'moderator').expect(200);
      expectError(await remove(carol, kzChannel, bob.user.id), 'channel_fixed_membership');
      expectError(await remove(admin, kzChannel, bob.user.id), 'channel_fixed_membership');
      expectError(await remove(bob, kzChannel, foreigner.user.id), 'not_channel_moderator');
      // A visitor from another country can be removed by the channel's moderator.
      await remove(carol, kzChannel, foreigner.user.id).expect(204);
      expect((await mine(foreigner)).some((c) => c.id === kzChannel)).toBe(false);
      expectError(await remove(admin, announcement, bob.user.id), 'channel_fixed_membership');
      const direct = (await t.http().post('/api/v1/channels/direct').set(auth(admin)).send({ userIds: [bob.user.id, carol.user.id] }).expect(200)).body as WireChannel;
      expectError(await remove(admin, direct.id, bob.user.id), 'channel_fixed_membership');
      expect((await channel(bob, direct.id)).memberCount).toBe(3);
      // Leaving one's own country channel stays impossible, by either door.
      expectError(await remove(bob, kzChannel, bob.user.id), 'cannot_leave');
      await setRole(admin, kzChannel, carol.user.id, 'member').expect(200);
    });

    it('a private channel stays invisible to outsiders', async () => {
      const priv = await topic(owner, [alice], { visibility: 'private' });
      const unknown = await remove(outsider, UNKNOWN_ID, alice.user.id);
      const hidden = await remove(outsider, priv.id, alice.user.id);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(unknown.body);
      expect((await channel(owner, priv.id)).memberCount).toBe(2);
    });
  });

  describe('leaving, and the last owner', () => {
    it('hands ownership to the longest-standing moderator, else member, and tells them live', async () => {
      const ch = await topic(owner, [alice]);
      for (const s of [bob, carol]) await t.http().post(`/api/v1/channels/${ch.id}/join`).set(auth(s)).expect(200);
      await setRole(owner, ch.id, carol.user.id, 'moderator').expect(200);
      await setRole(owner, ch.id, bob.user.id, 'moderator').expect(200);
      const bobSocket = await open(bob);
      const carolSocket = await open(carol);
      const carolSeen = collect<{ channel: WireChannel }>(carolSocket, 'channel:updated');
      const bobUpdate = waitForEvent<{ channel: WireChannel }>(bobSocket, 'channel:updated', (e) => e.channel.id === ch.id && e.channel.myRole === 'owner');

      await t.http().post(`/api/v1/channels/${ch.id}/leave`).set(auth(owner)).expect(204);
      // Bob joined before Carol: he is the longest-standing moderator (alice, a plain member, is older still).
      expect(await roles(ch.id)).toEqual({ [alice.user.id]: 'member', [bob.user.id]: 'owner', [carol.user.id]: 'moderator' });
      expect((await bobUpdate).channel).toMatchObject({ id: ch.id, memberCount: 3, myRole: 'owner' });
      await barrier(carol, carolSocket);
      expect(carolSeen.filter((e) => e.channel.id === ch.id).map((e) => e.channel.myRole)).toEqual([undefined]);
      const row = (await audit({ action: 'channel_role_changed', targetId: bob.user.id })).find((r) => r.details?.channelId === ch.id && r.details?.to === 'owner');
      expect(row).toMatchObject({ actorId: null, details: { channelId: ch.id, from: 'moderator', to: 'owner', reason: 'last_owner_left' } });

      // No moderators left: the longest-standing member.
      await setRole(bob, ch.id, carol.user.id, 'member').expect(200);
      await remove(bob, ch.id, bob.user.id).expect(204);
      expect(await roles(ch.id)).toEqual({ [alice.user.id]: 'owner', [carol.user.id]: 'member' });
      // The last one out leaves an empty channel behind (an admin may still manage it).
      await t.http().post(`/api/v1/channels/${ch.id}/leave`).set(auth(carol)).expect(204);
      await t.http().post(`/api/v1/channels/${ch.id}/leave`).set(auth(alice)).expect(204);
      expect(await channel(admin, ch.id)).toMatchObject({ memberCount: 0 });
      await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(admin)).send({ archived: true }).expect(200);
    });
  });

  describe('PATCH /channels/:id', () => {
    it('owners and admins rename, describe and archive; others may not; bad input names the field', async () => {
      const ch = await topic(owner, [alice, bob]);
      await setRole(owner, ch.id, alice.user.id, 'moderator').expect(200);
      const renamed = await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ name: '  Yeni ad  ', description: 'Atık su' }).expect(200);
      expect(renamed.body).toMatchObject({ id: ch.id, name: 'Yeni ad', description: 'Atık su', archived: false, myRole: 'owner', memberCount: 3 });
      await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(admin)).send({ description: null }).expect(200);
      expect(await channel(bob, ch.id)).toMatchObject({ name: 'Yeni ad', description: null });
      await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ description: '' }).expect(200);

      const before = await channel(owner, ch.id);
      for (const who of [alice, bob, outsider]) expectError(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(who)).send({ name: 'Hijack' }), 'not_channel_owner');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ name: '' }), 'name');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ name: '   ' }), 'name');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ name: 'x'.repeat(81) }), 'name');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ name: null }), 'name');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ name: 5 }), 'name');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ description: 'x'.repeat(1001) }), 'description');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ archived: 'yes' }), 'archived');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ archived: null }), 'archived');
      expectBadField(await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ visibility: 'private' }), 'visibility');
      const empty = await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({});
      expectBadField(empty, 'name');
      expect(empty.body.message).toContain('archived');
      expectError(await t.http().patch(`/api/v1/channels/${UNKNOWN_ID}`).set(auth(admin)).send({ name: 'X' }), 'channel_not_found');
      expect(await channel(owner, ch.id)).toEqual(before);

      const rows = (await audit({ action: 'channel_updated', targetId: ch.id })).map((r) => [r.actorId, r.details]);
      // Newest first; the PATCH that changed nothing ('' on no description) left no row.
      expect(rows).toEqual([
        [admin.user.id, { description: { from: 'Atık su', to: null } }],
        [owner.user.id, { name: { from: ch.name, to: 'Yeni ad' }, description: { from: 'Su işleri', to: 'Atık su' } }],
      ]);
    });

    it('country and announcement channels: admins only, never archived; direct channels: never', async () => {
      expectError(await t.http().patch(`/api/v1/channels/${kzChannel}`).set(auth(organizer)).send({ description: 'X' }), 'not_channel_owner');
      const described = await t.http().patch(`/api/v1/channels/${kzChannel}`).set(auth(admin)).send({ description: 'Qazaqstan' }).expect(200);
      expect(described.body).toMatchObject({ description: 'Qazaqstan', archived: false });
      expectBadField(await t.http().patch(`/api/v1/channels/${kzChannel}`).set(auth(admin)).send({ archived: true }), 'archived');
      expectBadField(await t.http().patch(`/api/v1/channels/${announcement}`).set(auth(admin)).send({ archived: true }), 'archived');
      expect((await channel(bob, kzChannel)).archived).toBe(false);
      const direct = (await t.http().post('/api/v1/channels/direct').set(auth(admin)).send({ userIds: [dave.user.id] }).expect(200)).body as WireChannel;
      expectError(await t.http().patch(`/api/v1/channels/${direct.id}`).set(auth(dave)).send({ name: 'X' }), 'not_channel_owner');
      expectError(await t.http().patch(`/api/v1/channels/${direct.id}`).set(auth(admin)).send({ name: 'X' }), 'channel_no_roles');
    });
  });

  describe('archived channels', () => {
    it('are read-only: sends, edits, reactions, threads, joins and additions refused; reading, deleting and unarchiving work', async () => {
      const ch = await topic(owner, [alice, bob]);
      await setRole(owner, ch.id, alice.user.id, 'moderator').expect(200);
      const mineMsg = await post(bob, ch.id, 'Önce yazılmış');
      const other = await post(owner, ch.id, 'Sahibin mesajı');
      const archived = await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ archived: true }).expect(200);
      expect(archived.body).toMatchObject({ archived: true });
      expect((await mine(bob)).find((c) => c.id === ch.id)).toMatchObject({ archived: true });
      const s = await open(bob);
      const before = await channel(owner, ch.id);

      expectError(await t.http().post(`/api/v1/channels/${ch.id}/messages`).set(auth(bob)).send({ clientId: t.unique('a-'), body: 'Arşive yazı' }), 'channel_archived');
      expectError(await t.http().post(`/api/v1/channels/${ch.id}/messages`).set(auth(owner)).send({ clientId: t.unique('a-'), body: 'Sahip de yazamaz' }), 'channel_archived');
      expectAckError(await ack(s, 'message:send', { channelId: ch.id, clientId: t.unique('a-'), body: 'Soketten' }), 'channel_archived');
      expectAckError(await ack(s, 'message:send', { channelId: ch.id, clientId: t.unique('a-'), body: 'Yanıt', threadId: other.id }), 'channel_archived');
      expectError(await t.http().patch(`/api/v1/messages/${mineMsg.id}`).set(auth(bob)).send({ body: 'Düzeltme' }), 'channel_archived');
      expectAckError(await ack(s, 'message:edit', { messageId: mineMsg.id, body: 'Düzeltme' }), 'channel_archived');
      expectAckError(await ack(s, 'reaction:toggle', { messageId: other.id, emoji: '👍' }), 'channel_archived');
      expectError(await t.http().post(`/api/v1/channels/${ch.id}/join`).set(auth(carol)), 'channel_archived');
      expectError(await t.http().post(`/api/v1/channels/${ch.id}/members`).set(auth(owner)).send({ userIds: [carol.user.id] }), 'channel_archived');
      expect(await channel(owner, ch.id)).toEqual(before);
      const stored = await history(carol, ch.id);
      expect(stored.map((m) => [m.id, m.body, m.reactions])).toEqual([
        [mineMsg.id, 'Önce yazılmış', []],
        [other.id, 'Sahibin mesajı', []],
      ]);

      // Still moderated: a moderator removes a message; still managed: members can be removed and leave.
      expect(await ack(await open(alice), 'message:delete', { messageId: other.id })).toEqual({ ok: true });
      await t.http().post(`/api/v1/channels/${ch.id}/leave`).set(auth(bob)).expect(204);
      await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ archived: false }).expect(200);
      await post(alice, ch.id, 'Yeniden açık');
      expect((await channel(owner, ch.id)).lastSeq).toBe(3);
    });

    it('forum threads are refused in an archived forum', async () => {
      const forum = await topic(owner, [alice], { kind: 'forum' });
      await t.http().patch(`/api/v1/channels/${forum.id}`).set(auth(owner)).send({ archived: true }).expect(200);
      const res = await t.http().post(`/api/v1/channels/${forum.id}/threads`).set(auth(alice)).send({ clientId: t.unique('th-'), title: 'Soru', body: 'Nasıl?', tags: [] });
      expectError(res, 'channel_archived');
      expect((await channel(owner, forum.id)).lastSeq).toBe(0);
    });
  });

  describe('moderation', () => {
    it('owners and moderators delete anyone\'s message in their channel, admins everywhere; each is audited', async () => {
      const ch = await topic(owner, [alice, bob, carol]);
      await setRole(owner, ch.id, alice.user.id, 'moderator').expect(200);
      const [m1, m2, m3, m4, m5] = [await post(bob, ch.id, 'Spam 1'), await post(bob, ch.id, 'Spam 2'), await post(carol, ch.id, 'Spam 3'), await post(owner, ch.id, 'Sahip'), await post(bob, ch.id, 'Kendi')];
      const sa = await open(alice);
      const sb = await open(bob);
      const updates = collect<{ message: WireMessage }>(sb, 'message:updated');

      // A plain member may not delete others' messages.
      expectAckError(await ack(sb, 'message:delete', { messageId: m3.id }), 'forbidden');
      expect((await t.http().delete(`/api/v1/messages/${m3.id}`).set(auth(bob))).status).toBe(403);
      expect(await ack(sa, 'message:delete', { messageId: m1.id })).toEqual({ ok: true });
      await t.http().delete(`/api/v1/messages/${m2.id}`).set(auth(alice)).expect(204);
      // Moderators delete the owner's messages too; the owner deletes; an admin who is not a member deletes.
      await t.http().delete(`/api/v1/messages/${m4.id}`).set(auth(alice)).expect(204);
      await t.http().delete(`/api/v1/messages/${m3.id}`).set(auth(admin)).expect(204);
      // Deleting one's own is no moderation.
      expect(await ack(sb, 'message:delete', { messageId: m5.id })).toEqual({ ok: true });
      const after = await history(carol, ch.id);
      expect(after.map((m) => [m.seq, m.body, !!m.deletedAt])).toEqual([
        [m1.seq, null, true],
        [m2.seq, null, true],
        [m3.seq, null, true],
        [m4.seq, null, true],
        [m5.seq, null, true],
      ]);
      await waitFor(() => new Set(updates.filter((u) => u.message.deletedAt).map((u) => u.message.id)).size === 5, 10_000, 'five tombstones live');

      const rows = (await audit({ action: 'message_deleted_by_moderator' })).filter((r) => r.details?.channelId === ch.id);
      expect(rows.map((r) => [r.actorId, r.targetId, r.details?.authorId, r.details?.by])).toEqual([
        [admin.user.id, m3.id, carol.user.id, 'admin'],
        [alice.user.id, m4.id, owner.user.id, 'moderator'],
        [alice.user.id, m2.id, bob.user.id, 'moderator'],
        [alice.user.id, m1.id, bob.user.id, 'moderator'],
      ]);
      expect(rows.every((r) => r.targetType === 'message')).toBe(true);

      // A moderator of one channel is nobody in another.
      const elsewhere = await topic(carol, [alice, bob]);
      const m6 = await post(bob, elsewhere.id, 'Başka kanal');
      expectAckError(await ack(sa, 'message:delete', { messageId: m6.id }), 'forbidden');
      expect((await history(carol, elsewhere.id))[0]).toMatchObject({ id: m6.id, body: 'Başka kanal', deletedAt: null });
    });

    it('a country channel moderator (appointed by an admin) deletes there', async () => {
      await setRole(admin, kzChannel, dave.user.id, 'moderator').expect(200);
      const m = await post(bob, kzChannel, 'Ülke kanalında spam');
      await t.http().delete(`/api/v1/messages/${m.id}`).set(auth(dave)).expect(204);
      expect((await history(bob, kzChannel)).find((x) => x.id === m.id)).toMatchObject({ body: null });
      await setRole(admin, kzChannel, dave.user.id, 'member').expect(200);
      const n = await post(bob, kzChannel, 'Artık silemez');
      expect((await t.http().delete(`/api/v1/messages/${n.id}`).set(auth(dave))).status).toBe(403);
    });
  });

  describe('mass mentions', () => {
    let big: WireMyChannel;
    let small: WireMyChannel;
    let crowd: Session[];

    beforeAll(async () => {
      const member = await t.createMember({ countryCode: 'KZ' });
      crowd = [];
      for (let i = 0; i < 46; i++) crowd.push(await t.user({ memberId: member.id, displayName: t.unique('Crowd ') }));
      // 51 members: owner, alice, bob, carol, organizer and 46 others. 50 members: without the organizer.
      big = await topic(owner, [alice, bob, carol, organizer, ...crowd]);
      small = await topic(owner, [alice, bob, carol, ...crowd]);
      expect([big.memberCount, small.memberCount]).toEqual([51, 50]);
      await setRole(owner, big.id, carol.user.id, 'moderator').expect(200);
    });

    it('in a channel of more than 50 members, @all/@channel/@here/@country are refused to plain members, nothing stored', async () => {
      const s = await open(bob);
      const before = await channel(owner, big.id);
      for (const body of ['@all toplantı saat 3te', 'Dikkat @channel', '@here kim burada?', 'Merhaba @country!', '@everyone bakın', 'Son söz: @all.']) {
        expectError(await t.http().post(`/api/v1/channels/${big.id}/messages`).set(auth(bob)).send({ clientId: t.unique('m-'), body }), 'mention_not_allowed', body);
        expectAckError(await ack(s, 'message:send', { channelId: big.id, clientId: t.unique('m-'), body }), 'mention_not_allowed');
      }
      expect(await channel(owner, big.id)).toEqual(before);
      // Not by editing either.
      const plain = await post(bob, big.id, 'Sade mesaj');
      expectError(await t.http().patch(`/api/v1/messages/${plain.id}`).set(auth(bob)).send({ body: 'Sade mesaj @all' }), 'mention_not_allowed');
      expectAckError(await ack(s, 'message:edit', { messageId: plain.id, body: '@here sade' }), 'mention_not_allowed');
      expect((await history(owner, big.id)).find((m) => m.id === plain.id)).toMatchObject({ body: 'Sade mesaj', mentions: [] });
      // A named mention or an e-mail address is no mass mention.
      const named = await post(bob, big.id, `@${alice.user.displayName} ve bob@all.example.org`);
      expect(named.mentions).toEqual([alice.user.id]);
      expect((await channel(owner, big.id)).lastSeq).toBe(before.lastSeq + 2);
    });

    it('owners, moderators, organizers and admins may; and in a channel of 50 anyone may', async () => {
      const everyoneBut = (ids: string[], author: Session) => ids.filter((id) => id !== author.user.id).sort();
      const bigIds = (await members(admin, big.id)).map((m) => m.user.id);
      for (const who of [owner, carol, organizer]) {
        const m = await post(who, big.id, '@all yarın toplantı var');
        expect(m.mentions).toEqual(everyoneBut(bigIds, who));
      }
      // An admin who is a member.
      await t.http().post(`/api/v1/channels/${big.id}/join`).set(auth(admin)).expect(200);
      const byAdmin = await post(admin, big.id, '@all duyuru');
      expect(byAdmin.mentions).toEqual(everyoneBut(bigIds, admin));
      await t.http().post(`/api/v1/channels/${big.id}/leave`).set(auth(admin)).expect(204);

      const smallIds = (await members(admin, small.id)).map((m) => m.user.id);
      const m = await post(bob, small.id, '@all elli kişiyiz');
      expect(m.mentions).toEqual(everyoneBut(smallIds, bob));
      // A demoted moderator is a plain member again at once.
      await setRole(owner, big.id, carol.user.id, 'member').expect(200);
      expectError(await t.http().post(`/api/v1/channels/${big.id}/messages`).set(auth(carol)).send({ clientId: t.unique('m-'), body: '@all artık olmaz' }), 'mention_not_allowed');
      await setRole(owner, big.id, carol.user.id, 'moderator').expect(200);
    });

    it('@here mentions the members online now: not the away, not the offline', async () => {
      const [online, away] = [crowd[0], crowd[1]];
      const so = await open(online);
      const sa = await open(away);
      expect(await ack(sa, 'presence:set', { status: 'away' })).toEqual({ ok: true });
      const author = await open(bob);
      // Sockets closed by earlier tests go offline as the server handles their disconnects: wait until only these
      // two (and the author) are present.
      const ids = (await members(admin, small.id)).map((m) => m.user.id);
      for (let round = 0; ; round++) {
        const { statuses } = (await ack(author, 'presence:watch', { userIds: ids })) as { statuses: Record<string, string> };
        const present = Object.entries(statuses).filter(([, st]) => st !== 'offline').map(([id, st]) => `${id}:${st}`).sort();
        if (present.join() === [`${online.user.id}:online`, `${away.user.id}:away`, `${bob.user.id}:online`].sort().join()) break;
        if (round > 200) throw new Error(`presence did not settle: ${present.join()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await ack(author, 'message:send', { channelId: small.id, clientId: t.unique('h-'), body: '@here kısa bir soru' });
      expect(res.ok).toBe(true);
      // Bob's own socket is online, but one never mentions oneself.
      expect(res.message.mentions).toEqual([online.user.id]);
      so.close();
      sa.close();
    });
  });

  describe('live', () => {
    it('channel:updated reaches every member (rename, archive, member count); my role only me; never outsiders', async () => {
      const ch = await topic(owner, [alice, bob]);
      const [so, sa, sb, sc] = [await open(owner), await open(alice), await open(bob), await open(carol)];
      const seen = (s: Client) => collect<{ channel: WireChannel }>(s, 'channel:updated');
      const [eo, ea, eb, ec] = [seen(so), seen(sa), seen(sb), seen(sc)];
      const added = collect<{ channel: WireChannel }>(sc, 'channel:added');

      await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ name: 'Canlı ad' }).expect(200);
      for (const e of [eo, ea, eb]) await waitFor(() => e.find((x) => x.channel.name === 'Canlı ad'), 10_000, 'rename');
      expect(ea.find((x) => x.channel.name === 'Canlı ad')!.channel).toEqual({ ...ch, name: 'Canlı ad', myRole: undefined });
      expect('myRole' in ea.find((x) => x.channel.name === 'Canlı ad')!.channel).toBe(false);

      await t.http().post(`/api/v1/channels/${ch.id}/members`).set(auth(alice)).send({ userIds: [carol.user.id] }).expect(200);
      await waitFor(() => added.find((x) => x.channel.id === ch.id), 10_000, 'channel:added');
      expect(added.find((x) => x.channel.id === ch.id)!.channel).toMatchObject({ id: ch.id, memberCount: 4, myRole: 'member' });
      for (const e of [eo, ea, eb]) await waitFor(() => e.find((x) => x.channel.memberCount === 4), 10_000, 'member count 4');

      await setRole(owner, ch.id, alice.user.id, 'moderator').expect(200);
      await waitFor(() => ea.find((x) => x.channel.myRole === 'moderator'), 10_000, 'my role');
      await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ archived: true }).expect(200);
      for (const e of [eo, ea, eb, ec]) await waitFor(() => e.find((x) => x.channel.archived), 10_000, 'archived');

      for (const [s, socket] of [[owner, so], [alice, sa], [bob, sb], [carol, sc]] as const) await barrier(s, socket);
      expect([eo, eb, ec].flatMap((e) => e.filter((x) => x.channel.myRole !== undefined))).toEqual([]);
      expect(ea.filter((x) => x.channel.myRole !== undefined).map((x) => x.channel.myRole)).toEqual(['moderator']);
      // Carol saw nothing from before she was added.
      expect(ec.some((x) => x.channel.name === 'Canlı ad' && x.channel.memberCount === 3)).toBe(false);

      // An outsider's socket hears nothing of the channel.
      const sx = await open(outsider);
      const ex = seen(sx);
      await t.http().patch(`/api/v1/channels/${ch.id}`).set(auth(owner)).send({ archived: false }).expect(200);
      await waitFor(() => eb.find((x) => x.channel.archived === false && x.channel.name === 'Canlı ad'), 10_000, 'unarchived');
      await barrier(outsider, sx);
      expect(ex).toEqual([]);
    });

    it("a new official's registration raises the member count of their country and announcement channels live", async () => {
      const first = await t.user({ countryCode: 'MN' });
      const [country] = (await mine(first)).filter((c) => c.kind === 'country' && c.countryCode === 'MN');
      const before = (await mine(first)).find((c) => c.id === announcement)!.memberCount;
      const socket = await open(first);
      const seen = collect<{ channel: WireChannel }>(socket, 'channel:updated');
      await t.user({ countryCode: 'MN' });
      await waitFor(() => seen.find((x) => x.channel.id === country.id && x.channel.memberCount === country.memberCount + 1), 10_000, 'country count');
      await waitFor(() => seen.find((x) => x.channel.id === announcement && x.channel.memberCount === before + 1), 10_000, 'announcement count');
      expect((await channel(first, country.id)).memberCount).toBe(country.memberCount + 1);
    });

    it("a removed member's sockets get channel:removed, leave the room at once, get nothing more, and sync gives nothing", async () => {
      const ch = await topic(owner, [alice, bob]);
      await setRole(owner, ch.id, alice.user.id, 'moderator').expect(200);
      const before = await post(owner, ch.id, 'Kaldırılmadan önce');
      const [sb1, sb2, sa] = [await open(bob), await open(bob), await open(alice)];
      const news = [collect<{ message: WireMessage }>(sb1, 'message:new'), collect<{ message: WireMessage }>(sb2, 'message:new')];
      const changed = [collect<{ message: WireMessage }>(sb1, 'message:updated'), collect<{ message: WireMessage }>(sb2, 'message:updated')];
      const typing = collect<{ channelId: string }>(sb1, 'typing');
      const counts = collect<{ channel: WireChannel }>(sa, 'channel:updated');
      const removed = [waitForEvent<{ channelId: string }>(sb1, 'channel:removed'), waitForEvent<{ channelId: string }>(sb2, 'channel:removed')];

      await remove(alice, ch.id, bob.user.id).expect(204);
      expect(await Promise.all(removed)).toEqual([{ channelId: ch.id }, { channelId: ch.id }]);
      await waitFor(() => counts.find((x) => x.channel.memberCount === 2), 10_000, 'member count live');

      const after = await post(owner, ch.id, 'Kaldırıldıktan sonra');
      expect(await ack(sa, 'reaction:toggle', { messageId: before.id, emoji: '👀' })).toMatchObject({ ok: true });
      expect(await ack(sa, 'typing', { channelId: ch.id })).toEqual({ ok: true });
      await barrier(bob, sb1);
      await barrier(bob, sb2);
      for (const list of news) expect(list.filter((e) => e.message.channelId === ch.id)).toEqual([]);
      for (const list of changed) expect(list.filter((e) => e.message.channelId === ch.id)).toEqual([]);
      expect(typing).toEqual([]);

      // Nothing through sync, nothing by acting from the old socket.
      expect(await ack(sb1, 'sync', { channels: { [ch.id]: 0 } })).toEqual({ ok: true, changes: [], more: false });
      expectAckError(await ack(sb1, 'message:send', { channelId: ch.id, clientId: t.unique('r-'), body: 'Hâlâ burada mıyım?' }), 'not_channel_member');
      expectAckError(await ack(sb1, 'channel:read', { channelId: ch.id, seq: after.seq }), 'not_channel_member');
      expect((await channel(owner, ch.id)).lastSeq).toBe(after.seq);
    });
  });
});
