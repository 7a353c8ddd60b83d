import { ERROR_CATALOG, type ErrorKey } from '@lib/errors/catalog';
import { ALL_DICTIONARIES, ENGLISH_KEYS, ERROR_TEXTS, UI_LANGUAGES, errorText, isRtl, locale, lookup, pickLanguage, t } from '.';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  const en = ALL_DICTIONARIES.en;

  it.each(['tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'])('%s has every key, none empty', (lang) => {
    const dict = ALL_DICTIONARIES[lang];
    const missing = ENGLISH_KEYS.filter((k) => !dict[k]?.trim());
    expect(missing).toEqual([]);
  });

  // A singular form may leave the count out ("one line" in Arabic); everything else keeps every placeholder.
  it.each(['tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'])('%s keeps the placeholders of the English string', (lang) => {
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

  it('Azerbaijani and Uzbek are in Latin script, Kazakh and Kyrgyz in Cyrillic', () => {
    const letters = (lang: string, re: RegExp) =>
      ENGLISH_KEYS.map((k) => ALL_DICTIONARIES[lang][k]!.replace(/\{\w+\}|Birlik|CSV|E-?mail|URL|ID|Markdown|Enter|Shift|HH:MM|[ʻʼ]|[^\p{L}]/gu, '')).join('').replace(re, '').length;
    expect(letters('az', /\p{Script=Latin}/gu) / ENGLISH_KEYS.length).toBeLessThan(0.05);
    expect(letters('kk', /\p{Script=Cyrillic}/gu) / ENGLISH_KEYS.length).toBeLessThan(0.2);
    expect(letters('uz', /\p{Script=Latin}/gu) / ENGLISH_KEYS.length).toBeLessThan(0.05);
    expect(letters('ky', /\p{Script=Cyrillic}/gu) / ENGLISH_KEYS.length).toBeLessThan(0.2);
  });

  it('Kyrgyz and Uzbek are their own translations, not copies of Kazakh, Russian or Turkish', () => {
    const same = (a: string, b: string) => ENGLISH_KEYS.filter((k) => ALL_DICTIONARIES[a][k] === ALL_DICTIONARIES[b][k] && !/^[\p{Lu}\d\s{}a-z.]*$/u.test(en[k]!)).length / ENGLISH_KEYS.length;
    expect(same('ky', 'kk')).toBeLessThan(0.25);
    expect(same('ky', 'ru')).toBeLessThan(0.1);
    expect(same('uz', 'tr')).toBeLessThan(0.1);
    expect(same('uz', 'az')).toBeLessThan(0.1);
  });

  it('offers every language with a dictionary', () => {
    expect([...UI_LANGUAGES].sort()).toEqual(Object.keys(ALL_DICTIONARIES).sort());
  });

  it('falls back through a related language before English', () => {
    const dicts = ALL_DICTIONARIES as Record<string, Record<string, string | undefined>>;
    const saved = { kk: dicts.kk['chat.send'], ky: dicts.ky['chat.send'], az: dicts.az['chat.send'], uz: dicts.uz['chat.send'], tr: dicts.tr['chat.send'] };
    try {
      for (const l of ['kk', 'ky', 'az', 'uz']) delete dicts[l]['chat.send'];
      expect(lookup('kk', 'chat.send')).toBe(dicts.ru['chat.send']);
      expect(lookup('ky', 'chat.send')).toBe(dicts.ru['chat.send']);
      expect(lookup('az', 'chat.send')).toBe(dicts.tr['chat.send']);
      expect(lookup('uz', 'chat.send')).toBe(dicts.tr['chat.send']);
      delete dicts.tr['chat.send'];
      expect(lookup('uz', 'chat.send')).toBe('Send');
    } finally {
      Object.assign(dicts.kk, { 'chat.send': saved.kk });
      Object.assign(dicts.ky, { 'chat.send': saved.ky });
      Object.assign(dicts.az, { 'chat.send': saved.az });
      Object.assign(dicts.uz, { 'chat.send': saved.uz });
      Object.assign(dicts.tr, { 'chat.send': saved.tr });
    }
    expect(lookup('kk', 'chat.send')).toBe('Жіберу');
  });

  it('picks the UI language from a locale tag, English when there is no dictionary', () => {
    expect(pickLanguage(['kk-KZ'])).toBe('kk');
    expect(pickLanguage(['az-Latn-AZ'])).toBe('az');
    expect(pickLanguage(['uz', 'ru-RU'])).toBe('uz');
    expect(pickLanguage(['ur-PK'])).toBe('ur');
    expect(pickLanguage(['ky-KG'])).toBe('ky');
    expect(pickLanguage(['tk', 'ru-RU'])).toBe('ru');
    expect(pickLanguage(['bs'])).toBe('en');
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

describe('error texts', () => {
  const codes = Object.keys(ERROR_CATALOG) as ErrorKey[];

  it.each([...UI_LANGUAGES])('%s has a text for every code of the error catalog, and for no other code', (lang) => {
    const missing = codes.filter((c) => !ERROR_TEXTS[lang]?.[c]?.trim());
    expect(missing).toEqual([]);
    expect(Object.keys(ERROR_TEXTS[lang]).filter((c) => !(codes as string[]).includes(c))).toEqual([]);
  });

  it('shows the text for the code in the UI language, never the English server sentence outside English', () => {
    locale.value = 'kk';
    expect(errorText('not_channel_member', 403, 'Join the channel first')).toBe('Алдымен арнаға қосылыңыз.');
    // A code this app does not know yet: the text for its status, still in Kazakh.
    expect(errorText('some_new_code', 409, 'Some English sentence')).toBe(ERROR_TEXTS.kk.conflict);
    expect(errorText(undefined, 418, 'I am a teapot')).toBe(t('error.generic'));
    expect(errorText(undefined, 502, 'Bad gateway')).toBe(ERROR_TEXTS.kk.internal);
    locale.value = 'uz';
    expect(errorText('forbidden', 403, 'You are not allowed to do this')).toBe('Buni qilishga ruxsatingiz yoʻq.');
    locale.value = 'en';
    expect(errorText('bad_request', 400, 'displayName must be shorter than or equal to 80 characters')).toBe('displayName must be shorter than or equal to 80 characters');
    expect(errorText('bad_request', 400)).toBe(ERROR_TEXTS.en.bad_request);
  });
});
