import { EntityManager, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable, Logger } from '@nestjs/common';
import { KeyedLock, newId } from '@lib/database';
import { AppError } from '@lib/errors';
import type { PresenceStatus, WireMessage } from '@lib/contract';
import { RealtimePublisher } from '@lib/realtime';
import { fold } from '@lib/text';
import type { AuthUser } from '@lib/auth';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { ChannelMember } from '../channels/channel-member.entity';
import type { Channel } from '../channels/channel.entity';
import { ChannelsService, isModerator } from '../channels/channels.service';
import { NotificationsService } from '../notifications/notifications.service';
import { SearchService } from '../search/search.service';
import { MessageMention } from './message-mention.entity';
import { Message, type ReactionState } from './message.entity';
import { SendLimiter } from './send-limiter';

export const SYNC_PAGE = 500;
/** Above this many members, `@all`, `@here` and `@country` are for organizers, admins, owners and moderators. */
export const MASS_MENTION_FREE_UP_TO = 50;
const MAX_REACTION_KINDS = 50;

// "@Name Surname": up to four words after @, letters of any script, digits and the usual name punctuation.
const MENTION = /(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_.'’ʻ-]+(?:[ \t]+[\p{L}\p{N}_.'’ʻ-]+){0,3})/gu;

export interface ReplyHooks {
  /** Who hears of a reply to this root message. */
  recipients(rootMessageId: string): Promise<string[]>;
  /** After a reply was stored. */
  replied(rootMessageId: string, replierId: string): Promise<void>;
}

/** Who is online now (for `@here`); registered by the process that keeps presence. */
export type PresenceLookup = (userIds: string[]) => Promise<Record<string, PresenceStatus>>;

interface ResolvedMentions {
  ids: string[];
  /** `@all`, `@channel`, `@everyone`, `@here` or `@country` was used. */
  mass: boolean;
}

interface ChannelBump {
  last_seq: number;
  version: number;
}

@Injectable()
export class MessagesService {
  private readonly logger = new Logger('Messages');
  private replyHooks?: ReplyHooks;
  private presence?: PresenceLookup;

  constructor(
    private readonly em: EntityManager,
    private readonly channels: ChannelsService,
    private readonly publisher: RealtimePublisher,
    private readonly lock: KeyedLock,
    private readonly limiter: SendLimiter,
    private readonly notifications: NotificationsService,
    private readonly search: SearchService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Stores a message and returns it once committed; the same (author, clientId) returns the first message.
   * Seq and version are taken from the channel row in the same transaction, and the broadcast happens under a
   * per-channel lock held across every process, so every client receives a channel's messages in seq order.
   */
  async send(user: AuthUser, dto: { channelId: string; clientId: string; body: string; threadId?: string }): Promise<WireMessage> {
    return this.store(user, dto, true);
  }

  /** Threads register who hears of replies, and what a reply does (the replier follows). */
  useReplyHooks(hooks: ReplyHooks): void {
    this.replyHooks = hooks;
  }

  /** The realtime gateway's presence, for `@here` (without it, as in a worker, `@here` reaches no one). */
  usePresence(lookup: PresenceLookup): void {
    this.presence = lookup;
  }

  /** Birlik posting on someone's behalf (a notice in the announcement channel): no rate limit. */
  async postAs(user: AuthUser, dto: { channelId: string; clientId: string; body: string }): Promise<WireMessage> {
    return this.store(user, dto, false);
  }

  private async store(user: AuthUser, dto: { channelId: string; clientId: string; body: string; threadId?: string }, limited: boolean): Promise<WireMessage> {
    const existing = await this.byClientId(user.id, dto.clientId);
    if (existing && existing.channel.id === dto.channelId) return this.toWire(existing);
    const { channel, member } = await this.channels.requireMember(user, dto.channelId);
    // The role as it is now, not as it was when the socket connected: a demotion applies to open sockets at once.
    const author = await this.currentUser(user.id);
    if (channel.kind === 'announcement' && author.role === 'official') throw new AppError('announcement_post');
    if (channel.archivedAt) throw new AppError('channel_archived');
    // A clientId is the resend key of one message: never answer a send to another channel with it.
    if (existing) throw new AppError('client_id_taken');
    if (dto.threadId) {
      const root = await this.em.findOne(Message, { id: dto.threadId, channel: channel.id, threadId: null });
      if (!root || root.deletedAt) throw new AppError('bad_thread');
    }
    const body = dto.body.trim();
    const resolved = await this.resolveMentions(channel, author, body);
    await this.checkMassMention(channel, author, member, resolved);
    const mentions = resolved.ids;
    if (limited) await this.limiter.consume(user.id);

    return this.lock.run(channelKey(channel.id), async () => {
      let message!: Message;
      try {
        await this.em.transactional(async (em) => {
          const bump = await this.bump(em, channel.id, 1, dto.threadId ? 2 : 1);
          message = em.create(Message, {
            id: newId(),
            channel: channel.id,
            seq: bump.last_seq,
            version: dto.threadId ? bump.version - 1 : bump.version,
            author,
            clientId: dto.clientId,
            body,
            threadId: dto.threadId ?? null,
            mentions,
          });
          em.persist(message);
          if (dto.threadId) {
            await (em as SqlEntityManager).execute('update messages set reply_count = reply_count + 1, last_reply_at = ?, version = ? where id = ?', [
              message.createdAt,
              bump.version,
              dto.threadId,
            ]);
          }
          this.addMentionRows(em, message, mentions);
          await em.flush();
          await this.search.index(em, { kind: 'message', refId: message.id, channelId: channel.id, countryCode: author.countryCode, createdAt: message.createdAt, text: body });
          // Posting reads the channel up to one's own message.
          await em.nativeUpdate(ChannelMember, { channel: channel.id, user: user.id, lastReadSeq: { $lt: message.seq } }, { lastReadSeq: message.seq });
        });
      } catch (err) {
        if (err instanceof UniqueConstraintViolationException) {
          // The same clientId committed meanwhile (a resend raced the first send, maybe on another node).
          const first = await this.em.fork().findOne(Message, { author: user.id, clientId: dto.clientId }, { populate: ['author'] });
          if (first && first.channel.id !== channel.id) throw new AppError('client_id_taken');
          if (first) return this.toWire(first);
        }
        throw err;
      }
      const wire = this.toWire(message);
      this.publisher.toChannel(channel.id, 'message:new', { message: wire });
      if (dto.threadId) await this.publishUpdated(dto.threadId);
      await this.notify(message, mentions);
      return wire;
    });
  }

  /** Mentions and replies feed the notification pipeline (after commit; a failure to queue is logged). */
  private async notify(message: Message, mentions: string[]): Promise<void> {
    try {
      if (mentions.length) await this.notifications.enqueue({ kind: 'mention', messageId: message.id }, mentions, `mention-${message.id}`);
      if (message.threadId) {
        const root = await this.em.fork().findOne(Message, { id: message.threadId }, { fields: ['author'] });
        // Followers of a forum thread, else the author of the message replied to; never the replier, never twice.
        const interested = this.replyHooks ? await this.replyHooks.recipients(message.threadId) : root ? [root.author.id] : [];
        const to = interested.filter((id) => id !== message.author.id && !mentions.includes(id));
        if (to.length) await this.notifications.enqueue({ kind: 'reply', messageId: message.id }, to, `reply-${message.id}`);
        await this.replyHooks?.replied(message.threadId, message.author.id);
      }
    } catch (err) {
      this.logger.error({ err, messageId: message.id }, 'could not queue notifications');
    }
  }

  /** The author edits the body; mentions are resolved again. */
  async edit(user: AuthUser, messageId: string, newBody: string): Promise<WireMessage> {
    const { message, channel, member } = await this.loadForChange(user, messageId);
    if (message.author.id !== user.id) throw new AppError('not_message_author');
    if (message.deletedAt) throw new AppError('message_deleted');
    if (channel.archivedAt) throw new AppError('channel_archived');
    const author = await this.currentUser(user.id);
    const body = newBody.trim();
    const resolved = await this.resolveMentions(channel, author, body);
    await this.checkMassMention(channel, author, member, resolved);
    const mentions = resolved.ids;
    const before = [...message.mentions];
    const wire = await this.change(channel.id, message.id, async (em, m, version) => {
      m.body = body;
      m.editedAt = new Date();
      m.version = version;
      m.mentions = mentions;
      await em.nativeDelete(MessageMention, { messageId: m.id });
      this.addMentionRows(em, m, mentions);
      await this.search.index(em, { kind: 'message', refId: m.id, channelId: m.channel.id, countryCode: m.author.countryCode, createdAt: m.createdAt, text: body });
    });
    const fresh = mentions.filter((id) => !before.includes(id));
    if (fresh.length) await this.notifications.enqueue({ kind: 'mention', messageId: message.id }, fresh, `mention-${message.id}-${wire.version}`).catch((err: unknown) => this.logger.error({ err }, 'could not queue notifications'));
    return wire;
  }

  /**
   * The author, the channel's owners and moderators, or an admin (in every channel they can see) deletes; the message
   * keeps its place as a tombstone. Deleting someone else's message is an audit event. Allowed in archived channels.
   */
  async delete(user: AuthUser, messageId: string): Promise<void> {
    const { message, channel, member } = await this.loadForChange(user, messageId);
    const own = message.author.id === user.id;
    const admin = !own && (await this.currentUser(user.id)).role === 'admin';
    if (!own && !admin && !isModerator(member)) {
      throw new AppError('forbidden', { message: "Only the author, the channel's owners and moderators or an admin may delete a message" });
    }
    if (message.deletedAt) return;
    await this.change(channel.id, message.id, async (em, m, version) => {
      if (!own) {
        this.audit.record(em, {
          action: 'message_deleted_by_moderator',
          actorId: user.id,
          targetType: 'message',
          targetId: m.id,
          details: { channelId: channel.id, authorId: m.author.id, seq: m.seq, by: isModerator(member) ? member!.role : 'admin' },
        });
      }
      m.body = null;
      m.deletedAt = new Date();
      m.version = version;
      m.mentions = [];
      m.reactions = [];
      await em.nativeDelete(MessageMention, { messageId: m.id });
      await this.search.index(em, { kind: 'message', refId: m.id, channelId: m.channel.id, countryCode: null, createdAt: m.createdAt, text: null });
      if (m.threadId) {
        await (em as SqlEntityManager).execute('update messages set reply_count = reply_count - 1, version = ? where id = ? and reply_count > 0', [version, m.threadId]);
      }
    });
    if (message.threadId) await this.publishUpdated(message.threadId);
  }

  async toggleReaction(user: AuthUser, messageId: string, emoji: string): Promise<WireMessage> {
    const { message, channel, member } = await this.loadForChange(user, messageId);
    if (!member) throw new AppError('not_channel_member');
    if (message.deletedAt) throw new AppError('message_deleted');
    if (channel.archivedAt) throw new AppError('channel_archived');
    return this.change(channel.id, message.id, async (_em, m, version) => {
      m.reactions = toggle(m.reactions, emoji, user.id);
      m.version = version;
    });
  }

  /** An oldest-first page: the latest `limit` by default, those before `before`, or those after `after`. */
  async history(user: AuthUser, channelId: string, q: { before?: number; after?: number; limit?: number; threadId?: string; topLevel?: boolean }): Promise<WireMessage[]> {
    const { channel } = await this.channels.readable(user, channelId);
    const limit = q.limit ?? 50;
    const where: FilterQuery<Message> = { channel: channel.id };
    const seq: Record<string, number> = {};
    if (q.before !== undefined) seq.$lt = q.before;
    if (q.after !== undefined) seq.$gt = q.after;
    if (Object.keys(seq).length) where.seq = seq;
    if (q.threadId) where.threadId = q.threadId;
    else if (q.topLevel) where.threadId = null;
    const ascending = q.after !== undefined && q.before === undefined;
    const rows = await this.em.find(Message, where, { populate: ['author'], orderBy: { seq: ascending ? 'asc' : 'desc' }, limit });
    if (!ascending) rows.reverse();
    return rows.map((m) => this.toWire(m));
  }

  /** Every message created or changed after the given version of each of my channels, by channel then version. */
  async sync(user: AuthUser, versions: Record<string, number>): Promise<{ changes: WireMessage[]; more: boolean }> {
    const entries = Object.entries(versions);
    if (entries.length > 1000) throw new AppError('bad_request', { message: 'channels may list at most 1000 channels' });
    for (const [id, v] of entries) {
      if (typeof id !== 'string' || id.length > 36 || !Number.isInteger(v) || v < 0) {
        throw new AppError('bad_request', { message: 'channels must map channel ids to whole numbers >= 0' });
      }
    }
    if (!entries.length) return { changes: [], more: false };
    const mine = new Set(
      (await this.em.find(ChannelMember, { user: user.id, channel: { $in: entries.map(([id]) => id) } }, { fields: ['channel'] })).map((m) => m.channel.id),
    );
    const wanted = entries.filter(([id]) => mine.has(id));
    if (!wanted.length) return { changes: [], more: false };
    const rows = await this.em.find(
      Message,
      { $or: wanted.map(([id, v]) => ({ channel: id, version: { $gt: v } })) },
      { populate: ['author'], orderBy: { channel: 'asc', version: 'asc' }, limit: SYNC_PAGE + 1 },
    );
    const more = rows.length > SYNC_PAGE;
    return { changes: rows.slice(0, SYNC_PAGE).map((m) => this.toWire(m)), more };
  }

  toWire(m: Message): WireMessage {
    const a = m.author;
    return {
      id: m.id,
      channelId: m.channel.id,
      seq: m.seq,
      version: m.version,
      clientId: m.clientId,
      author: { id: a.id, displayName: a.displayName, memberId: a.member?.id ?? null, countryCode: a.countryCode },
      body: m.body,
      threadId: m.threadId,
      createdAt: m.createdAt.toISOString(),
      editedAt: m.editedAt?.toISOString() ?? null,
      deletedAt: m.deletedAt?.toISOString() ?? null,
      reactions: m.reactions.map((r) => ({ emoji: r.emoji, count: r.userIds.length, userIds: r.userIds })),
      mentions: m.mentions,
      replyCount: m.replyCount,
      lastReplyAt: m.lastReplyAt?.toISOString() ?? null,
    };
  }

  /** The user as stored now (role, country); a deactivated account acts no more, whatever socket it holds. */
  private async currentUser(userId: string): Promise<User> {
    const u = await this.em.findOne(User, { id: userId });
    if (!u || u.deactivated) throw new AppError('unauthorized');
    return u;
  }

  /** Mass mentions in a channel of more than 50 members: organizers, admins, owners and moderators only. */
  private async checkMassMention(channel: Channel, author: User, member: ChannelMember | null, resolved: ResolvedMentions): Promise<void> {
    if (!resolved.mass || author.role !== 'official' || isModerator(member)) return;
    if ((await this.channels.memberCount(channel.id)) > MASS_MENTION_FREE_UP_TO) throw new AppError('mention_not_allowed');
  }

  private async byClientId(userId: string, clientId: string): Promise<Message | null> {
    return this.em.findOne(Message, { author: userId, clientId }, { populate: ['author'] });
  }

  private async loadForChange(user: AuthUser, messageId: string): Promise<{ message: Message; channel: Channel; member: ChannelMember | null }> {
    const message = await this.em.findOne(Message, { id: messageId }, { populate: ['author'] });
    if (!message) throw new AppError('message_not_found');
    const { channel, member } = await this.channels.readable(user, message.channel.id).catch(() => {
      throw new AppError('message_not_found');
    });
    return { message, channel, member };
  }

  /** Bumps the channel version and applies `apply` to the message in one transaction, under the channel lock. */
  private async change(channelId: string, messageId: string, apply: (em: EntityManager, m: Message, version: number) => Promise<void>): Promise<WireMessage> {
    return this.lock.run(channelKey(channelId), async () => {
      let message!: Message;
      await this.em.transactional(async (em) => {
        const { version } = await this.bump(em, channelId, 0, 1);
        message = await em.findOneOrFail(Message, { id: messageId }, { populate: ['author'] });
        await apply(em, message, version);
        await em.flush();
      });
      const wire = this.toWire(message);
      this.publisher.toChannel(channelId, 'message:updated', { message: wire });
      return wire;
    });
  }

  private async bump(em: EntityManager, channelId: string, seqBy: number, versionBy: number): Promise<ChannelBump> {
    const rows: ChannelBump[] = await (em as SqlEntityManager).execute(
      'update channels set last_seq = last_seq + ?, version = version + ? where id = ? returning last_seq, version',
      [seqBy, versionBy, channelId],
    );
    if (!rows.length) throw new AppError('channel_not_found');
    return { last_seq: Number(rows[0].last_seq), version: Number(rows[0].version) };
  }

  private async publishUpdated(messageId: string): Promise<void> {
    const m = await this.em.fork().findOne(Message, { id: messageId }, { populate: ['author'] });
    if (m) this.publisher.toChannel(m.channel.id, 'message:updated', { message: this.toWire(m) });
  }

  private addMentionRows(em: EntityManager, m: Message, userIds: string[]): void {
    for (const userId of userIds) {
      em.persist(em.create(MessageMention, { messageId: m.id, userId, channelId: m.channel.id, seq: m.seq }));
    }
  }

  /**
   * `@Display Name` of a channel member, `@all` / `@channel` / `@everyone` (every member), `@here` (members online
   * now) and `@country` (members of the author's country). Deactivated accounts are never mentioned.
   */
  async resolveMentions(channel: Channel, author: User, body: string): Promise<ResolvedMentions> {
    if (!body.includes('@')) return { ids: [], mass: false };
    const candidates = new Set<string>();
    let all = false;
    let here = false;
    let country = false;
    for (const match of body.matchAll(MENTION)) {
      const words = match[1].split(/[ \t]+/);
      const first = words[0].toLowerCase().replace(/[.,!?:;'’ʻ-]+$/u, '');
      if (first === 'all' || first === 'channel' || first === 'everyone') all = true;
      if (first === 'here') here = true;
      if (first === 'country') country = true;
      for (let n = 1; n <= words.length; n++) candidates.add(fold(words.slice(0, n).join(' ').replace(/[.,'’ʻ-]+$/u, '')));
    }
    const ids = new Set<string>();
    const mass = all || here || country;
    if (all || here) {
      const members = await this.em.find(ChannelMember, { channel: channel.id, user: { deactivated: false } }, { fields: ['user'] });
      const memberIds = members.map((m) => m.user.id);
      if (all) for (const id of memberIds) ids.add(id);
      else if (this.presence) {
        const statuses = await this.presence(memberIds);
        for (const id of memberIds) if (statuses[id] === 'online') ids.add(id);
      }
    }
    if (country && !all && author.countryCode) {
      const members = await this.em.find(ChannelMember, { channel: channel.id, user: { deactivated: false, countryCode: author.countryCode } }, { fields: ['user'] });
      for (const m of members) ids.add(m.user.id);
    }
    if (candidates.size) {
      const named = await this.em.find(
        ChannelMember,
        { channel: channel.id, user: { nameKey: { $in: [...candidates] }, deactivated: false } },
        { fields: ['user'] },
      );
      for (const m of named) ids.add(m.user.id);
    }
    ids.delete(author.id);
    return { ids: [...ids].sort(), mass };
  }
}

function channelKey(channelId: string): string {
  return `channel:${channelId}`;
}

function toggle(reactions: ReactionState[], emoji: string, userId: string): ReactionState[] {
  const next = reactions.map((r) => ({ emoji: r.emoji, userIds: [...r.userIds] }));
  const found = next.find((r) => r.emoji === emoji);
  if (!found) {
    if (next.length >= MAX_REACTION_KINDS) throw new AppError('bad_request', { message: `a message may carry at most ${MAX_REACTION_KINDS} different reactions` });
    next.push({ emoji, userIds: [userId] });
    return next;
  }
  found.userIds = found.userIds.includes(userId) ? found.userIds.filter((id) => id !== userId) : [...found.userIds, userId];
  return next.filter((r) => r.userIds.length > 0);
}
