/**
 * One area's UI strings. English is the source; tr, ru, az (Latin), kk (Cyrillic), ky (Kyrgyz, Cyrillic) and
 * uz (Uzbek, Latin) must have every key. Arabic and Urdu may leave some out while being written (English is shown
 * for those); today they are complete.
 */
export function defineStrings<E extends Record<string, string>>(d: {
  en: E;
  tr: Record<keyof E, string>;
  ru: Record<keyof E, string>;
  az: Record<keyof E, string>;
  kk: Record<keyof E, string>;
  ar: Partial<Record<keyof E, string>>;
  ur?: Partial<Record<keyof E, string>>;
  ky: Record<keyof E, string>;
  uz: Record<keyof E, string>;
}) {
  return d;
}
