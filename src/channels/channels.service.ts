import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { newId } from '@lib/database';
import { AppError } from '@lib/errors';
import type { ChannelRole, WireChannel, WireChannelMember } from '@lib/contract';
import { RealtimePublisher } from '@lib/realtime';
import { fold } from '@lib/text';
import type { AuthUser } from '@lib/auth';
import { UserDto } from '../accounts/dto/user.dto';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ChannelMember } from './channel-member.entity';
import { Channel } from './channel.entity';
import type { CreateChannelDto, UpdateChannelDto } from './dto/channel.dto';

export const ANNOUNCEMENT_CHANNEL_NAME = 'Announcements';

export interface MyChannel extends WireChannel {
  unreadCount: number;
  mentionCount: number;
  lastReadSeq: number;
  role: ChannelRole;
  myRole: ChannelRole;
  version: number;
}

/** Topic and forum channels have owners; country, announcement and direct channels have none. */
export function hasOwners(c: Channel): boolean {
  return c.kind === 'topic' || c.kind === 'forum';
}

/** A member whose role lets them moderate the channel (delete others' messages, remove members). */
export function isModerator(member: { role: ChannelRole } | null | undefined): boolean {
  return member?.role === 'owner' || member?.role === 'moderator';
}

@Injectable()
export class ChannelsService {
  constructor(
    private readonly em: EntityManager,
    private readonly publisher: RealtimePublisher,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Creates the country channel unless it exists (the unique country code settles races). */
  async ensureCountryChannel(em: EntityManager, countryCode: string, name: string): Promise<void> {
    await (em as SqlEntityManager)
      .createQueryBuilder(Channel)
      .insert({ id: newId(), kind: 'country', name, visibility: 'public', countryCode, lastSeq: 0, version: 0, createdAt: new Date() })
      .onConflict('country_code')
      .ignore()
      .execute('run');
  }

  /** The union-wide announcement channel; its system key makes it one even when processes start together. */
  async ensureAnnouncementChannel(em: EntityManager): Promise<Channel> {
    await (em as SqlEntityManager)
      .createQueryBuilder(Channel)
      .insert({ id: newId(), kind: 'announcement', name: ANNOUNCEMENT_CHANNEL_NAME, visibility: 'public', systemKey: 'announcement', lastSeq: 0, version: 0, createdAt: new Date() })
      .onConflict('system_key')
      .ignore()
      .execute('run');
    return em.findOneOrFail(Channel, { systemKey: 'announcement' });
  }

  /** countryCode → channel id for every country channel. */
  async countryChannelIds(): Promise<Map<string, string>> {
    const rows = await this.em.find(Channel, { kind: 'country' }, { fields: ['id', 'countryCode'] });
    return new Map(rows.map((c) => [c.countryCode!, c.id]));
  }

  /**
   * Puts a user into their country channel and the announcement channel (in em's unit of work). Returns what to
   * publish once it is flushed: the new member counts to those channels' members.
   */
  async joinDefaultChannels(em: EntityManager, user: User): Promise<() => Promise<void>> {
    const channels = await em.find(Channel, {
      $or: [{ systemKey: 'announcement' }, ...(user.countryCode ? [{ kind: 'country' as const, countryCode: user.countryCode }] : [])],
    });
    const joined = await em.find(ChannelMember, { user: user.id, channel: { $in: channels.map((c) => c.id) } });
    const joinedIds = new Set(joined.map((m) => m.channel.id));
    const added = channels.filter((c) => !joinedIds.has(c.id));
    for (const channel of added) em.persist(em.create(ChannelMember, { channel, user, role: 'member' }));
    return async () => {
      for (const channel of added) this.announceAdded([user.id], await this.publishChannel(channel), 'member');
    };
  }

  /**
   * The officials of a member that moved country: their country code and automatic country-channel membership
   * change in em's unit of work. Returns what to publish once it is flushed.
   */
  async moveMemberCountry(em: EntityManager, memberId: string, from: string, to: string): Promise<() => Promise<void>> {
    const users = await em.find(User, { member: memberId });
    if (!users.length) return async () => undefined;
    const ids = users.map((u) => u.id);
    for (const u of users) u.countryCode = to;
    const [oldChannel, newChannel] = await Promise.all([
      em.findOne(Channel, { kind: 'country', countryCode: from }),
      em.findOne(Channel, { kind: 'country', countryCode: to }),
    ]);
    if (oldChannel) for (const m of await em.find(ChannelMember, { channel: oldChannel.id, user: { $in: ids } })) em.remove(m);
    let joined: string[] = [];
    if (newChannel) {
      const already = new Set((await em.find(ChannelMember, { channel: newChannel.id, user: { $in: ids } })).map((m) => m.user.id));
      joined = ids.filter((id) => !already.has(id));
      for (const u of users) if (!already.has(u.id)) em.persist(em.create(ChannelMember, { channel: newChannel, user: u, role: 'member' }));
    }
    return async () => {
      if (oldChannel) {
        this.publisher.leaveChannel(ids, oldChannel.id);
        for (const id of ids) this.publisher.toUser(id, 'channel:removed', { channelId: oldChannel.id });
        await this.publishChannel(oldChannel);
      }
      if (newChannel && joined.length) {
        this.announceAdded(joined, await this.publishChannel(newChannel), 'member');
      }
    };
  }

  /** Ids of every channel the user belongs to (the rooms a new socket joins). */
  async channelIdsOf(userId: string, em: EntityManager = this.em): Promise<string[]> {
    const rows = await em.find(ChannelMember, { user: userId }, { fields: ['channel'] });
    return rows.map((m) => m.channel.id);
  }

  /** The direct channels the user is in (where presence is shown without asking). */
  async directChannelIdsOf(userId: string): Promise<string[]> {
    const rows = await this.em.find(ChannelMember, { user: userId, channel: { kind: 'direct' } }, { fields: ['channel'] });
    return rows.map((m) => m.channel.id);
  }

  /** My channels with unread and mention counts. */
  async listMine(userId: string): Promise<MyChannel[]> {
    const memberships = await this.em.find(ChannelMember, { user: userId }, { populate: ['channel'], orderBy: { channel: { kind: 'asc', name: 'asc' } } });
    if (!memberships.length) return [];
    const ids = memberships.map((m) => m.channel.id);
    const counts = await this.memberCounts(ids);
    const conn = this.em.getConnection();
    const mentionRows: { channel_id: string; n: number | string }[] = await conn.execute(
      `select mm.channel_id, count(*) as n from message_mentions mm
         join channel_members cm on cm.channel_id = mm.channel_id and cm.user_id = mm.user_id
        where mm.user_id = ? and mm.seq > cm.last_read_seq
        group by mm.channel_id`,
      [userId],
    );
    const mentions = new Map(mentionRows.map((r) => [r.channel_id, Number(r.n)]));
    // Deleted messages (tombstones) are not unread: a message removed before I read it does not count.
    const unreadRows: { channel_id: string; n: number | string }[] = await conn.execute(
      `select cm.channel_id, count(*) as n from channel_members cm
         join messages m on m.channel_id = cm.channel_id and m.seq > cm.last_read_seq and m.deleted_at is null
        where cm.user_id = ?
        group by cm.channel_id`,
      [userId],
    );
    const unread = new Map(unreadRows.map((r) => [r.channel_id, Number(r.n)]));
    return memberships.map((m) => ({
      ...this.toWire(m.channel, counts.get(m.channel.id) ?? 0),
      unreadCount: unread.get(m.channel.id) ?? 0,
      mentionCount: mentions.get(m.channel.id) ?? 0,
      lastReadSeq: m.lastReadSeq,
      role: m.role,
      myRole: m.role,
      version: m.channel.version,
    }));
  }

  /** Public channels I am not in. */
  async discover(userId: string, q?: string, kind?: string): Promise<WireChannel[]> {
    const mine = await this.channelIdsOf(userId);
    const where: FilterQuery<Channel> = { visibility: 'public', kind: { $in: ['country', 'topic', 'forum'] }, id: { $nin: mine } };
    if (kind) where.kind = kind as Channel['kind'];
    const channels = await this.em.find(Channel, where, { orderBy: { kind: 'asc', name: 'asc' }, limit: 200 });
    const needle = q?.trim() ? fold(q) : null;
    const hits = needle ? channels.filter((c) => fold(`${c.name} ${c.description ?? ''} ${c.countryCode ?? ''}`).includes(needle)) : channels;
    const counts = await this.memberCounts(hits.map((c) => c.id));
    return hits.map((c) => this.toWire(c, counts.get(c.id) ?? 0, null));
  }

  /**
   * The channel, if the user may read it: members always; others only public, non-direct channels.
   * Anything else is "not found", so private channels are never revealed.
   */
  async readable(user: { id: string }, channelId: string, em: EntityManager = this.em): Promise<{ channel: Channel; member: ChannelMember | null }> {
    const channel = await em.findOne(Channel, { id: channelId });
    if (!channel) throw new AppError('channel_not_found');
    const member = await em.findOne(ChannelMember, { channel: channel.id, user: user.id });
    if (!member && (channel.visibility !== 'public' || channel.kind === 'direct')) throw new AppError('channel_not_found');
    return { channel, member };
  }

  /** The user's membership; a visible channel they are not in is 403, an invisible one 404. */
  async requireMember(user: { id: string }, channelId: string, em: EntityManager = this.em): Promise<{ channel: Channel; member: ChannelMember }> {
    const { channel, member } = await this.readable(user, channelId, em);
    if (!member) throw new AppError('not_channel_member');
    return { channel, member };
  }

  async get(user: AuthUser, channelId: string): Promise<WireChannel> {
    const { channel, member } = await this.readable(user, channelId);
    return this.toWire(channel, await this.memberCount(channel.id), member?.role ?? null);
  }

  async create(user: AuthUser, dto: CreateChannelDto): Promise<WireChannel> {
    const others = await this.activeUsers((dto.memberIds ?? []).filter((id) => id !== user.id));
    const channel = this.em.create(Channel, {
      kind: dto.kind,
      name: dto.name,
      description: dto.description || null,
      visibility: dto.visibility,
      createdById: user.id,
    });
    this.em.persist(channel);
    this.em.persist(this.em.create(ChannelMember, { channel, user: this.em.getReference(User, user.id), role: 'owner' }));
    for (const u of others) this.em.persist(this.em.create(ChannelMember, { channel, user: u, role: 'member' }));
    await this.em.flush();
    const wire = this.toWire(channel, others.length + 1);
    this.announceAdded([user.id], wire, 'owner');
    this.announceAdded(others.map((u) => u.id), wire, 'member');
    await this.notifyInvited(channel.id, user.id, others.map((u) => u.id));
    return { ...wire, myRole: 'owner' };
  }

  /** The direct channel of exactly this set of people, made once (a unique key settles races). */
  async direct(user: AuthUser, userIds: string[]): Promise<WireChannel> {
    const ids = [...new Set([user.id, ...userIds])].sort();
    if (ids.length < 2 || ids.length > 8) throw new AppError('direct_size');
    const users = await this.activeUsers(ids);
    const key = `direct:${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 32)}`;
    const name = users.map((u) => u.displayName).sort((a, b) => a.localeCompare(b)).join(', ').slice(0, 200);
    const em = this.em as SqlEntityManager;
    const channelId = newId();
    const inserted = await em
      .createQueryBuilder(Channel)
      .insert({ id: channelId, kind: 'direct', name, visibility: 'private', systemKey: key, createdById: user.id, lastSeq: 0, version: 0, createdAt: new Date() })
      .onConflict('system_key')
      .ignore()
      .execute('run');
    const channel = await this.em.findOneOrFail(Channel, { systemKey: key });
    if (inserted.affectedRows) {
      for (const u of users) this.em.persist(this.em.create(ChannelMember, { channel, user: u, role: 'member' }));
      await this.em.flush();
      const wire = this.toWire(channel, users.length);
      this.announceAdded(ids, wire, 'member');
      return { ...wire, myRole: 'member' };
    }
    const mine = await this.em.findOne(ChannelMember, { channel: channel.id, user: user.id });
    return this.toWire(channel, await this.memberCount(channel.id), mine?.role ?? null);
  }

  async join(user: AuthUser, channelId: string): Promise<WireChannel> {
    const { channel, member } = await this.readable(user, channelId);
    if (member) return this.toWire(channel, await this.memberCount(channel.id), member.role);
    if (channel.kind === 'announcement' || channel.kind === 'direct') throw new AppError('channel_fixed_membership');
    if (channel.archivedAt) throw new AppError('channel_archived');
    await this.insertMembers(channel.id, [user.id]);
    const wire = await this.publishChannel(channel);
    this.announceAdded([user.id], wire, 'member');
    return { ...wire, myRole: 'member' };
  }

  /**
   * Leaving. The announcement channel, one's own country channel and direct channels cannot be left. When the last
   * owner of a topic or forum leaves, the longest-standing moderator becomes owner, else the longest-standing member.
   */
  async leave(user: AuthUser, channelId: string): Promise<void> {
    const { channel, member } = await this.requireMember(user, channelId);
    const automatic = channel.kind === 'announcement' || channel.kind === 'direct' || (channel.kind === 'country' && channel.countryCode === user.countryCode);
    if (automatic) throw new AppError('cannot_leave');
    await this.dropMember(channel, member, null);
  }

  /**
   * Adds members. Private channels: the owner or an admin; public topics and forums, which anyone may join: any
   * member or an admin. Country, announcement and direct channels: never. Archived channels take no one new.
   */
  async addMembers(user: AuthUser, channelId: string, userIds: string[]): Promise<WireChannel> {
    const { channel, member } = await this.readable(user, channelId);
    const admin = user.role === 'admin';
    if (!member && !admin) throw new AppError('not_channel_member');
    if (channel.kind === 'announcement' || channel.kind === 'direct' || channel.kind === 'country') throw new AppError('channel_fixed_membership');
    if (channel.visibility === 'private' && member?.role !== 'owner' && !admin) throw new AppError('not_channel_owner');
    if (channel.archivedAt) throw new AppError('channel_archived');
    const users = await this.activeUsers([...new Set(userIds)]);
    const added = await this.insertMembers(channel.id, users.map((u) => u.id));
    const wire = added.length ? await this.publishChannel(channel) : this.toWire(channel, await this.memberCount(channel.id));
    this.announceAdded(added, wire, 'member');
    await this.notifyInvited(channel.id, user.id, added.filter((id) => id !== user.id));
    return { ...wire, myRole: member?.role ?? null };
  }

  /** A page of members in the order they joined (limit + 1 rows: the extra one says more exist). */
  async memberPage(user: AuthUser, channelId: string, q: { limit: number; cursor?: string }): Promise<ChannelMember[]> {
    const { channel } = await this.readable(user, channelId);
    const where: FilterQuery<ChannelMember> = { channel: channel.id };
    if (q.cursor) where.id = { $gt: q.cursor };
    return this.em.find(ChannelMember, where, { populate: ['user'], orderBy: { id: 'asc' }, limit: q.limit + 1 });
  }

  memberView(m: ChannelMember, caller: AuthUser): WireChannelMember {
    const u = m.user;
    return {
      user: UserDto.from(u, { withEmail: caller.role === 'admin' || caller.id === u.id }),
      role: m.role,
      joinedAt: m.createdAt.toISOString(),
    };
  }

  /**
   * Removes a member: oneself (= leave), or by an owner, a moderator or an admin. Moderators remove members and
   * moderators, not owners. The officials of a country are always in its channel; the announcement and direct
   * channels have fixed membership. The removed user's sockets leave the room at once, on every node.
   */
  async removeMember(actor: AuthUser, channelId: string, userId: string): Promise<void> {
    if (userId === actor.id) return this.leave(actor, channelId);
    const { channel, member } = await this.readable(actor, channelId);
    if (channel.kind === 'announcement' || channel.kind === 'direct') throw new AppError('channel_fixed_membership');
    const admin = actor.role === 'admin';
    if (!admin && !isModerator(member)) throw new AppError('not_channel_moderator');
    const target = await this.em.findOne(ChannelMember, { channel: channel.id, user: userId }, { populate: ['user'] });
    if (!target) throw new AppError('channel_member_not_found');
    if (channel.kind === 'country' && target.user.countryCode === channel.countryCode) throw new AppError('channel_fixed_membership');
    if (target.role === 'owner' && !admin && member?.role !== 'owner') throw new AppError('not_channel_owner');
    this.audit.record(this.em, {
      action: 'channel_member_removed',
      actorId: actor.id,
      targetType: 'user',
      targetId: userId,
      details: { channelId: channel.id, role: target.role, by: admin && !isModerator(member) ? 'admin' : member!.role },
    });
    await this.dropMember(channel, target, actor.id);
  }

  /**
   * Changes a member's role. Topic and forum channels: owner, moderator or member, set by an owner or an admin;
   * the last owner cannot be demoted. Country channels: moderators only, set by an admin. Others have no roles.
   */
  async setRole(actor: AuthUser, channelId: string, userId: string, role: ChannelRole): Promise<WireChannelMember> {
    const { channel, member } = await this.readable(actor, channelId);
    if (channel.kind === 'announcement' || channel.kind === 'direct') throw new AppError('channel_no_roles');
    if (channel.kind === 'country' && role === 'owner') throw new AppError('bad_request', { message: 'role: a country channel has no owner (moderator or member)' });
    const admin = actor.role === 'admin';
    if (!admin && !(hasOwners(channel) && member?.role === 'owner')) throw new AppError('not_channel_owner');
    const target = await this.em.findOne(ChannelMember, { channel: channel.id, user: userId }, { populate: ['user'] });
    if (!target) throw new AppError('channel_member_not_found');
    const from = target.role;
    if (from === role) return this.memberView(target, actor);
    if (from === 'owner' && (await this.em.count(ChannelMember, { channel: channel.id, role: 'owner' })) <= 1) throw new AppError('last_channel_owner');
    target.role = role;
    this.audit.record(this.em, { action: 'channel_role_changed', actorId: actor.id, targetType: 'user', targetId: userId, details: { channelId: channel.id, from, to: role } });
    await this.em.flush();
    const wire = await this.publishChannel(channel);
    this.publisher.toUser(userId, 'channel:updated', { channel: { ...wire, myRole: role } });
    return this.memberView(target, actor);
  }

  /**
   * Renames, describes, archives or unarchives: an owner or an admin. Country and announcement channels have no
   * owner (admins only) and cannot be archived; direct channels cannot be changed.
   */
  async update(actor: AuthUser, channelId: string, dto: UpdateChannelDto): Promise<WireChannel> {
    const { channel, member } = await this.readable(actor, channelId);
    const admin = actor.role === 'admin';
    if (!admin && !(hasOwners(channel) && member?.role === 'owner')) throw new AppError('not_channel_owner');
    if (channel.kind === 'direct') throw new AppError('channel_no_roles');
    if (dto.name === undefined && dto.description === undefined && dto.archived === undefined) {
      throw new AppError('bad_request', { message: 'name, description or archived must be given' });
    }
    if (dto.archived !== undefined && !hasOwners(channel)) throw new AppError('bad_request', { message: 'archived: country and announcement channels cannot be archived' });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (dto.name !== undefined && dto.name !== channel.name) {
      changes.name = { from: channel.name, to: dto.name };
      channel.name = dto.name;
    }
    const description = dto.description === undefined ? undefined : dto.description || null;
    if (description !== undefined && description !== channel.description) {
      changes.description = { from: channel.description, to: description };
      channel.description = description;
    }
    if (dto.archived !== undefined && dto.archived !== !!channel.archivedAt) {
      changes.archived = { from: !!channel.archivedAt, to: dto.archived };
      channel.archivedAt = dto.archived ? new Date() : null;
    }
    if (!Object.keys(changes).length) return this.toWire(channel, await this.memberCount(channel.id), member?.role ?? null);
    this.audit.record(this.em, { action: 'channel_updated', actorId: actor.id, targetType: 'channel', targetId: channel.id, details: changes });
    await this.em.flush();
    const wire = await this.publishChannel(channel);
    return { ...wire, myRole: member?.role ?? null };
  }

  /** Moves the read marker forward (never back, never past the last message). Returns the new marker. */
  async markRead(userId: string, channelId: string, seq: number): Promise<number> {
    const { channel, member } = await this.requireMember({ id: userId }, channelId);
    const target = Math.min(seq, channel.lastSeq);
    if (target > member.lastReadSeq) {
      await this.em.nativeUpdate(ChannelMember, { id: member.id, lastReadSeq: { $lt: target } }, { lastReadSeq: target });
      member.lastReadSeq = target;
    }
    return member.lastReadSeq;
  }

  async memberIds(channelId: string, em: EntityManager = this.em): Promise<string[]> {
    const rows = await em.find(ChannelMember, { channel: channelId }, { fields: ['user'] });
    return rows.map((m) => m.user.id);
  }

  /** The channel on the wire; `myRole` only when it is for one user (undefined leaves it out). */
  toWire(c: Channel, memberCount: number, myRole?: ChannelRole | null): WireChannel {
    return {
      id: c.id,
      kind: c.kind,
      name: c.name,
      description: c.description,
      visibility: c.visibility,
      countryCode: c.countryCode,
      memberCount,
      lastSeq: c.lastSeq,
      archived: !!c.archivedAt,
      ...(myRole !== undefined ? { myRole } : {}),
    };
  }

  async memberCount(channelId: string): Promise<number> {
    return (await this.memberCounts([channelId])).get(channelId) ?? 0;
  }

  /** `channel:updated` to everyone in the channel (name, description, archived, member count). */
  private async publishChannel(channel: Channel): Promise<WireChannel> {
    const wire = this.toWire(channel, await this.memberCount(channel.id));
    this.publisher.toChannel(channel.id, 'channel:updated', { channel: wire });
    return wire;
  }

  /**
   * Deletes a membership (flushing em's pending audit rows with it), takes the user's sockets out of the room on
   * every node, tells them, hands ownership on if the last owner went, and tells the channel its new count.
   */
  private async dropMember(channel: Channel, m: ChannelMember, actorId: string | null): Promise<void> {
    const userId = m.user.id;
    const wasOwner = m.role === 'owner';
    this.em.remove(m);
    await this.em.flush();
    this.publisher.leaveChannel([userId], channel.id);
    this.publisher.toUser(userId, 'channel:removed', { channelId: channel.id });
    const successor = wasOwner && hasOwners(channel) ? await this.handOver(channel, actorId) : null;
    const wire = await this.publishChannel(channel);
    if (successor) this.publisher.toUser(successor, 'channel:updated', { channel: { ...wire, myRole: 'owner' } });
  }

  /** A topic or forum left without owners: the longest-standing moderator, else member, becomes owner. */
  private async handOver(channel: Channel, actorId: string | null): Promise<string | null> {
    if (await this.em.count(ChannelMember, { channel: channel.id, role: 'owner' })) return null;
    const byAge = { orderBy: { createdAt: 'asc', id: 'asc' }, populate: ['user'] } as const;
    const next =
      (await this.em.findOne(ChannelMember, { channel: channel.id, role: 'moderator', user: { deactivated: false } }, byAge)) ??
      (await this.em.findOne(ChannelMember, { channel: channel.id, user: { deactivated: false } }, byAge)) ??
      (await this.em.findOne(ChannelMember, { channel: channel.id }, byAge));
    if (!next) return null;
    const from = next.role;
    next.role = 'owner';
    this.audit.record(this.em, {
      action: 'channel_role_changed',
      actorId,
      targetType: 'user',
      targetId: next.user.id,
      details: { channelId: channel.id, from, to: 'owner', reason: 'last_owner_left' },
    });
    await this.em.flush();
    return next.user.id;
  }

  private async notifyInvited(channelId: string, byUserId: string, userIds: string[]): Promise<void> {
    if (userIds.length) await this.notifications.enqueue({ kind: 'invited_to_channel', channelId, byUserId }, userIds, `invited-${channelId}`);
  }

  private announceAdded(userIds: string[], channel: WireChannel, myRole: ChannelRole): void {
    if (!userIds.length) return;
    this.publisher.joinChannel(userIds, channel.id);
    for (const id of userIds) this.publisher.toUser(id, 'channel:added', { channel: { ...channel, myRole } });
  }

  /** Inserts memberships that do not exist yet; returns the user ids actually added. */
  private async insertMembers(channelId: string, userIds: string[]): Promise<string[]> {
    if (!userIds.length) return [];
    const existing = new Set(await this.memberIds(channelId).then((ids) => ids.filter((id) => userIds.includes(id))));
    const fresh = userIds.filter((id) => !existing.has(id));
    if (!fresh.length) return [];
    await (this.em as SqlEntityManager)
      .createQueryBuilder(ChannelMember)
      .insert(fresh.map((id) => ({ id: newId(), channel: channelId, user: id, role: 'member' as const, lastReadSeq: 0, createdAt: new Date() })))
      .onConflict(['channel_id', 'user_id'])
      .ignore()
      .execute('run');
    return fresh;
  }

  private async activeUsers(ids: string[]): Promise<User[]> {
    if (!ids.length) return [];
    const users = await this.em.find(User, { id: { $in: ids }, deactivated: false });
    if (users.length !== ids.length) throw new AppError('unknown_users');
    return users;
  }

  private async memberCounts(channelIds: string[]): Promise<Map<string, number>> {
    if (!channelIds.length) return new Map();
    const rows: { channel_id: string; n: number | string }[] = await this.em
      .getConnection()
      .execute(`select channel_id, count(*) as n from channel_members where channel_id in (${channelIds.map(() => '?').join(',')}) group by channel_id`, channelIds);
    return new Map(rows.map((r) => [r.channel_id, Number(r.n)]));
  }
}
