import { pickTranslation } from './notice-view';
import type { Notice } from './notice.entity';

const notice = (language: string, translations: Record<string, { title: string; body: string }>) =>
  ({ language, title: `own ${language}`, body: 'b', translations }) as unknown as Notice;
const t = (title: string) => ({ title, body: 'b' });

describe('pickTranslation', () => {
  const n = notice('en', { ru: t('ru'), tr: t('tr'), 'kk-Cyrl-KZ': t('kk-KZ') });

  it('takes the exact tag, then the language of the tag', () => {
    expect(pickTranslation(n, 'kk-Cyrl-KZ')).toEqual({ language: 'kk-Cyrl-KZ', text: t('kk-KZ') });
    expect(pickTranslation(n, 'kk')).toEqual({ language: 'kk-Cyrl-KZ', text: t('kk-KZ') });
    expect(pickTranslation(n, 'ru-RU').language).toBe('ru');
  });

  it.each([
    ['ky', 'ru'],
    ['ky-KG', 'ru'],
    ['az-Latn-AZ', 'tr'],
    ['uz', 'tr'],
  ])('falls back from %s through the related language %s', (locale, expected) => {
    expect(pickTranslation(n, locale).language).toBe(expected);
  });

  it('falls back from Kazakh to Russian when there is no Kazakh text', () => {
    expect(pickTranslation(notice('tr', { ru: t('ru') }), 'kk').language).toBe('ru');
  });

  it("prefers the notice's own text when it is in the reader's (or the related) language", () => {
    expect(pickTranslation(notice('ru', { kk: t('kk') }), 'ky')).toEqual({ language: 'ru', text: t('own ru') });
    expect(pickTranslation(notice('tr', { en: t('en') }), 'az').language).toBe('tr');
  });

  it("ends with the notice's own language, not English, when nothing in the chain is there", () => {
    expect(pickTranslation(notice('tr', { en: t('en') }), 'kk').language).toBe('tr');
    expect(pickTranslation(notice('tr', { en: t('en') }), 'en').language).toBe('en');
    expect(pickTranslation(notice('tr', { ru: t('ru') }), 'bs').language).toBe('tr');
  });
});
