import { REGION_NAMES, UI_LANGUAGE_CODES, regionName } from '@lib/i18n';
import regionsFile from './data/regions.json';

describe('region names', () => {
  const codes = (regionsFile.regions as { code: string }[]).map((r) => r.code);

  it('names every region of the directory in every UI language', () => {
    expect(Object.keys(REGION_NAMES).sort()).toEqual([...codes].sort());
    const missing = codes.flatMap((code) => UI_LANGUAGE_CODES.filter((lang) => !REGION_NAMES[code][lang]?.trim()).map((lang) => `${code}/${lang}`));
    expect(missing).toEqual([]);
  });

  it('writes Kazakh and Kyrgyz in Cyrillic, Azerbaijani and Uzbek in Latin, Arabic and Urdu in Arabic script', () => {
    const wrong = (lang: string, script: RegExp) => codes.filter((c) => !script.test(REGION_NAMES[c][lang].replace(/[\s()\-ʻ’']/g, '')));
    expect(wrong('kk', /^\p{Script=Cyrillic}+$/u)).toEqual([]);
    expect(wrong('ky', /^\p{Script=Cyrillic}+$/u)).toEqual([]);
    expect(wrong('az', /^[\p{Script=Latin}]+$/u)).toEqual([]);
    expect(wrong('uz', /^[\p{Script=Latin}]+$/u)).toEqual([]);
    expect(wrong('ar', /^\p{Script=Arabic}+$/u)).toEqual([]);
    expect(wrong('ur', /^\p{Script=Arabic}+$/u)).toEqual([]);
  });

  it('names a region by locale tag', () => {
    expect(regionName('AZ', 'az-Latn-AZ')).toBe('Azərbaycan');
    expect(regionName('RU-BA', 'kk')).toBe('Башқұртстан');
    expect(regionName('kz', 'uz')).toBe('Qozogʻiston');
    expect(regionName('KG', 'bs')).toBe('Kyrgyzstan');
    expect(regionName('ZZ', 'en')).toBeUndefined();
  });
});
