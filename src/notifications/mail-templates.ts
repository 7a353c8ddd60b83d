import { mailLanguage, type MailLanguage } from '@lib/mail';

/**
 * E-mail texts in every UI language (en, tr, ru, az, kk, ar, ur, ky, uz). Any other language goes through its
 * related one (libs/i18n) to English.
 */
type Lang = MailLanguage;

type Kind = 'mention' | 'reply' | 'notice' | 'thread_solved' | 'invited_to_channel';

/** In-app titles of notifications, in the recipient's language. */
const TITLES: Record<Lang, Record<Exclude<Kind, 'notice'>, (who: string, where: string) => string> & { reminder: (title: string) => string }> = {
  en: {
    mention: (who, where) => `${who} mentioned you in ${where}`,
    reply: (who, where) => `${who} replied in ${where}`,
    thread_solved: (who, where) => `${who} marked a solution in ${where}`,
    invited_to_channel: (who, where) => `${who} added you to ${where}`,
    reminder: (title) => `Reminder: ${title}`,
  },
  tr: {
    mention: (who, where) => `${who} sizden ${where} kanalında bahsetti`,
    reply: (who, where) => `${who}, ${where} kanalında yanıt verdi`,
    thread_solved: (who, where) => `${who}, ${where} kanalında bir çözüm işaretledi`,
    invited_to_channel: (who, where) => `${who} sizi ${where} kanalına ekledi`,
    reminder: (title) => `Hatırlatma: ${title}`,
  },
  ru: {
    mention: (who, where) => `${who} упомянул(а) вас в канале ${where}`,
    reply: (who, where) => `${who} ответил(а) в канале ${where}`,
    thread_solved: (who, where) => `${who} отметил(а) решение в канале ${where}`,
    invited_to_channel: (who, where) => `${who} добавил(а) вас в канал ${where}`,
    reminder: (title) => `Напоминание: ${title}`,
  },
  az: {
    mention: (who, where) => `${who} sizi ${where} kanalında qeyd etdi`,
    reply: (who, where) => `${who} ${where} kanalında cavab verdi`,
    thread_solved: (who, where) => `${who} ${where} kanalında həlli qeyd etdi`,
    invited_to_channel: (who, where) => `${who} sizi ${where} kanalına əlavə etdi`,
    reminder: (title) => `Xatırlatma: ${title}`,
  },
  kk: {
    mention: (who, where) => `${who} сізді ${where} арнасында атап өтті`,
    reply: (who, where) => `${who} ${where} арнасында жауап берді`,
    thread_solved: (who, where) => `${who} ${where} арнасында шешімді белгіледі`,
    invited_to_channel: (who, where) => `${who} сізді ${where} арнасына қосты`,
    reminder: (title) => `Еске салу: ${title}`,
  },
  ar: {
    mention: (who, where) => `أشار إليك ${who} في ${where}`,
    reply: (who, where) => `ردّ ${who} في ${where}`,
    thread_solved: (who, where) => `حدّد ${who} حلًا في ${where}`,
    invited_to_channel: (who, where) => `أضافك ${who} إلى ${where}`,
    reminder: (title) => `تذكير: ${title}`,
  },
  ur: {
    mention: (who, where) => `${who} نے ${where} میں آپ کا ذکر کیا`,
    reply: (who, where) => `${who} نے ${where} میں جواب دیا`,
    thread_solved: (who, where) => `${who} نے ${where} میں حل کی نشاندہی کی`,
    invited_to_channel: (who, where) => `${who} نے آپ کو ${where} میں شامل کیا`,
    reminder: (title) => `یاد دہانی: ${title}`,
  },
  ky: {
    mention: (who, where) => `${who} сизди ${where} каналында эскерди`,
    reply: (who, where) => `${who} ${where} каналында жооп берди`,
    thread_solved: (who, where) => `${who} ${where} каналында чечимди белгиледи`,
    invited_to_channel: (who, where) => `${who} сизди ${where} каналына кошту`,
    reminder: (title) => `Эскертүү: ${title}`,
  },
  uz: {
    mention: (who, where) => `${who} sizni ${where} kanalida eslatdi`,
    reply: (who, where) => `${who} ${where} kanalida javob berdi`,
    thread_solved: (who, where) => `${who} ${where} kanalida yechimni belgiladi`,
    invited_to_channel: (who, where) => `${who} sizni ${where} kanaliga qoʻshdi`,
    reminder: (title) => `Eslatma: ${title}`,
  },
};

const MAIL_TEXT: Record<Lang, { open: string; footer: string; digestSubject: (n: number) => string; digestIntro: string }> = {
  en: { open: 'Open in Birlik', footer: 'You can change e-mail preferences and quiet hours in your Birlik profile.', digestSubject: (n) => `Birlik: ${n} unread notifications`, digestIntro: 'What happened since your last digest:' },
  tr: { open: "Birlik'te açın", footer: 'E-posta tercihlerinizi ve sessiz saatlerinizi Birlik profilinizden değiştirebilirsiniz.', digestSubject: (n) => `Birlik: ${n} okunmamış bildirim`, digestIntro: 'Son özetten bu yana olanlar:' },
  ru: { open: 'Открыть в Birlik', footer: 'Настройки почты и тихие часы можно изменить в профиле Birlik.', digestSubject: (n) => `Birlik: непрочитанных уведомлений — ${n}`, digestIntro: 'Что произошло с последней сводки:' },
  az: { open: "Birlik-də açın", footer: 'E-poçt seçimlərini və sakit saatları Birlik profilinizdə dəyişə bilərsiniz.', digestSubject: (n) => `Birlik: ${n} oxunmamış bildiriş`, digestIntro: 'Son xülasədən bəri baş verənlər:' },
  kk: { open: 'Birlik-те ашу', footer: 'Пошта баптауларын және тыныш сағаттарды Birlik профиліңізде өзгертуге болады.', digestSubject: (n) => `Birlik: ${n} оқылмаған хабарлама`, digestIntro: 'Соңғы шолудан бері болғандар:' },
  ar: { open: 'افتح في Birlik', footer: 'يمكنك تغيير تفضيلات البريد وساعات الهدوء في ملفك الشخصي على Birlik.', digestSubject: (n) => `Birlik: ${n} إشعارات غير مقروءة`, digestIntro: 'ما حدث منذ آخر ملخص:' },
  ur: { open: 'Birlik میں کھولیں', footer: 'ای میل کی ترجیحات اور خاموش اوقات آپ Birlik پروفائل میں بدل سکتے ہیں۔', digestSubject: (n) => `Birlik: ${n} ناپڑھی اطلاعات`, digestIntro: 'پچھلے خلاصے کے بعد کیا ہوا:' },
  ky: { open: 'Birlik’те ачуу', footer: 'Почта жөндөөлөрүн жана тынч сааттарды Birlik профилиңизде өзгөртө аласыз.', digestSubject: (n) => `Birlik: ${n} окулбаган эскертме`, digestIntro: 'Акыркы жыйынтыктан бери болгондор:' },
  uz: { open: 'Birlik’da ochish', footer: 'Pochta sozlamalari va sokin soatlarni Birlik profilingizda oʻzgartirishingiz mumkin.', digestSubject: (n) => `Birlik: ${n} ta oʻqilmagan bildirishnoma`, digestIntro: 'Oxirgi xulosadan beri nimalar boʻldi:' },
};

export function notificationTitle(locale: string, kind: Exclude<Kind, 'notice'>, who: string, where: string): string {
  return TITLES[mailLanguage(locale)][kind](who, where);
}

export function reminderTitle(locale: string, title: string): string {
  return TITLES[mailLanguage(locale)].reminder(title);
}

export function notificationMail(locale: string, n: { title: string; snippet: string; url: string }): { subject: string; text: string } {
  const t = MAIL_TEXT[mailLanguage(locale)];
  return { subject: n.title, text: `${n.snippet}\n\n${t.open}: ${n.url}\n\n--\n${t.footer}` };
}

export function digestMail(locale: string, items: { title: string; snippet: string }[], url: string): { subject: string; text: string } {
  const t = MAIL_TEXT[mailLanguage(locale)];
  const lines = items.map((i) => `• ${i.title}\n  ${i.snippet}`).join('\n\n');
  return { subject: t.digestSubject(items.length), text: `${t.digestIntro}\n\n${lines}\n\n${t.open}: ${url}\n\n--\n${t.footer}` };
}
