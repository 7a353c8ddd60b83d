import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { newId } from '@lib/database';
import { AppError } from '@lib/errors';
import { RealtimePublisher, type WireChannel } from '@lib/realtime';
import { fold } from '@lib/text';
import type { AuthUser } from '../accounts/auth.decorators';
import { User } from '../accounts/user.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { ChannelMember } from './channel-member.entity';
import { Channel } from './channel.entity';
import type { CreateChannelDto } from './dto/channel.dto';

export const ANNOUNCEMENT_CHANNEL_NAME = 'Announcements';

export interface MyChannel extends WireChannel {
  unreadCount: number;
  mentionCount: number;
  lastReadSeq: number;
  role: string;
  version: number;
}

@Injectable()
export class ChannelsService {
  constructor(
    private readonly em: EntityManager,
    private readonly publisher: RealtimePublisher,
    private readonly notifications: NotificationsService,
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

  /** Puts a user into their country channel and the announcement channel (in em's unit of work). */
  async joinDefaultChannels(em: EntityManager, user: User): Promise<void> {
    const channels = await em.find(Channel, {
      $or: [{ systemKey: 'announcement' }, ...(user.countryCode ? [{ kind: 'country' as const, countryCode: user.countryCode }] : [])],
    });
    const joined = await em.find(ChannelMember, { user: user.id, channel: { $in: channels.map((c) => c.id) } });
    const joinedIds = new Set(joined.map((m) => m.channel.id));
    for (const channel of channels) {
      if (!joinedIds.has(channel.id)) em.persist(em.create(ChannelMember, { channel, user, role: 'member' }));
    }
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
      }
      if (newChannel && joined.length) this.announceAdded(joined, this.toWire(newChannel, (await this.memberCounts([newChannel.id])).get(newChannel.id) ?? 0));
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
    return memberships.map((m) => ({
      ...this.toWire(m.channel, counts.get(m.channel.id) ?? 0),
      unreadCount: Math.max(0, m.channel.lastSeq - m.lastReadSeq),
      mentionCount: mentions.get(m.channel.id) ?? 0,
      lastReadSeq: m.lastReadSeq,
      role: m.role,
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
    return hits.map((c) => this.toWire(c, counts.get(c.id) ?? 0));
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
    const { channel } = await this.readable(user, channelId);
    return this.toWire(channel, (await this.memberCounts([channel.id])).get(channel.id) ?? 0);
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
    this.announceAdded([user.id, ...others.map((u) => u.id)], wire);
    await this.notifyInvited(channel.id, user.id, others.map((u) => u.id));
    return wire;
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
      this.announceAdded(ids, wire);
      return wire;
    }
    return this.toWire(channel, (await this.memberCounts([channel.id])).get(channel.id) ?? 0);
  }

  async join(user: AuthUser, channelId: string): Promise<WireChannel> {
    const { channel, member } = await this.readable(user, channelId);
    if (!member) {
      if (channel.kind === 'announcement' || channel.kind === 'direct') throw new AppError('channel_fixed_membership');
      await this.insertMembers(channel.id, [user.id]);
    }
    const wire = this.toWire(channel, (await this.memberCounts([channel.id])).get(channel.id) ?? 0);
    if (!member) this.announceAdded([user.id], wire);
    return wire;
  }

  async leave(user: AuthUser, channelId: string): Promise<void> {
    const { channel, member } = await this.requireMember(user, channelId);
    const automatic = channel.kind === 'announcement' || channel.kind === 'direct' || (channel.kind === 'country' && channel.countryCode === user.countryCode);
    if (automatic) throw new AppError('cannot_leave');
    await this.em.nativeDelete(ChannelMember, { id: member.id });
    this.publisher.leaveChannel([user.id], channel.id);
    this.publisher.toUser(user.id, 'channel:removed', { channelId: channel.id });
  }

  /** Private channels: the owner or an admin; public ones: any member. Country, announcement and direct: never. */
  async addMembers(user: AuthUser, channelId: string, userIds: string[]): Promise<WireChannel> {
    const { channel, member } = await this.requireMember(user, channelId);
    if (channel.kind === 'announcement' || channel.kind === 'direct' || channel.kind === 'country') throw new AppError('channel_fixed_membership');
    if (channel.visibility === 'private' && member.role !== 'owner' && user.role !== 'admin') throw new AppError('not_channel_owner');
    const users = await this.activeUsers([...new Set(userIds)]);
    const added = await this.insertMembers(channel.id, users.map((u) => u.id));
    const wire = this.toWire(channel, (await this.memberCounts([channel.id])).get(channel.id) ?? 0);
    this.announceAdded(added, wire);
    await this.notifyInvited(channel.id, user.id, added.filter((id) => id !== user.id));
    return wire;
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

  toWire(c: Channel, memberCount: number): WireChannel {
    return {
      id: c.id,
      kind: c.kind,
      name: c.name,
      description: c.description,
      visibility: c.visibility,
      countryCode: c.countryCode,
      memberCount,
      lastSeq: c.lastSeq,
    };
  }

  private async notifyInvited(channelId: string, byUserId: string, userIds: string[]): Promise<void> {
    if (userIds.length) await this.notifications.enqueue({ kind: 'invited_to_channel', channelId, byUserId }, userIds, `invited-${channelId}`);
  }

  private announceAdded(userIds: string[], channel: WireChannel): void {
    this.publisher.joinChannel(userIds, channel.id);
    for (const id of userIds) this.publisher.toUser(id, 'channel:added', { channel });
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
