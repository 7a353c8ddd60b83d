import { EntityManager, MikroORM, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isSqlite, newId } from '@lib/database';
import { AppError } from '@lib/errors';
import type { WireMessage } from '@lib/contract';
import type { AuthUser } from '@lib/auth';
import { User } from '../accounts/user.entity';
import { ChannelsService, isModerator } from '../channels/channels.service';
import { Message } from '../messages/message.entity';
import { MessagesService } from '../messages/messages.service';
import { NotificationsService } from '../notifications/notifications.service';
import { SearchService } from '../search/search.service';
import categories from './data/categories.json';
import type { CreateThreadDto, ThreadResponseDto } from './dto/thread.dto';
import { ThreadFollow } from './thread-follow.entity';
import { Thread } from './thread.entity';

export const CATEGORIES = categories as { slug: string; labels: Record<string, string> }[];

@Injectable()
export class ThreadsService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly orm: MikroORM,
    private readonly channels: ChannelsService,
    private readonly messages: MessagesService,
    private readonly notifications: NotificationsService,
    private readonly search: SearchService,
  ) {}

  onModuleInit(): void {
    this.messages.useReplyHooks({
      recipients: (rootMessageId) => this.replyRecipients(rootMessageId),
      replied: (rootMessageId, replierId) => this.autoFollow(rootMessageId, replierId),
    });
  }

  /** A new thread: its root message (idempotent by clientId) and the thread row (unique per root). */
  async create(user: AuthUser, channelId: string, dto: CreateThreadDto): Promise<{ thread: ThreadResponseDto; message: WireMessage }> {
    const { channel } = await this.channels.requireMember(user, channelId);
    if (channel.kind !== 'forum') throw new AppError('bad_request', { message: 'threads are started in forum channels' });
    const message = await this.messages.send(user, { channelId, clientId: dto.clientId, body: dto.body });
    const tags = [...new Set(dto.tags.map((t) => t.toLowerCase()))];
    await (this.em as SqlEntityManager)
      .createQueryBuilder(Thread)
      .insert({ id: newId(), createdAt: new Date(), channelId, rootMessageId: message.id, authorId: user.id, authorCountryCode: user.countryCode, title: dto.title, tags, status: 'open' })
      .onConflict('root_message_id')
      .ignore()
      .execute('run');
    const thread = await this.em.findOneOrFail(Thread, { rootMessageId: message.id });
    await this.search.index(this.em, { kind: 'thread', refId: thread.id, channelId, countryCode: thread.authorCountryCode, createdAt: thread.createdAt, text: `${thread.title} ${thread.tags.join(' ')}` });
    await this.follow(user, thread.id);
    return { thread: (await this.views([thread], user.id))[0], message };
  }

  /** Threads of a forum channel, filtered by tag, status and the author's country; by activity or creation. */
  async list(
    user: AuthUser,
    channelId: string,
    q: { tag?: string; status?: 'open' | 'solved'; sort?: 'activity' | 'created'; countryCode?: string; limit?: number; cursor?: string },
  ): Promise<{ threads: ThreadResponseDto[]; next: string | null }> {
    await this.channels.readable(user, channelId);
    const limit = q.limit ?? 50;
    const offset = q.cursor ? Number(q.cursor) : 0;
    const params: unknown[] = [channelId];
    let where = 't.channel_id = ?';
    if (q.status) {
      where += ' and t.status = ?';
      params.push(q.status);
    }
    if (q.countryCode) {
      where += ' and t.author_country_code = ?';
      params.push(q.countryCode.toUpperCase());
    }
    if (q.tag) {
      where += isSqlite(this.em) ? ' and exists (select 1 from json_each(t.tags) where value = ?)' : ' and t.tags @> ?::jsonb';
      params.push(isSqlite(this.em) ? q.tag.toLowerCase() : JSON.stringify([q.tag.toLowerCase()]));
    }
    const order = q.sort === 'created' ? 't.created_at desc, t.id desc' : 'coalesce(m.last_reply_at, m.created_at) desc, t.id desc';
    const rows: { id: string }[] = await this.em
      .getConnection()
      .execute(`select t.id from threads t join messages m on m.id = t.root_message_id where ${where} order by ${order} limit ? offset ?`, [...params, limit + 1, offset]);
    const ids = rows.slice(0, limit).map((r) => r.id);
    const threads = await this.em.find(Thread, { id: { $in: ids } });
    const byId = new Map(threads.map((t) => [t.id, t]));
    return { threads: await this.views(ids.map((id) => byId.get(id)!), user.id), next: rows.length > limit ? String(offset + limit) : null };
  }

  async get(user: AuthUser, threadId: string): Promise<{ thread: ThreadResponseDto; messages: WireMessage[] }> {
    const thread = await this.readable(user, threadId);
    const root = await this.em.findOneOrFail(Message, { id: thread.rootMessageId }, { populate: ['author'] });
    const replies = await this.em.find(Message, { threadId: thread.rootMessageId }, { populate: ['author'], orderBy: { seq: 'asc' }, limit: 1000 });
    return { thread: (await this.views([thread], user.id))[0], messages: [root, ...replies].map((m) => this.messages.toWire(m)) };
  }

  /** The thread author, the channel's owners and moderators or an admin marks a reply as the solution; followers hear of it. */
  async markSolution(user: AuthUser, threadId: string, messageId: string): Promise<ThreadResponseDto> {
    const thread = await this.readable(user, threadId);
    const { member } = await this.channels.requireMember(user, thread.channelId);
    if (thread.authorId !== user.id && !isModerator(member) && user.role !== 'admin') {
      throw new AppError('forbidden', { message: "Only the thread author, the channel's owners and moderators or an admin marks the solution" });
    }
    const reply = await this.em.findOne(Message, { id: messageId, threadId: thread.rootMessageId, deletedAt: null });
    if (!reply) throw new AppError('bad_request', { message: 'messageId must be a reply in this thread' });
    const changed = thread.solutionMessageId !== messageId;
    thread.status = 'solved';
    thread.solutionMessageId = messageId;
    await this.em.flush();
    if (changed) {
      const followers = (await this.followerIds(thread.id)).filter((id) => id !== user.id);
      await this.notifications.enqueue({ kind: 'thread_solved', threadId: thread.id, byUserId: user.id }, followers, `solved-${thread.id}-${messageId}`);
    }
    return (await this.views([thread], user.id))[0];
  }

  async follow(user: AuthUser, threadId: string): Promise<void> {
    const thread = await this.readable(user, threadId);
    await this.insertFollow(this.em, thread.id, user.id);
  }

  async unfollow(user: AuthUser, threadId: string): Promise<void> {
    const thread = await this.readable(user, threadId);
    await this.em.nativeDelete(ThreadFollow, { threadId: thread.id, userId: user.id });
  }

  private async readable(user: AuthUser, threadId: string): Promise<Thread> {
    const thread = await this.em.findOne(Thread, { id: threadId });
    if (!thread) throw new AppError('not_found', { message: 'Thread not found' });
    await this.channels.readable(user, thread.channelId).catch(() => {
      throw new AppError('not_found', { message: 'Thread not found' });
    });
    return thread;
  }

  private async replyRecipients(rootMessageId: string): Promise<string[]> {
    const em = this.orm.em.fork();
    const thread = await em.findOne(Thread, { rootMessageId });
    if (thread) return this.followerIds(thread.id, em);
    const root = await em.findOne(Message, { id: rootMessageId }, { fields: ['author'] });
    return root ? [root.author.id] : [];
  }

  private async autoFollow(rootMessageId: string, userId: string): Promise<void> {
    const em = this.orm.em.fork();
    const thread = await em.findOne(Thread, { rootMessageId }, { fields: ['id'] });
    if (thread) await this.insertFollow(em, thread.id, userId);
  }

  private async insertFollow(em: EntityManager, threadId: string, userId: string): Promise<void> {
    await (em as SqlEntityManager)
      .createQueryBuilder(ThreadFollow)
      .insert({ id: newId(), createdAt: new Date(), threadId, userId })
      .onConflict(['thread_id', 'user_id'])
      .ignore()
      .execute('run');
  }

  private async followerIds(threadId: string, em: EntityManager = this.em): Promise<string[]> {
    return (await em.find(ThreadFollow, { threadId }, { fields: ['userId'] })).map((f) => f.userId);
  }

  private async views(threads: Thread[], viewerId: string): Promise<ThreadResponseDto[]> {
    if (!threads.length) return [];
    const roots = new Map(
      (await this.em.find(Message, { id: { $in: threads.map((t) => t.rootMessageId) } }, { populate: ['author'] })).map((m) => [m.id, m]),
    );
    const following = new Set(
      (await this.em.find(ThreadFollow, { userId: viewerId, threadId: { $in: threads.map((t) => t.id) } } as FilterQuery<ThreadFollow>, { fields: ['threadId'] })).map((f) => f.threadId),
    );
    return threads.map((t) => {
      const root = roots.get(t.rootMessageId)!;
      const a: User = root.author;
      return {
        id: t.id,
        channelId: t.channelId,
        rootMessageId: t.rootMessageId,
        title: t.title,
        tags: t.tags,
        status: t.status,
        solutionMessageId: t.solutionMessageId,
        replyCount: root.replyCount,
        lastActivityAt: (root.lastReplyAt ?? root.createdAt).toISOString(),
        author: { id: a.id, displayName: a.displayName, memberId: a.member?.id ?? null, countryCode: a.countryCode },
        createdAt: t.createdAt.toISOString(),
        following: following.has(t.id),
      };
    });
  }
}
