import { canonicalLocale, isLocaleTag, isTimeZone } from './validators';

describe('validators', () => {
  it.each(['Europe/Istanbul', 'Asia/Almaty', 'Asia/Ulaanbaatar', 'Europe/Sarajevo', 'Asia/Baku', 'UTC'])('accepts the zone %s', (z) => {
    expect(isTimeZone(z)).toBe(true);
  });
  it.each(['Mars/Olympus', '', 'Europe/Istanbul; drop', 42, null])('refuses the zone %p', (z) => {
    expect(isTimeZone(z)).toBe(false);
  });
  it.each(['tr', 'kk-Cyrl-KZ', 'az-Latn-AZ', 'uz-Latn-UZ', 'ar-IQ', 'ur-PK'])('accepts the locale %s', (l) => {
    expect(isLocaleTag(l)).toBe(true);
  });
  it.each(['not a locale!!', '', 'x'.repeat(40), 7])('refuses the locale %p', (l) => {
    expect(isLocaleTag(l)).toBe(false);
  });
  it('canonicalises tags', () => {
    expect(canonicalLocale('kk-cyrl-kz')).toBe('kk-Cyrl-KZ');
    expect(canonicalLocale('TR')).toBe('tr');
  });
});
