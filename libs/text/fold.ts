/**
 * Folds text for case- and accent-insensitive matching with Turkish casing rules:
 * `İ`→`i`, `I`→`ı`, then dotless and dotted i meet; diacritics removed; ə/ә/ǝ unified.
 */
export function fold(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/İ/g, 'i')
    .replace(/I/g, 'ı')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/[əǝә]/g, 'e')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
