import { baseLanguage, languageChain } from '@lib/i18n';
import type { WireNotice, WireNoticeText } from '@lib/contract';
import type { Notice } from './notice.entity';

/** What the API and the `notice:new` event carry. */
export type NoticeView = WireNotice;

/**
 * The text for `locale`: a translation in exactly that tag, else along the language chain (the language itself,
 * then its related one: kk → ru, ky → ru, uz → tr, az → tr) the notice's own text or a translation in that
 * language, else the notice's own language.
 */
export function pickTranslation(notice: Notice, locale: string): { language: string; text: WireNoticeText } {
  const own = { language: notice.language, text: { title: notice.title, body: notice.body } };
  const tags = Object.keys(notice.translations);
  const exact = tags.find((t) => t.toLowerCase() === locale.toLowerCase());
  if (exact) return { language: exact, text: notice.translations[exact] };
  const noticeBase = baseLanguage(notice.language);
  const wanted = baseLanguage(locale);
  for (const lang of languageChain(locale).filter((l) => l !== 'en' || l === wanted)) {
    if (lang === noticeBase) return own;
    const tag = tags.find((t) => t.toLowerCase() === lang) ?? tags.find((t) => baseLanguage(t) === lang);
    if (tag) return { language: tag, text: notice.translations[tag] };
  }
  return own;
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
