import { languageChain, type UiLanguageCode } from '@lib/i18n';

/** The languages e-mails are written in: the UI languages. Any other language goes through its related one (libs/i18n) to English. */
export type MailLanguage = UiLanguageCode;
export const MAIL_LANGUAGES: readonly MailLanguage[] = ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'];

/** The e-mail language for a locale: itself, else its related language (kk, ky → ru; az, uz → tr), else English. */
export function mailLanguage(locale: string | null | undefined): MailLanguage {
  return (languageChain(locale).find((l) => (MAIL_LANGUAGES as readonly string[]).includes(l)) ?? 'en') as MailLanguage;
}
