import { computed, signal } from '@preact/signals';
import { common } from './common';
import { chat } from './chat';
import { forums } from './forums';
import { notices } from './notices';
import { admin } from './admin';
import { profile } from './profile';

/** UI languages with a full dictionary; others fall back to English strings. */
export const UI_LANGUAGES = ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<UiLanguage, string> = {
  en: 'English',
  tr: 'Türkçe',
  ru: 'Русский',
  az: 'Azərbaycanca',
  kk: 'Қазақша',
  ar: 'العربية',
  ur: 'اردو',
};
const RTL = new Set(['ar', 'ur', 'fa', 'he']);

const en = { ...common.en, ...chat.en, ...forums.en, ...notices.en, ...admin.en, ...profile.en };
export type StringKey = keyof typeof en;
type Dict = Partial<Record<StringKey, string>>;
const dictionaries: Record<string, Dict> = {
  en,
  tr: { ...common.tr, ...chat.tr, ...forums.tr, ...notices.tr, ...admin.tr, ...profile.tr },
  ru: { ...common.ru, ...chat.ru, ...forums.ru, ...notices.ru, ...admin.ru, ...profile.ru },
  az: { ...common.az, ...chat.az, ...forums.az, ...notices.az, ...admin.az, ...profile.az },
  kk: { ...common.kk, ...chat.kk, ...forums.kk, ...notices.kk, ...admin.kk, ...profile.kk },
  ar: { ...common.ar, ...chat.ar, ...forums.ar, ...notices.ar, ...admin.ar, ...profile.ar },
  ur: { ...common.ur, ...chat.ur, ...forums.ur, ...notices.ur, ...admin.ur, ...profile.ur },
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

/** The string for `key` in the UI language, with `{name}` placeholders filled in. */
export function t(key: StringKey, vars?: Record<string, string | number>): string {
  const lang = uiLanguage.value;
  let s = dictionaries[lang]?.[key] ?? en[key];
  if (vars) {
    for (const [k, v] of Object.entries(vars)) {
      const text = typeof v === 'number' ? new Intl.NumberFormat(locale.value).format(v) : v;
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

/** For tests: every language's dictionary, to check that none lacks a key. */
export const ALL_DICTIONARIES = dictionaries;
export const ENGLISH_KEYS = Object.keys(en) as StringKey[];
