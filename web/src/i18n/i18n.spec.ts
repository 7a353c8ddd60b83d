import { ALL_DICTIONARIES, ENGLISH_KEYS, isRtl, locale, pickLanguage, t } from '.';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  const en = ALL_DICTIONARIES.en;

  it.each(['tr', 'ru', 'az', 'kk', 'ar', 'ur'])('%s has every key, none empty', (lang) => {
    const dict = ALL_DICTIONARIES[lang];
    const missing = ENGLISH_KEYS.filter((k) => !dict[k]?.trim());
    expect(missing).toEqual([]);
  });

  // A singular form may leave the count out ("one line" in Arabic); everything else keeps every placeholder.
  it.each(['tr', 'ru', 'az', 'kk', 'ar', 'ur'])('%s keeps the placeholders of the English string', (lang) => {
    const dict = ALL_DICTIONARIES[lang];
    const same = (k: string, v: string) => {
      const want = placeholders(en[k as keyof typeof en]!);
      const got = placeholders(v);
      return k.endsWith('.one') ? got.every((p) => want.includes(p)) && want.filter((p) => p !== 'n').every((p) => got.includes(p)) : got.join() === want.join();
    };
    const wrong = Object.entries(dict)
      .filter(([k, v]) => v !== undefined && !same(k, v))
      .map(([k]) => k);
    expect(wrong).toEqual([]);
  });

  it('Azerbaijani is in Latin script and Kazakh in Cyrillic', () => {
    const letters = (lang: string, re: RegExp) =>
      ENGLISH_KEYS.map((k) => ALL_DICTIONARIES[lang][k]!.replace(/\{\w+\}|Birlik|CSV|E-?mail|URL|ID|Markdown|Enter|Shift|HH:MM|[^\p{L}]/gu, '')).join('').replace(re, '').length;
    expect(letters('az', /\p{Script=Latin}/gu) / ENGLISH_KEYS.length).toBeLessThan(0.05);
    expect(letters('kk', /\p{Script=Cyrillic}/gu) / ENGLISH_KEYS.length).toBeLessThan(0.2);
  });

  it('picks the UI language from a locale tag, English when there is no dictionary', () => {
    expect(pickLanguage(['kk-KZ'])).toBe('kk');
    expect(pickLanguage(['az-Latn-AZ'])).toBe('az');
    expect(pickLanguage(['uz', 'ru-RU'])).toBe('ru');
    expect(pickLanguage(['ur-PK'])).toBe('ur');
    expect(pickLanguage(['ky'])).toBe('en');
    expect(isRtl('ur')).toBe(true);
    expect(isRtl('ar-EG')).toBe(true);
    expect(isRtl('tr')).toBe(false);
  });

  it('fills placeholders, numbers formatted for the locale', () => {
    locale.value = 'ru';
    expect(t('badge.unread', { n: 12345 })).toBe('непрочитанных: 12\u00a0345');
    locale.value = 'tr';
    expect(t('chat.typing.one', { name: 'Aysel' })).toBe('Aysel yazıyor…');
    locale.value = 'ar';
    expect(t('chat.send')).toBe('إرسال');
    expect(t('chat.leave')).toBe('مغادرة القناة');
  });
});
