/**
 * The languages Birlik's interface and e-mail are written in, and the related language each one falls back to
 * before English (a Kazakh reader understands Russian better than English; an Azerbaijani one, Turkish).
 * Shared by the server (e-mail, country and category names) and the web app; no imports, so both can use it.
 */
export const UI_LANGUAGE_CODES = ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'] as const;
export type UiLanguageCode = (typeof UI_LANGUAGE_CODES)[number];

export const RELATED_LANGUAGE: Readonly<Record<string, UiLanguageCode>> = { kk: 'ru', ky: 'ru', uz: 'tr', az: 'tr' };

/** The base language of a BCP 47 tag: `kk-Cyrl-KZ` → `kk`. */
export function baseLanguage(tag: string | null | undefined): string {
  return (tag ?? '').toLowerCase().split(/[-_]/)[0];
}

/** Where to look for a text, in order: the language itself, its related language, English. */
export function languageChain(tag: string | null | undefined): string[] {
  const lang = baseLanguage(tag);
  const chain = lang ? [lang] : [];
  const related = RELATED_LANGUAGE[lang];
  if (related) chain.push(related);
  if (!chain.includes('en')) chain.push('en');
  return chain;
}

/** The first of `texts` along the language chain of `tag`, else undefined. */
export function pickText<T>(texts: Partial<Record<string, T>>, tag: string | null | undefined): T | undefined {
  for (const lang of languageChain(tag)) {
    const v = texts[lang];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}
