import type { EmailState, NotificationKind, WireNotification } from '@lib/contract';
import { EntityManager, MikroORM, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, emailDeliveryTime, localHour } from '@lib/clock';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { newId } from '@lib/database';
import { MailTransport } from '@lib/mail';
import { jobId, JobQueue, type FanoutEvent } from '@lib/queue';
import { RealtimePublisher, rooms } from '@lib/realtime';
import { User, type NotificationPrefs } from '../accounts/user.entity';
import { Channel } from '../channels/channel.entity';
import { Message } from '../messages/message.entity';
import { NoticeRecipient } from '../notices/notice-recipient.entity';
import { Notice } from '../notices/notice.entity';
import { localizeNotice, type NoticeView } from '../notices/notice-view';
import { digestMail, notificationMail, notificationTitle, reminderTitle } from './mail-templates';
import { Thread } from '../threads/thread.entity';
import { Notification } from './notification.entity';
import { markdownToPlainText } from '@lib/text/markdown-plain';

/** What the API and the `notification:new` event carry. */
export type NotificationView = WireNotification;

/** The local hour at which digest users get their daily e-mail. */
export const DIGEST_HOUR = 8;
const SNIPPET = 200;

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly em: EntityManager,
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly publisher: RealtimePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // --- API -------------------------------------------------------------------------------------------

  async list(userId: string, q: { unread?: boolean; cursor?: string; limit: number }): Promise<Notification[]> {
    const where: FilterQuery<Notification> = { userId };
    if (q.unread) where.readAt = null;
    if (q.cursor) where.id = { $lt: q.cursor };
    return this.em.find(Notification, where, { orderBy: { id: 'desc' }, limit: q.limit + 1 });
  }

  async markRead(userId: string, target: { ids?: string[]; all?: boolean }): Promise<number> {
    const where: FilterQuery<Notification> = { userId, readAt: null };
    if (!target.all) where.id = { $in: target.ids ?? [] };
    return this.em.nativeUpdate(Notification, where, { readAt: this.clock.now() });
  }

  /** Marks read whatever notifications a notice gave this user (reading the notice reads them). */
  async markNoticeRead(em: EntityManager, userId: string, noticeId: string): Promise<void> {
    await em.nativeUpdate(Notification, { userId, noticeId, readAt: null }, { readAt: this.clock.now() });
  }

  /** Removes every notification about a message (one taken back: nobody's inbox keeps its snippet). */
  async removeForMessage(messageId: string): Promise<number> {
    return this.em.fork().nativeDelete(Notification, { messageId });
  }

  static view(n: Notification): NotificationView {
    return {
      id: n.id,
      kind: n.kind,
      channelId: n.channelId,
      messageId: n.messageId,
      noticeId: n.noticeId,
      title: n.title,
      snippet: n.snippet,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    };
  }

  /** Queues the fan-out of an event to these users, in batches, with job ids from the domain ids. */
  async enqueue(event: FanoutEvent, userIds: string[], key: string): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < userIds.length; i += 500) batches.push(userIds.slice(i, i + 500));
    await this.jobs.addBulk(
      'notifications.fanout',
      batches.map((ids) => ({ data: { event, userIds: ids }, jobId: jobId('fanout', key, ids[0]) })),
    );
  }

  // --- Worker ----------------------------------------------------------------------------------------

  /**
   * One batch of recipients of one event: an in-app row each (the unique key makes a rerun harmless), then a
   * live push for rows not pushed yet (claimed first, so at most once), then their e-mail jobs.
   */
  async fanout(event: FanoutEvent, userIds: string[]): Promise<void> {
    const em = this.orm.em.fork() as SqlEntityManager;
    const users = await this.recipients(em, userIds);
    if (!users.length) return;
    const source = await this.loadSource(em, event);
    if (!source) return;
    const now = this.clock.now();
    const columns = ['id', 'created_at', 'user_id', 'kind', 'source_key', 'channel_id', 'message_id', 'notice_id', 'title', 'snippet', 'urgent', 'email_state', 'pushed_at'];
    const params: unknown[] = [];
    for (const u of users) {
      const text = source.render(u);
      const muted = source.channelId ? u.prefs.mutedChannelIds.includes(source.channelId) : false;
      const wantsEmail = u.prefs.email !== 'off' && !muted;
      params.push(newId(), now, u.id, source.kind, source.key, source.channelId, source.messageId, source.noticeId, text.title.slice(0, 300), text.snippet, source.urgent, wantsEmail ? 'pending' : 'none', now);
    }
    // The row and the claim of its live push in one statement: a row that already existed (a rerun) is not
    // returned, so it is never pushed twice.
    const row = `(${columns.map(() => '?').join(', ')})`;
    const claimed: ClaimedRow[] = await em.execute(
      `insert into notifications (${columns.join(', ')}) values ${users.map(() => row).join(', ')}
       on conflict (user_id, source_key) do nothing
       returning id, user_id, kind, channel_id, message_id, notice_id, title, snippet, created_at, email_state, urgent`,
      params,
    );
    const byUser = new Map(users.map((u) => [u.id, u]));
    // A rerun (the worker died after the insert) finds its rows already there: their pending e-mails are queued
    // again, since the first run may not have got that far (the job id keeps each e-mail to one job).
    const fresh = new Set(claimed.map((n) => n.id));
    type Pending = { id: string; user_id: string; urgent: boolean | number };
    const earlier: Pending[] =
      claimed.length === users.length
        ? []
        : ((await em.execute(
            `select id, user_id, urgent from notifications where source_key = ? and email_state = 'pending' and user_id in (${users.map(() => '?').join(', ')})`,
            [source.key, ...users.map((u) => u.id)],
          )) as Pending[]).filter((n) => !fresh.has(n.id));
    for (const n of claimed) this.publisher.toUser(n.user_id, 'notification:new', { notification: claimedView(n) });
    if (source.notice && !source.reminder) {
      // One emit per language: every recipient reading the same translation gets the same payload.
      const byLocale = new Map<string, string[]>();
      for (const n of claimed) {
        const locale = byUser.get(n.user_id)!.locale;
        byLocale.set(locale, [...(byLocale.get(locale) ?? []), n.user_id]);
      }
      for (const [locale, userIdsOfLocale] of byLocale) {
        this.publisher.toRooms(userIdsOfLocale.map(rooms.user), 'notice:new', { notice: localizeNotice(source.notice, locale, true) });
      }
    }
    const mails = [...claimed.filter((n) => n.email_state === 'pending'), ...earlier]
      .filter((n) => byUser.get(n.user_id)!.prefs.email === 'instant')
      .map((n) => {
        const u = byUser.get(n.user_id)!;
        const at = emailDeliveryTime(now, u.timeZone, u.prefs.quietHours, Boolean(n.urgent));
        return { data: { notificationId: n.id }, jobId: jobId('email', n.id), opts: { delay: Math.max(0, at.getTime() - now.getTime()) } };
      });
    await this.jobs.addBulk('mail.notification', mails);
  }

  /** Active users among these ids, read straight from the table (no entity hydration on this hot path). */
  private async recipients(em: SqlEntityManager, userIds: string[]): Promise<Recipient[]> {
    if (!userIds.length) return [];
    const rows: { id: string; locale: string; time_zone: string; notification_prefs: string | NotificationPrefs }[] = await em.execute(
      `select id, locale, time_zone, notification_prefs from users where deactivated = ? and id in (${userIds.map(() => '?').join(', ')})`,
      [false, ...userIds],
    );
    return rows.map((r) => ({
      id: r.id,
      locale: r.locale,
      timeZone: r.time_zone,
      prefs: typeof r.notification_prefs === 'string' ? (JSON.parse(r.notification_prefs) as NotificationPrefs) : r.notification_prefs,
    }));
  }

  /**
   * The e-mail of one notification, at most once: claimed (pending → sending) before sending, marked sent
   * after. Skipped when already read, or when the recipient no longer wants instant e-mail; deferred again
   * when it would land in their quiet hours.
   */
  async sendEmail(notificationId: string, transport: MailTransport): Promise<'sent' | 'skipped' | 'deferred' | 'none'> {
    const em = this.orm.em.fork() as SqlEntityManager;
    const n = await em.findOne(Notification, { id: notificationId });
    if (!n || n.emailState !== 'pending') return 'none';
    const user = await em.findOne(User, { id: n.userId });
    const now = this.clock.now();
    if (!user || user.deactivated || n.readAt || user.notificationPrefs.email === 'off') {
      await em.nativeUpdate(Notification, { id: n.id, emailState: 'pending' }, { emailState: 'skipped' });
      return 'skipped';
    }
    if (user.notificationPrefs.email === 'digest') return 'none'; // the digest takes it
    const at = emailDeliveryTime(now, user.timeZone, user.notificationPrefs.quietHours, n.urgent);
    if (at.getTime() > now.getTime()) {
      await this.jobs.add('mail.notification', { notificationId: n.id }, jobId('email', n.id, String(at.getTime())), { delay: at.getTime() - now.getTime() });
      return 'deferred';
    }
    const claimed = await em.nativeUpdate(Notification, { id: n.id, emailState: 'pending' }, { emailState: 'sending' });
    if (claimed !== 1) return 'none';
    try {
      await transport.send({ to: user.email, ...notificationMail(user.locale, { title: n.title, snippet: n.snippet, url: this.linkFor(n) }) });
    } catch (err) {
      // Not sent: give it back so the retry can send it.
      await em.nativeUpdate(Notification, { id: n.id, emailState: 'sending' }, { emailState: 'pending' });
      throw err;
    }
    await em.nativeUpdate(Notification, { id: n.id }, { emailState: 'sent', emailedAt: this.clock.now() });
    return 'sent';
  }

  /** Hourly: digest users whose local hour is DIGEST_HOUR get one e-mail of their unread, un-mailed notifications. */
  async sendDigests(transport: MailTransport): Promise<number> {
    const em = this.orm.em.fork() as SqlEntityManager;
    const now = this.clock.now();
    const users = (await em.find(User, { deactivated: false })).filter(
      (u) => u.notificationPrefs.email === 'digest' && localHour(now, u.timeZone) === DIGEST_HOUR,
    );
    let sent = 0;
    for (const u of users) {
      const items: { id: string; title: string; snippet: string }[] = await em.execute(
        `update notifications set email_state = 'digested', emailed_at = ? where user_id = ? and email_state = 'pending' and read_at is null returning id, title, snippet`,
        [now, u.id],
      );
      if (!items.length) continue;
      await transport.send({ to: u.email, ...digestMail(u.locale, items, `${this.config.publicUrl}/notifications`) });
      sent++;
    }
    return sent;
  }

  private linkFor(n: Notification): string {
    if (n.noticeId) return `${this.config.publicUrl}/notices/${n.noticeId}`;
    if (n.channelId && n.messageId) return `${this.config.publicUrl}/channels/${n.channelId}?message=${n.messageId}`;
    if (n.channelId) return `${this.config.publicUrl}/channels/${n.channelId}`;
    return `${this.config.publicUrl}/notifications`;
  }

  private async loadSource(em: EntityManager, event: FanoutEvent) {
    if (event.kind === 'notice') {
      const notice = await em.findOne(Notice, { id: event.noticeId });
      if (!notice) return null;
      return {
        kind: 'notice' as NotificationKind,
        key: `${event.reminder ? 'notice-reminder' : 'notice'}:${notice.id}`,
        channelId: null,
        messageId: notice.messageId,
        noticeId: notice.id,
        urgent: notice.priority === 'urgent',
        notice,
        reminder: Boolean(event.reminder),
        render: (u: { locale: string }) => {
          const v: NoticeView = localizeNotice(notice, u.locale, false);
          return { title: event.reminder ? reminderTitle(u.locale, v.title) : v.title, snippet: snippet(v.body) };
        },
      };
    }
    if (event.kind === 'thread_solved') {
      const thread = await em.findOne(Thread, { id: event.threadId });
      const by = await em.findOne(User, { id: event.byUserId });
      if (!thread) return null;
      return {
        kind: 'thread_solved' as NotificationKind,
        key: `thread-solved:${thread.id}:${thread.solutionMessageId ?? ''}`,
        channelId: thread.channelId,
        messageId: thread.solutionMessageId,
        noticeId: null,
        urgent: false,
        notice: null,
        reminder: false,
        render: (u: { locale: string }) => ({ title: notificationTitle(u.locale, 'thread_solved', by?.displayName ?? 'Birlik', thread.title), snippet: thread.title }),
      };
    }
    if (event.kind === 'invited_to_channel') {
      const channel = await em.findOne(Channel, { id: event.channelId });
      const by = await em.findOne(User, { id: event.byUserId });
      if (!channel) return null;
      return {
        kind: event.kind as NotificationKind,
        key: `invited:${channel.id}`,
        channelId: channel.id,
        messageId: null,
        noticeId: null,
        urgent: false,
        notice: null,
        reminder: false,
        render: (u: { locale: string }) => ({ title: notificationTitle(u.locale, 'invited_to_channel', by?.displayName ?? 'Birlik', channel.name), snippet: channel.description ?? '' }),
      };
    }
    const message = await em.findOne(Message, { id: event.messageId }, { populate: ['author', 'channel'] });
    if (!message || message.deletedAt) return null;
    return {
      kind: event.kind as NotificationKind,
      key: `${event.kind}:${message.id}`,
      channelId: message.channel.id,
      messageId: message.id,
      noticeId: null,
      urgent: false,
      notice: null,
      reminder: false,
      render: (u: { locale: string }) => ({ title: notificationTitle(u.locale, event.kind, message.author.displayName, message.channel.name), snippet: snippet(message.body ?? '') }),
    };
  }
}

interface Recipient {
  id: string;
  locale: string;
  timeZone: string;
  prefs: NotificationPrefs;
}

interface ClaimedRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  channel_id: string | null;
  message_id: string | null;
  notice_id: string | null;
  title: string;
  snippet: string;
  created_at: Date | string | number;
  email_state: EmailState;
  urgent: boolean | number;
}

function claimedView(n: ClaimedRow): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    channelId: n.channel_id,
    messageId: n.message_id,
    noticeId: n.notice_id,
    title: n.title,
    snippet: n.snippet,
    createdAt: new Date(n.created_at).toISOString(),
    readAt: null,
  };
}

/** The start of a message or notice as plain text: Markdown removed (the contract's `snippet`), on one line. */
function snippet(text: string): string {
  const flat = markdownToPlainText(text).replace(/\s+/g, ' ').trim();
  return [...flat].length > SNIPPET ? `${[...flat].slice(0, SNIPPET - 1).join('')}…` : flat;
}
