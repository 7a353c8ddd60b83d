import type { WireNotice } from '@lib/realtime';
import type { Notice, NoticeAudience, NoticePriority, NoticeStatus, NoticeText } from './notice.entity';

/** What the API and the `notice:new` event carry. */
export type NoticeView = WireNotice;

/** The translation for `locale` (exact tag, then its language), else the notice's own language. */
export function pickTranslation(notice: Notice, locale: string): { language: string; text: NoticeText } {
  const tags = Object.keys(notice.translations);
  const lower = locale.toLowerCase();
  const exact = tags.find((t) => t.toLowerCase() === lower);
  const base = tags.find((t) => t.toLowerCase().split('-')[0] === lower.split('-')[0]);
  const noticeBase = notice.language.toLowerCase().split('-')[0];
  if (!exact && lower.split('-')[0] === noticeBase) return { language: notice.language, text: { title: notice.title, body: notice.body } };
  const tag = exact ?? base;
  return tag ? { language: tag, text: notice.translations[tag] } : { language: notice.language, text: { title: notice.title, body: notice.body } };
}

export function localizeNotice(notice: Notice, locale: string, full: boolean): NoticeView {
  const { language, text } = pickTranslation(notice, locale);
  return {
    id: notice.id,
    authorId: notice.authorId,
    title: text.title,
    body: text.body,
    language,
    priority: notice.priority,
    requiresAck: notice.requiresAck,
    status: notice.status,
    recipientCount: notice.recipientCount,
    scheduledAt: notice.scheduledAt?.toISOString() ?? null,
    deliverAtLocalTime: notice.deliverAtLocalTime,
    remindAfterHours: notice.remindAfterHours,
    messageId: notice.messageId,
    createdAt: notice.createdAt.toISOString(),
    sentAt: notice.sentAt?.toISOString() ?? null,
    ...(full ? {} : {}),
  };
}
