import { locale, timeZone } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale.value}|${timeZone.value}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale.value, { ...options, timeZone: timeZone.value });
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
export const formatNumber = (n: number) => new Intl.NumberFormat(locale.value).format(n);
export const formatPercent = (n: number) => new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 0 }).format(n);

/** A country's name in the UI language ("KZ" → "Kazakhstan" / "Казахстан"), else the code. */
export function countryName(code: string | null | undefined, fallback?: string): string {
  if (!code) return '';
  if (code.includes('-')) return fallback ?? code;
  try {
    return new Intl.DisplayNames([locale.value], { type: 'region' }).of(code) ?? fallback ?? code;
  } catch {
    return fallback ?? code;
  }
}

export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([locale.value], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
