import { computed, signal } from '@preact/signals';
import { common } from './common';
import { chat } from './chat';
import { forums } from './forums';
import { notices } from './notices';
import { admin } from './admin';
import { profile } from './profile';
import { channels } from './channels';
import { webi18n } from './webi18n';
import { auditActions } from './audit-actions';
import type { ErrorKey } from '@lib/errors/catalog';
import { ERROR_TEXTS } from './errors';
import { RELATED_LANGUAGE } from '@lib/i18n/languages';
import { accounts } from './accounts';

/** UI languages with a full dictionary; others fall back to English strings. */
export const UI_LANGUAGES = ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<UiLanguage, string> = {
  en: 'English',
  tr: 'Türkçe',
  ru: 'Русский',
  az: 'Azərbaycanca',
  kk: 'Қазақша',
  ar: 'العربية',
  ur: 'اردو',
  ky: 'Кыргызча',
  uz: 'Oʻzbekcha',
};
const RTL = new Set(['ar', 'ur', 'fa', 'he']);

const en = { ...common.en, ...chat.en, ...forums.en, ...notices.en, ...admin.en, ...profile.en, ...channels.en, ...webi18n.en, ...auditActions.en, ...accounts.en };
export type StringKey = keyof typeof en;
type Dict = Partial<Record<StringKey, string>>;
const dictionaries: Record<string, Dict> = {
  en,
  tr: { ...common.tr, ...chat.tr, ...forums.tr, ...notices.tr, ...admin.tr, ...profile.tr, ...webi18n.tr, ...auditActions.tr, ...channels.tr, ...accounts.tr },
  ru: { ...common.ru, ...chat.ru, ...forums.ru, ...notices.ru, ...admin.ru, ...profile.ru, ...webi18n.ru, ...auditActions.ru, ...channels.ru, ...accounts.ru },
  az: { ...common.az, ...chat.az, ...forums.az, ...notices.az, ...admin.az, ...profile.az, ...webi18n.az, ...auditActions.az, ...channels.az, ...accounts.az },
  kk: { ...common.kk, ...chat.kk, ...forums.kk, ...notices.kk, ...admin.kk, ...profile.kk, ...webi18n.kk, ...auditActions.kk, ...channels.kk, ...accounts.kk },
  ar: { ...common.ar, ...chat.ar, ...forums.ar, ...notices.ar, ...admin.ar, ...profile.ar, ...webi18n.ar, ...auditActions.ar, ...channels.ar, ...accounts.ar },
  ur: { ...common.ur, ...chat.ur, ...forums.ur, ...notices.ur, ...admin.ur, ...profile.ur, ...webi18n.ur, ...auditActions.ur, ...channels.ur, ...accounts.ur },
  ky: { ...common.ky, ...chat.ky, ...forums.ky, ...notices.ky, ...admin.ky, ...profile.ky, ...webi18n.ky, ...auditActions.ky, ...channels.ky, ...accounts.ky },
  uz: { ...common.uz, ...chat.uz, ...forums.uz, ...notices.uz, ...admin.uz, ...profile.uz, ...webi18n.uz, ...auditActions.uz, ...channels.uz, ...accounts.uz },
};

/** The locale tag the user chose (profile), else the browser's. */
export const locale = signal<string>(browserLocale());
/** The IANA time zone dates are shown in. */
export const timeZone = signal<string>(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

export const uiLanguage = computed<string>(() => pickLanguage([locale.value]));

export function browserLocale(): string {
  const langs = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  return langs.find((l) => dictionaries[base(l)]) ?? langs[0] ?? 'en';
}

function base(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0];
}

/** The first of `tags` whose language has a dictionary, else English. */
export function pickLanguage(tags: readonly string[]): string {
  for (const tag of tags) if (tag && dictionaries[base(tag)]) return base(tag);
  return 'en';
}

export function isRtl(tag: string): boolean {
  return RTL.has(base(tag));
}

const numberLocales = new Map<string, string>();
/** The locale numbers are formatted in: the user's, else (a browser without its data, e.g. Kyrgyz in Chromium) the related one. */
export function numberLocale(tag: string): string {
  let l = numberLocales.get(tag);
  if (!l) {
    try {
      l = base(new Intl.NumberFormat(tag).resolvedOptions().locale) === base(tag) ? tag : (RELATED_LANGUAGE[base(tag)] ?? 'en');
    } catch {
      l = RELATED_LANGUAGE[base(tag)] ?? 'en';
    }
    numberLocales.set(tag, l);
  }
  return l;
}

/** The string for `key` in the UI language, else its related language (kk, ky → ru; az, uz → tr), else English. */
export function lookup(lang: string, key: StringKey): string {
  return dictionaries[lang]?.[key] ?? dictionaries[RELATED_LANGUAGE[lang] ?? '']?.[key] ?? en[key];
}

/** The string for `key` in the UI language, with `{name}` placeholders filled in. */
export function t(key: StringKey, vars?: Record<string, string | number>): string {
  let s = lookup(uiLanguage.value, key);
  if (vars) {
    for (const [k, v] of Object.entries(vars)) {
      const text = typeof v === 'number' ? new Intl.NumberFormat(numberLocale(locale.value)).format(v) : v;
      s = s.split(`{${k}}`).join(text);
    }
  }
  return s;
}

/** Plural-aware: picks `${key}.one` or `${key}.other` by Intl.PluralRules. */
export function tn(keyOne: StringKey, keyOther: StringKey, n: number, vars?: Record<string, string | number>): string {
  const rule = new Intl.PluralRules(locale.value).select(n);
  return t(rule === 'one' ? keyOne : keyOther, { n, ...vars });
}

/** The catalog code an answer without one stands for, by HTTP status. */
const CODE_FOR_STATUS: Record<number, ErrorKey> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 429: 'rate_limited', 500: 'internal', 503: 'unavailable' };

/**
 * What to tell the user about an error: the text for its catalog `code` in the UI language (or its related one),
 * else the text for its HTTP status, else a generic text. The server's own sentence (English) is shown only in an
 * English UI, where it says the most (which field, which limit).
 */
export function errorText(code: string | null | undefined, status?: number, serverMessage?: string): string {
  const lang = uiLanguage.value;
  if (lang === 'en' && serverMessage) return serverMessage;
  const langs = [lang, RELATED_LANGUAGE[lang]].filter((l): l is string => !!l && !!ERROR_TEXTS[l]);
  if (!langs.length) langs.push('en');
  const byStatus = status === undefined ? undefined : (CODE_FOR_STATUS[status] ?? (status >= 500 ? 'internal' : undefined));
  for (const c of [code, byStatus]) {
    if (!c) continue;
    for (const l of langs) {
      const text = (ERROR_TEXTS[l] as Partial<Record<string, string>>)[c];
      if (text) return text;
    }
  }
  return t('error.generic');
}

/** For tests: every language's dictionary, to check that none lacks a key. */
export const ALL_DICTIONARIES = dictionaries;
export const ENGLISH_KEYS = Object.keys(en) as StringKey[];
export { ERROR_TEXTS };
