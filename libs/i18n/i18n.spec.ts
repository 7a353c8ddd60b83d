import { UI_LANGUAGE_CODES, languageChain, pickText } from './languages';

describe('language chain', () => {
  it('goes through the related language before English', () => {
    expect(languageChain('kk-KZ')).toEqual(['kk', 'ru', 'en']);
    expect(languageChain('ky')).toEqual(['ky', 'ru', 'en']);
    expect(languageChain('uz-Latn-UZ')).toEqual(['uz', 'tr', 'en']);
    expect(languageChain('az')).toEqual(['az', 'tr', 'en']);
    expect(languageChain('tr')).toEqual(['tr', 'en']);
    expect(languageChain('en')).toEqual(['en']);
    expect(languageChain('')).toEqual(['en']);
  });

  it('picks the first text along the chain', () => {
    expect(pickText({ en: 'A', ru: 'Б' }, 'kk')).toBe('Б');
    expect(pickText({ en: 'A', tr: 'T' }, 'uz')).toBe('T');
    expect(pickText({ en: 'A' }, 'ky')).toBe('A');
    expect(pickText({}, 'ky')).toBeUndefined();
  });
});
