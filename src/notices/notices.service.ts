import { EntityManager, MikroORM, RequestContext, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, localTimeToInstant } from '@lib/clock';
import { KeyedLock, newId } from '@lib/database';
import { AppError } from '@lib/errors';
import { canonicalLocale, isLocaleTag } from '@lib/http';
import { FANOUT_BATCH, jobId, JobQueue } from '@lib/queue';
import type { AuthUser } from '@lib/auth';
import type { WireCreatedNotice } from '@lib/contract';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { ChannelsService } from '../channels/channels.service';
import { Country } from '../directory/country.entity';
import { Member } from '../directory/member.entity';
import { MessagesService } from '../messages/messages.service';
import { Notification } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import type { AudienceDto, AudienceReachDto, CreateNoticeDto, NoticeReportDto } from './dto/notice.dto';
import { NoticeRecipient } from './notice-recipient.entity';
import { localizeNotice, type NoticeView } from './notice-view';
import { Notice, type NoticeAudience } from './notice.entity';

const ALL_ZONES = '*';

@Injectable()
export class NoticesService {
  private readonly logger = new Logger('Notices');

  constructor(
    private readonly em: EntityManager,
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly jobs: JobQueue,
    private readonly lock: KeyedLock,
    private readonly channels: ChannelsService,
    private readonly messages: MessagesService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  // --- API -------------------------------------------------------------------------------------------

  /** Stores the notice and queues its delivery: now, at scheduledAt, or per time zone at the local time. */
  async create(author: AuthUser, dto: CreateNoticeDto): Promise<WireCreatedNotice> {
    const audience = await this.checkAudience(dto.audience);
    const translations = this.checkTranslations(dto.translations);
    if (dto.scheduledAt && dto.deliverAtLocalTime) throw new AppError('bad_request', { message: 'give scheduledAt or deliverAtLocalTime, not both' });
    const now = this.clock.now();
    const notice = this.em.create(Notice, {
      authorId: author.id,
      title: dto.title,
      body: dto.body,
      language: canonicalLocale(dto.language ?? 'en'),
      translations,
      priority: dto.priority,
      audience,
      requiresAck: dto.requiresAck,
      scheduledAt: dto.scheduledAt ? new Date(dto.scheduledAt) : null,
      deliverAtLocalTime: dto.deliverAtLocalTime ? { date: dto.deliverAtLocalTime.date, time: dto.deliverAtLocalTime.time } : null,
      remindAfterHours: dto.remindAfterHours ?? null,
    });
    const where = this.audienceWhere(audience);
    notice.recipientCount = await this.em.count(User, where);
    const dispatches: { zone: string; at: Date }[] = [];
    if (notice.deliverAtLocalTime) {
      const zones = [...new Set((await this.em.find(User, where, { fields: ['timeZone'] })).map((u) => u.timeZone))].sort();
      for (const zone of zones) {
        try {
          dispatches.push({ zone, at: localTimeToInstant(notice.deliverAtLocalTime.date, notice.deliverAtLocalTime.time, zone) });
        } catch {
          throw new AppError('bad_request', { message: 'deliverAtLocalTime must be a real date and time' });
        }
      }
    } else {
      dispatches.push({ zone: ALL_ZONES, at: notice.scheduledAt ?? now });
    }
    notice.pendingZones = dispatches.map((d) => d.zone);
    notice.status = dispatches.every((d) => d.at.getTime() > now.getTime()) ? 'scheduled' : 'sending';
    if (!dispatches.length) notice.status = 'sent';
    this.em.persist(notice);
    this.audit.record(this.em, {
      action: 'notice_sent',
      actorId: author.id,
      targetType: 'notice',
      targetId: notice.id,
      details: { audience, recipientCount: notice.recipientCount, status: notice.status, priority: notice.priority, requiresAck: notice.requiresAck },
    });
    await this.em.flush();
    await this.jobs.addBulk(
      'notices.dispatch',
      dispatches.map((d) => ({
        data: { noticeId: notice.id, zone: d.zone },
        jobId: jobId('notice', notice.id, d.zone),
        opts: { delay: Math.max(0, d.at.getTime() - now.getTime()) },
      })),
    );
    return { id: notice.id, status: notice.status, recipientCount: notice.recipientCount };
  }

  /** Whom `audience` reaches now: the same active officials a send would resolve, counted and grouped by country. */
  async reach(dto: AudienceDto): Promise<AudienceReachDto> {
    const audience = await this.checkAudience(dto);
    const users = await this.em.find(User, this.audienceWhere(audience), { fields: ['countryCode', 'member'] });
    const byCountry = new Map<string, { officials: number; members: Set<string> }>();
    const members = new Set<string>();
    for (const u of users) {
      const memberId = u.member?.id;
      if (memberId) members.add(memberId);
      if (!u.countryCode) continue;
      const c = byCountry.get(u.countryCode) ?? { officials: 0, members: new Set<string>() };
      c.officials++;
      if (memberId) c.members.add(memberId);
      byCountry.set(u.countryCode, c);
    }
    return {
      officials: users.length,
      members: members.size,
      byCountry: [...byCountry.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([countryCode, c]) => ({ countryCode, officials: c.officials, members: c.members.size })),
    };
  }

  /** Notices I received, newest first; organizers and admins also see the ones they wrote. */
  async list(user: AuthUser, q: { cursor?: string; limit: number }): Promise<NoticeView[]> {
    const received = await this.em.find(NoticeRecipient, { userId: user.id }, { fields: ['noticeId', 'readAt', 'ackedAt'] });
    const mine = new Map(received.map((r) => [r.noticeId, r]));
    const or: FilterQuery<Notice>[] = [{ id: { $in: [...mine.keys()] } }];
    if (user.role !== 'official') or.push({ authorId: user.id });
    const where: FilterQuery<Notice> = { $or: or };
    if (q.cursor) where.id = { $lt: q.cursor };
    const notices = await this.em.find(Notice, where, { orderBy: { id: 'desc' }, limit: q.limit + 1 });
    return notices.map((n) => this.view(n, user, mine.get(n.id)));
  }

  /** Recipients, the author, organizers and admins may read a notice; others get 404. */
  async get(user: AuthUser, id: string): Promise<NoticeView> {
    const notice = await this.em.findOne(Notice, { id });
    if (!notice) throw new AppError('not_found', { message: 'Notice not found' });
    const recipient = await this.em.findOne(NoticeRecipient, { noticeId: id, userId: user.id });
    if (!recipient && user.role === 'official') throw new AppError('not_found', { message: 'Notice not found' });
    return this.view(notice, user, recipient ?? undefined);
  }

  async markRead(user: AuthUser, id: string): Promise<NoticeView> {
    return this.touch(user, id, false);
  }

  async acknowledge(user: AuthUser, id: string): Promise<NoticeView> {
    return this.touch(user, id, true);
  }

  async report(user: AuthUser, id: string): Promise<NoticeReportDto> {
    const notice = await this.em.findOne(Notice, { id });
    if (!notice) throw new AppError('not_found', { message: 'Notice not found' });
    const rows = await this.em.find(NoticeRecipient, { noticeId: id }, { orderBy: { userId: 'asc' } });
    const count = (list: NoticeRecipient[]) => ({
      recipients: list.length,
      read: list.filter((r) => r.readAt).length,
      acked: list.filter((r) => r.ackedAt).length,
    });
    const group = (key: (r: NoticeRecipient) => string | null) => {
      const m = new Map<string, NoticeRecipient[]>();
      for (const r of rows) {
        const k = key(r);
        if (k) m.set(k, [...(m.get(k) ?? []), r]);
      }
      return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
    };
    const delivered = await this.deliveredAt(id);
    const pendingRows = rows.filter((r) => !r.ackedAt);
    const names = new Map(
      (await this.em.find(User, { id: { $in: pendingRows.map((r) => r.userId) } }, { fields: ['displayName'] })).map((u) => [u.id, u.displayName]),
    );
    return {
      recipientCount: rows.length,
      delivered: rows.filter((r) => delivered.has(r.userId)).length,
      read: count(rows).read,
      acked: count(rows).acked,
      byCountry: group((r) => r.countryCode).map(([countryCode, list]) => ({ countryCode, ...count(list) })),
      byMember: group((r) => r.memberId).map(([memberId, list]) => ({ memberId, ...count(list) })),
      pending: pendingRows.map((r) => ({ userId: r.userId, displayName: names.get(r.userId) ?? '', memberId: r.memberId, countryCode: r.countryCode })),
    };
  }

  /** One line per recipient. */
  async reportCsv(user: AuthUser, id: string): Promise<string> {
    await this.report(user, id);
    const rows = await this.em.find(NoticeRecipient, { noticeId: id }, { orderBy: { countryCode: 'asc', userId: 'asc' } });
    const users = new Map((await this.em.find(User, { id: { $in: rows.map((r) => r.userId) } })).map((u) => [u.id, u]));
    const delivered = await this.deliveredAt(id);
    const members = new Map((await this.em.find(Member, { id: { $in: rows.map((r) => r.memberId).filter((m): m is string => Boolean(m)) } })).map((m) => [m.id, m.name]));
    const header = ['userId', 'displayName', 'email', 'countryCode', 'memberId', 'memberName', 'deliveredAt', 'readAt', 'ackedAt'];
    const lines = rows.map((r) => {
      const u = users.get(r.userId);
      return [r.userId, u?.displayName ?? '', u?.email ?? '', r.countryCode ?? '', r.memberId ?? '', members.get(r.memberId ?? '') ?? '', iso(delivered.get(r.userId) ?? null), iso(r.readAt), iso(r.ackedAt)];
    });
    return '\uFEFF' + [header, ...lines].map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }

  /** When each recipient's in-app notification was written (that is what "delivered" means). */
  private async deliveredAt(noticeId: string): Promise<Map<string, Date>> {
    const rows = await this.em.find(Notification, { sourceKey: `notice:${noticeId}` }, { fields: ['userId', 'createdAt'] });
    return new Map(rows.map((n) => [n.userId, n.createdAt]));
  }

  // --- Worker ----------------------------------------------------------------------------------------

  /**
   * Delivers to the audience (or its part in one zone): posts the notice in the announcement channel once,
   * records recipients in bulk, and queues fan-out jobs of FANOUT_BATCH recipients. Safe to run twice.
   */
  async dispatch(noticeId: string, zone: string): Promise<void> {
    const em = this.orm.em.fork() as SqlEntityManager;
    const notice = await em.findOne(Notice, { id: noticeId });
    if (!notice || !notice.pendingZones.includes(zone)) return;
    if (notice.audience.all) await this.postInAnnouncementChannel(notice);
    if (notice.status === 'scheduled') await em.nativeUpdate(Notice, { id: notice.id, status: 'scheduled' }, { status: 'sending' });
    const base = this.audienceWhere(notice.audience);
    let cursor = '';
    for (let page = 0; page < 100_000; page++) {
      const where = { ...(base as object), id: { $gt: cursor }, ...(zone !== ALL_ZONES ? { timeZone: zone } : {}) } as FilterQuery<User>;
      const users = await em.find(User, where, { orderBy: { id: 'asc' }, limit: FANOUT_BATCH, fields: ['id', 'countryCode', 'member'] });
      if (!users.length) break;
      cursor = users[users.length - 1].id;
      const now = this.clock.now();
      await em
        .createQueryBuilder(NoticeRecipient)
        .insert(users.map((u) => ({ id: newId(), createdAt: now, noticeId: notice.id, userId: u.id, countryCode: u.countryCode, memberId: u.member?.id ?? null })))
        .onConflict(['notice_id', 'user_id'])
        .ignore()
        .execute('run');
      await this.notifications.enqueue({ kind: 'notice', noticeId: notice.id }, users.map((u) => u.id), `notice-${notice.id}`);
    }
    await this.finishZone(notice.id, zone);
  }

  /** Reminds, once, the recipients who have not acknowledged. */
  async remind(noticeId: string): Promise<void> {
    const em = this.orm.em.fork();
    const notice = await em.findOne(Notice, { id: noticeId });
    if (!notice || !notice.requiresAck) return;
    const now = this.clock.now();
    const due = await em.find(NoticeRecipient, { noticeId, ackedAt: null, remindedAt: null }, { fields: ['userId'] });
    if (!due.length) return;
    await em.nativeUpdate(NoticeRecipient, { noticeId, userId: { $in: due.map((r) => r.userId) }, remindedAt: null }, { remindedAt: now });
    await this.notifications.enqueue({ kind: 'notice', noticeId, reminder: true }, due.map((r) => r.userId), `notice-reminder-${noticeId}`);
  }

  // --- helpers ---------------------------------------------------------------------------------------

  private async finishZone(noticeId: string, zone: string): Promise<void> {
    await this.lock.run(`notice:${noticeId}`, async () => {
      const em = this.orm.em.fork();
      const notice = await em.findOneOrFail(Notice, { id: noticeId });
      notice.pendingZones = notice.pendingZones.filter((z) => z !== zone);
      if (!notice.pendingZones.length && notice.status !== 'sent') {
        notice.status = 'sent';
        notice.sentAt = this.clock.now();
        notice.recipientCount = await em.count(NoticeRecipient, { noticeId });
        if (notice.requiresAck && notice.remindAfterHours) {
          await this.jobs.add('notices.remind', { noticeId }, jobId('notice-remind', noticeId), { delay: notice.remindAfterHours * 3600_000 });
        }
      }
      await em.flush();
    });
  }

  /**
   * Version 1 posted every notice in the announcement channel. A targeted notice must not show there: tombstone
   * what is left of those posts (sync then drops them from clients), remove the notifications they caused and detach
   * them from their notices.
   * Idempotent; runs at start-up.
   */
  async removeTargetedFromAnnouncementChannel(): Promise<number> {
    const em = this.orm.em.fork();
    const posted = await em.find(Notice, { messageId: { $ne: null } }, { fields: ['id', 'audience', 'authorId', 'messageId'] });
    let removed = 0;
    for (const notice of posted.filter((n) => !n.audience.all)) {
      // Deleted as its author (the notice's author posted it), so no role check applies and no moderation is audited.
      const author: AuthUser = { id: notice.authorId, role: 'admin', memberId: null, countryCode: null, locale: 'en', sessionId: '' };
      await RequestContext.create(this.orm.em, () => this.messages.delete(author, notice.messageId!).catch((err: unknown) => {
        if (!(err instanceof AppError && err.key === 'message_not_found')) throw err;
      }));
      // Mentions in that post notified people outside the audience: their inbox keeps nothing of it.
      await this.notifications.removeForMessage(notice.messageId!);
      await em.nativeUpdate(Notice, { id: notice.id }, { messageId: null });
      removed++;
    }
    return removed;
  }

  /** A notice to everyone appears in the announcement channel, posted by its author (once: the clientId is the notice id). */
  private async postInAnnouncementChannel(notice: Notice): Promise<void> {
    if (notice.messageId) return;
    const em = this.orm.em.fork();
    const author = await em.findOne(User, { id: notice.authorId });
    if (!author) return;
    const channel = await this.channels.ensureAnnouncementChannel(em);
    const authUser: AuthUser = { id: author.id, role: author.role, memberId: author.member?.id ?? null, countryCode: author.countryCode, locale: author.locale, sessionId: '' };
    await this.channels.joinDefaultChannels(em, author);
    await em.flush();
    const message = await this.messages.postAs(authUser, { channelId: channel.id, clientId: `notice-${notice.id}`, body: `**${notice.title}**\n\n${notice.body}` });
    await em.nativeUpdate(Notice, { id: notice.id }, { messageId: message.id });
    notice.messageId = message.id;
  }

  private async touch(user: AuthUser, id: string, ack: boolean): Promise<NoticeView> {
    const notice = await this.em.findOne(Notice, { id });
    const recipient = notice && (await this.em.findOne(NoticeRecipient, { noticeId: id, userId: user.id }));
    if (!notice || !recipient) throw new AppError('not_found', { message: 'Notice not found' });
    const now = this.clock.now();
    recipient.readAt ??= now;
    if (ack) recipient.ackedAt ??= now;
    await this.em.flush();
    await this.notifications.markNoticeRead(this.em, user.id, id);
    return this.view(notice, user, recipient);
  }

  private view(n: Notice, user: AuthUser, r?: Pick<NoticeRecipient, 'readAt' | 'ackedAt'>): NoticeView {
    const v = localizeNotice(n, user.locale, false);
    if (user.role !== 'official') Object.assign(v, { audience: n.audience, translations: n.translations });
    if (r) Object.assign(v, { readAt: r.readAt?.toISOString() ?? null, ackedAt: r.ackedAt?.toISOString() ?? null });
    return v;
  }

  audienceWhere(a: NoticeAudience): FilterQuery<User> {
    if (a.all) return { deactivated: false };
    const or: FilterQuery<User>[] = [];
    if (a.countryCodes?.length) or.push({ countryCode: { $in: a.countryCodes } });
    if (a.memberKinds?.length) or.push({ member: { kind: { $in: a.memberKinds as Member['kind'][] } } });
    if (a.memberIds?.length) or.push({ member: { $in: a.memberIds } });
    return { deactivated: false, $or: or };
  }

  /** Validates and normalises an audience (unknown countries or members are a 400); shared by the send and the preview. */
  private async checkAudience(a: AudienceDto): Promise<NoticeAudience> {
    const audience: NoticeAudience = a.all
      ? { all: true }
      : {
          countryCodes: [...new Set((a.countryCodes ?? []).map((c) => c.trim().toUpperCase()))],
          memberKinds: [...new Set(a.memberKinds ?? [])],
          memberIds: [...new Set(a.memberIds ?? [])],
        };
    if (!audience.all && !audience.countryCodes!.length && !audience.memberKinds!.length && !audience.memberIds!.length) {
      throw new AppError('bad_request', { message: 'audience must be {all:true} or name countryCodes, memberKinds or memberIds' });
    }
    if (audience.countryCodes?.length) {
      const known = await this.em.count(Country, { code: { $in: audience.countryCodes } });
      if (known !== audience.countryCodes.length) throw new AppError('bad_request', { message: 'audience.countryCodes must be known country or region codes' });
    }
    if (audience.memberIds?.length) {
      const known = await this.em.count(Member, { id: { $in: audience.memberIds } });
      if (known !== audience.memberIds.length) throw new AppError('bad_request', { message: 'audience.memberIds must be ids of existing members' });
    }
    return audience;
  }

  private checkTranslations(t: CreateNoticeDto['translations']): Record<string, { title: string; body: string }> {
    const out: Record<string, { title: string; body: string }> = {};
    for (const [tag, v] of Object.entries(t ?? {})) {
      const ok =
        isLocaleTag(tag) &&
        v !== null &&
        typeof v === 'object' &&
        typeof v.title === 'string' &&
        typeof v.body === 'string' &&
        v.title.trim().length > 0 &&
        v.body.trim().length > 0 &&
        [...v.title].length <= 300 &&
        [...v.body].length <= 20000 &&
        Object.keys(v).every((k) => k === 'title' || k === 'body');
      if (!ok) throw new AppError('bad_request', { message: `translations.${tag} must be {title, body} with a language tag as key` });
      out[canonicalLocale(tag)] = { title: v.title.trim(), body: v.body.trim() };
    }
    if (Object.keys(out).length > 40) throw new AppError('bad_request', { message: 'translations may hold at most 40 languages' });
    return out;
  }
}

function iso(d: Date | null): string {
  return d ? d.toISOString() : '';
}

/** A CSV cell, quoted when needed; a leading =, +, - or @ is defused so spreadsheets do not run it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
