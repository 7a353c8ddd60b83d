import { baseLanguage, languageChain, regionName } from '@lib/i18n';
import { locale, numberLocale, timeZone } from './i18n';

const PROBE_DATE = Date.UTC(2026, 11, 3, 12);
const dateData = new Map<string, boolean>();

/**
 * Whether this browser can format dates in `tag`. Chromium's ICU lacks the data for some of our languages: it
 * resolves Kyrgyz to en-US, and formats Azerbaijani, Kazakh and Uzbek with the root pattern ("2026 M12 3, Thu").
 */
export function hasDateData(tag: string): boolean {
  let ok = dateData.get(tag);
  if (ok === undefined) {
    try {
      const probe = new Intl.DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' });
      ok = baseLanguage(probe.resolvedOptions().locale) === baseLanguage(tag) && !/^M\d+$|\bM12\b/.test(probe.format(PROBE_DATE));
    } catch {
      ok = false;
    }
    dateData.set(tag, ok);
  }
  return ok;
}

/** The locale dates are formatted in: the user's, else its related one (az → tr, kk/ky → ru, uz → tr), else English. */
export function dateLocale(tag: string = locale.value): string {
  if (hasDateData(tag)) return tag;
  return languageChain(tag).find((l) => l !== baseLanguage(tag) && hasDateData(l)) ?? 'en';
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale.value}|${timeZone.value}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(dateLocale(), { ...options, timeZone: timeZone.value });
    } catch {
      f = new Intl.DateTimeFormat('en', { ...options, timeZone: 'UTC' });
    }
    cache.set(key, f);
  }
  return f;
}

/** 14:05 in the user's zone. */
export const formatTime = (iso: string) => fmt({ hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
/** A full date and time in the user's zone. */
export const formatDateTime = (iso: string) => fmt({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
/** "Monday, 30 November 2026" in the user's zone, for day separators. */
export const formatDay = (iso: string) => fmt({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
/** The calendar day of an instant in the user's zone (for grouping). */
export const dayKey = (iso: string) => fmt({ year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
export const formatNumber = (n: number) => new Intl.NumberFormat(numberLocale(locale.value)).format(n);
export const formatPercent = (n: number) => new Intl.NumberFormat(numberLocale(locale.value), { style: 'percent', maximumFractionDigits: 0 }).format(n);

/**
 * A country's or region's name in the UI language ("KZ" → "Kazakhstan" / "Қазақстан"), from Birlik's own table
 * (the same one the server names countries with), else the name given, else the code.
 */
export function countryName(code: string | null | undefined, fallback?: string): string {
  if (!code) return '';
  return regionName(code, locale.value) ?? fallback ?? code;
}

/** A language's name in the UI language; where the browser has no names for it, in the related language. */
export function languageName(tag: string): string {
  for (const lang of [locale.value, ...languageChain(locale.value).slice(1)]) {
    try {
      const names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'none' });
      if (baseLanguage(names.resolvedOptions().locale) !== baseLanguage(lang)) continue;
      const name = names.of(tag);
      if (name && name.toLowerCase() !== tag.toLowerCase()) return name;
    } catch {
      /* try the next language */
    }
  }
  return tag;
}
