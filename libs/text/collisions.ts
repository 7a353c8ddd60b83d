import { fold } from './fold';

/** How much a key function merges words that plain `fold()` keeps apart. */
export interface CollisionReport {
  /** Distinct words under `fold()`. */
  words: number;
  /** Distinct keys under the measured key function. */
  keys: number;
  /** Words (distinct under `fold()`) that share their key with a word they did not share a fold with. */
  newlyColliding: number;
  /** `words - keys`: how many fold classes disappeared into others. */
  merges: number;
  /** The merged groups (original spellings), largest first. */
  groups: string[][];
}

const WORD_SPLIT = /[^\p{L}\p{M}\p{N}'`\u02BB\u02BC\u2018\u2019]+/u;

/** The distinct words of some texts (split at anything but letters, digits, marks and apostrophes). */
export function distinctWords(texts: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const t of texts) for (const w of t.split(WORD_SPLIT)) if (w && /[\p{L}\p{N}]/u.test(w)) seen.add(w);
  return [...seen];
}

/** Groups the words by `key` and counts the groups that join words `fold()` tells apart. */
export function measureCollisions(words: Iterable<string>, key: (w: string) => string): CollisionReport {
  const byFold = new Map<string, string>(); // fold → first spelling
  for (const w of words) {
    const f = fold(w);
    if (f && !byFold.has(f)) byFold.set(f, w);
  }
  const byKey = new Map<string, string[]>();
  for (const w of byFold.values()) {
    const k = key(w);
    const g = byKey.get(k);
    if (g) g.push(w);
    else byKey.set(k, [w]);
  }
  const groups = [...byKey.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
  return {
    words: byFold.size,
    keys: byKey.size,
    newlyColliding: groups.reduce((n, g) => n + g.length, 0),
    merges: byFold.size - byKey.size,
    groups,
  };
}

/** How a word is typed on a keyboard without the language's letters: marks dropped, ı→i, ə→e, đ→dj. */
export function typedWithoutDiacritics(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ıİ]/g, (c) => (c === 'ı' ? 'i' : 'I'))
    .replace(/[əƏ]/g, (c) => (c === 'ə' ? 'e' : 'E'))
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'dj' : 'Dj'));
}

/** Latin words with diacritics whose key differs from the key of the same word typed without them. */
export function measurePlainTyping(words: Iterable<string>, key: (w: string) => string): { words: number; lost: string[] } {
  let n = 0;
  const lost: string[] = [];
  for (const w of words) {
    if (!/[\p{Script=Latin}]/u.test(w)) continue;
    const plain = typedWithoutDiacritics(w);
    if (plain === w) continue;
    n++;
    if (key(plain) !== key(w)) lost.push(w);
  }
  return { words: n, lost };
}
