/**
 * Search folding: one canonical key ("skeleton") per word, shared by every script and common
 * romanization the union's members write in, so that `BAKI`, `Bakı`, `Baku` and `Баку` meet and
 * `Almaty`, `Almatı` and `Алматы` meet. The tables and the false matches they cost are documented in
 * README.md beside this file; `measure-collisions.ts` re-measures them.
 *
 * The key is built in one pass over the NFKC form of the text:
 *  1. every code point is mapped once (then cached) to lower-case Latin without diacritics, with
 *     Turkish casing (`İ`→`i`, `I`→`ı`→`i`), look-alikes unified (`ə ǝ ә ä` → `e`), Cyrillic
 *     transliterated (CYRILLIC below), Arabic letters unified (ARABIC below), apostrophes dropped,
 *     and everything that is not a letter or digit turned into a word break;
 *  2. the Latin result is reduced to the skeleton alphabet (`q`→`k`, `x`→`h`, `y`→`i`, `w`→`v`,
 *     `sh ch gh`→`s c g`, `kh`→`h`, `zh`→`j`, `dj`→`j`, `ts`→`c`, `ii`→`i`, `gg`→`g`);
 *  3. each word is looked up in a short table of exonyms that no letter rule can reach (EXONYMS).
 */

/**
 * Changes whenever a table or rule below changes what a text folds to: folded text stored by the
 * search index must then be rebuilt.
 */
export const SEARCH_KEY_VERSION = 1;

/** The reduction steps that can be switched off, for measuring what each one costs. */
export interface SearchFoldOptions {
  /** `y`→`i` (ы/й/и/і/ı/y meet). Required for Almaty ≡ Алматы. */
  yToI: boolean;
  /**
   * Which doubled skeleton letters are written once: `i` only (ий/ый/ия against y/iy/ia, Turkish
   * `-iye` against Azerbaijani `-iyyə`) plus `g` (ң+г against ng: теңге ≡ tenge), every letter, or none.
   */
  collapseDoubles: 'ig' | 'all' | 'none';
  /** `ts`→`c` (ц written ts or c). */
  tsToC: boolean;
  /** `w`→`v` (Tatar and Turkmen Latin write в as w). */
  wToV: boolean;
  /** `h` and `k` meet (Turkic қ is х in Russian exonyms). Off by default: too many false matches. */
  hToK: boolean;
  /** The `j` class (ж) and the `c` class (ч, ц, Turkish c) meet. Off by default. */
  jToC: boolean;
  /**
   * ž: `z`, its base letter, as fold() has it (Bosnian typed without diacritics: Zepce ≡ Žepče); `j`,
   * the reading of ж (Serbian Cyrillic Жепче ≡ Žepče, but 16% of Bosnian words with diacritics are then
   * lost when typed plain); or `merge` z and j everywhere (both, at +348 Russian false matches).
   */
  zCaron: 'j' | 'z' | 'merge';
  /** Whole-word exonym table (Baku/Bakı, Kazakhstan/Qazaqstan …). */
  exonyms: boolean;
}

export const DEFAULT_SEARCH_FOLD_OPTIONS: Readonly<SearchFoldOptions> = Object.freeze({
  yToI: true,
  collapseDoubles: 'ig',
  tsToC: true,
  wToV: true,
  hToK: false,
  jToC: false,
  zCaron: 'z',
  exonyms: true,
});

/**
 * Cyrillic → Latin (lower case; upper case is lowered first). The output is already in the
 * skeleton's terms where romanizations disagree: ш→s (sh, ş), ч→c (ch, ç), ж→j (zh, j), х→h (kh, x,
 * h), ц→c (ts, c), щ→sc (shch, sch, şç), ы/й/и/і→i (y, ı, i), я→ia (ya), ю→iu (yu), ё/э/е→e, ъ/ь
 * dropped; Kazakh, Kyrgyz, Tatar, Bashkir, Uzbek, Mongolian, Tajik letters: ә→e, ғ→g (gh, ğ, gʻ),
 * қ/ҡ→k (q), ң→ng (ñ), ө→o (ö), ү/ұ/ӯ→u (ü), һ/ҳ→h, җ/ҷ→j, ҙ→z, ҫ→s, ў→o (Uzbek oʻ); Serbian and
 * Macedonian: ђ→dj (đ), ј→j, љ→lj, њ→nj, ћ→c (ć), џ→dz (dž), ѓ→gj, ќ→kj, ѕ→dz; Ukrainian є→ie, ї→i, ґ→g.
 */
export const CYRILLIC: Readonly<Record<string, string>> = Object.freeze({
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'j', з: 'z', и: 'i', й: 'i', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c',
  ч: 'c', ш: 's', щ: 'sc', ъ: '', ы: 'i', ь: '', э: 'e', ю: 'iu', я: 'ia',
  // Kazakh, Kyrgyz, Tatar, Bashkir, Uzbek, Mongolian, Tajik, Chuvash, Azerbaijani (1958–91)
  ә: 'e', ғ: 'g', қ: 'k', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i', ҳ: 'h', ў: 'o', җ: 'j',
  ҡ: 'k', ҙ: 'z', ҫ: 's', ӯ: 'u', ӣ: 'i', ҷ: 'j', ҝ: 'g', ҹ: 'c', ӑ: 'a', ӗ: 'e', ӳ: 'u', ӧ: 'o',
  ӓ: 'e', ӱ: 'u', ӹ: 'i', ӈ: 'ng', ҕ: 'g', ҥ: 'ng', ӄ: 'k', ӽ: 'h', ӿ: 'h', ԛ: 'k', ԝ: 'v',
  // Serbian, Macedonian, Bosnian Cyrillic
  ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz', ѓ: 'gj', ќ: 'kj', ѕ: 'dz',
  // Ukrainian, Belarusian (ў is Uzbek's oʻ above)
  є: 'ie', ї: 'i', ґ: 'g',
});

/**
 * Latin letters that are not just a base letter plus combining marks, or whose meaning in the
 * union's alphabets is not their base letter. Everything else loses its marks (ş→s, ç→c, ğ→g, ö→o,
 * ü→u, â→a, ă→a, ė→e …) and is lowered.
 */
export const LATIN_SPECIAL: Readonly<Record<string, string>> = Object.freeze({
  ı: 'i', // Turkish/Azerbaijani dotless i; İ lowers to i + U+0307, whose mark is dropped
  ə: 'e', ǝ: 'e', ɘ: 'e', // Azerbaijani schwa and its look-alikes (Cyrillic ә is in CYRILLIC)
  ä: 'e', // ə/ә in the Kazakh (2021), Tatar and Turkmen Latin alphabets
  ñ: 'ng', ń: 'ng', ŋ: 'ng', // ң in the Kazakh (2021/2018), Tatar and Kyrgyz Latin spellings
  đ: 'dj', // ђ; reduced to j with dj
  ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th', ð: 'd', ħ: 'h', ŧ: 't', ƶ: 'z', ɨ: 'i',
});

/** Apostrophe-like marks inside words (Uzbek oʻ gʻ, Turkish suffixes, Kazakh 2017): dropped. */
export const APOSTROPHES =
  "'`\u00B4\u02B9\u02BA\u02BB\u02BC\u02BD\u02BE\u02BF\u02C8\u02CA\u02CB\u2018\u2019\u201B\u2032\u2035\uA78B\uA78C\uFF07";

/** Invisible characters that must not break a word: soft hyphen, ZWNJ, ZWJ, word joiner, BOM. */
const INVISIBLE = '\u00AD\u200C\u200D\u2060\uFEFF\u0640'; // U+0640 Arabic tatweel (kashida)

/**
 * Arabic script: alef forms → ا, yeh forms → ي, teh marbuta → ه, Urdu/Persian keheh → ك, Urdu heh
 * forms → ه, waw with hamza → و, Arabic-Indic and Persian digits → 0–9. Tashkeel (harakat, shadda,
 * sukun, tanwin, superscript alef, Quranic marks) are combining marks and are dropped; tatweel too.
 * ے (Urdu bari ye) and ں (noon ghunna) are letters of their own and are kept.
 */
export const ARABIC: Readonly<Record<string, string>> = Object.freeze({
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا', 'ٵ': 'ا',
  'ى': 'ي', 'ی': 'ي', 'ې': 'ي', 'ئ': 'ي', 'ۍ': 'ي', 'ێ': 'ي',
  'ة': 'ه', 'ۃ': 'ه', 'ہ': 'ه', 'ۂ': 'ه', 'ھ': 'ه', 'ە': 'ه', 'ۀ': 'ه',
  'ک': 'ك', 'ڪ': 'ك', 'ګ': 'ك',
  'ؤ': 'و', 'ٶ': 'و', 'ۓ': 'ے',
  '٠': '0', '١': '1', '٢': '2', '٣': '3', '٤': '4', '٥': '5', '٦': '6', '٧': '7', '٨': '8', '٩': '9',
  '۰': '0', '۱': '1', '۲': '2', '۳': '3', '۴': '4', '۵': '5', '۶': '6', '۷': '7', '۸': '8', '۹': '9',
});

/**
 * Exonyms: names whose forms differ by more than letters (Bakı/Baku: ı against u; Kazakhstan: Russian
 * х for Kazakh қ; Turkish forms of country names). Keys and values are skeletons; a whole word equal
 * to a key is replaced by the value (so the value is never itself a key).
 */
export const EXONYMS: Readonly<Record<string, string>> = Object.freeze({
  baku: 'baki', // Baku, Баку, Bakü (tr) → Bakı
  kazahstan: 'kazakstan', // Kazakhstan, Казахстан → Qazaqstan, Қазақстан (Russian х for Kazakh қ)
  kazakistan: 'kazakstan', // Kazakistan (tr)
  kazah: 'kazak', // Kazakh, казах → Qazaq, қазақ
  taskent: 'toskent', // Tashkent, Ташкент, Taşkent (tr) → Toshkent, Тошкент
  uzbekistan: 'ozbekiston', // Uzbekistan, Узбекистан → Oʻzbekiston, Ўзбекистон
  ozbekistan: 'ozbekiston', // Özbekistan (tr)
  kirgizistan: 'kirgizstan', // Kırgızistan (tr) → Kyrgyzstan, Кыргызстан
  tataristan: 'tatarstan', // Tataristan (tr) → Tatarstan, Татарстан
  baskurdistan: 'baskortostan', // Başkurdistan (tr) → Bashkortostan, Башҡортостан
  dagistan: 'dagestan', // Dağıstan (tr) → Dagestan, Дагестан
  azerbaijan: 'azerbaican', // Azerbaijan, Азербайджан → Azərbaycan, Azerbaycan (tr)
  asabad: 'asgabat', // Ashkhabad, Ашхабад → Aşgabat, Ashgabat
  ofo: 'ufa', // Өфө (Bashkir) → Ufa, Уфа
});

// ---------------------------------------------------------------------------------------------

const CC_a = 97;
const CC_z = 122;
const CC_c = 99;
const CC_d = 100;
const CC_g = 103;
const CC_h = 104;
const CC_i = 105;
const CC_j = 106;
const CC_k = 107;
const CC_s = 115;
const CC_t = 116;
const CC_v = 118;
const SPACE = 32;

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARKS = /\p{M}/gu;

/** A compiled folder: the per-code-point table is filled lazily and shared by all calls. */
export interface SearchFolder {
  key(text: string): string;
  tokens(text: string): string[];
}

function buildSpecials(): Map<number, string> {
  const m = new Map<number, string>();
  const add = (table: Readonly<Record<string, string>>) => {
    for (const [k, v] of Object.entries(table)) m.set(k.codePointAt(0)!, v);
  };
  add(CYRILLIC);
  add(LATIN_SPECIAL);
  add(ARABIC);
  for (const ch of APOSTROPHES) m.set(ch.codePointAt(0)!, '');
  for (const ch of INVISIBLE) m.set(ch.codePointAt(0)!, '');
  return m;
}

const SPECIALS = buildSpecials();

/** Maps one code point (already NFKC) to lower-case, mark-free text; ' ' for a word break. */
function mapCodePoint(cp: number): string {
  const direct = SPECIALS.get(cp);
  if (direct !== undefined) return direct;
  const ch = String.fromCodePoint(cp);
  const lower = ch.toLowerCase();
  let out = '';
  for (const l of lower) {
    const special = SPECIALS.get(l.codePointAt(0)!);
    if (special !== undefined) {
      out += special;
      continue;
    }
    const bare = l.normalize('NFKD').replace(MARKS, '');
    for (const b of bare) {
      const s = SPECIALS.get(b.codePointAt(0)!);
      if (s !== undefined) out += s;
      else if (LETTER_OR_DIGIT.test(b)) out += b;
      else out += ' ';
    }
  }
  // A lone combining mark (bare === '') maps to '', i.e. stays inside its word.
  return out;
}

/** Per-code-point table for the BMP, filled on first use of each code point. */
const BMP: (string | undefined)[] = new Array(0x10000);
const ASTRAL = new Map<number, string>();

function lookup(cp: number): string {
  if (cp < 0x10000) {
    let s = BMP[cp];
    if (s === undefined) BMP[cp] = s = mapCodePoint(cp);
    return s;
  }
  let s = ASTRAL.get(cp);
  if (s === undefined) {
    s = mapCodePoint(cp);
    if (ASTRAL.size < 10_000) ASTRAL.set(cp, s);
  }
  return s;
}

const EXONYM_MAP = new Map(Object.entries(EXONYMS));
let EXONYM_MIN = Infinity;
let EXONYM_MAX = 0;
for (const k of EXONYM_MAP.keys()) {
  EXONYM_MIN = Math.min(EXONYM_MIN, k.length);
  EXONYM_MAX = Math.max(EXONYM_MAX, k.length);
}

const decoder = new TextDecoder('utf-16le');

export function createSearchFolder(options: Partial<SearchFoldOptions> = {}): SearchFolder {
  const o: SearchFoldOptions = { ...DEFAULT_SEARCH_FOLD_OPTIONS, ...options };

  // Stage 2 letter map for a–z: q→k, x→h, y→i, w→v (and the optional merges).
  const LETTER = new Uint16Array(128);
  for (let c = 0; c < 128; c++) LETTER[c] = c;
  LETTER['q'.charCodeAt(0)] = CC_k;
  LETTER['x'.charCodeAt(0)] = CC_h;
  if (o.yToI) LETTER['y'.charCodeAt(0)] = CC_i;
  if (o.wToV) LETTER['w'.charCodeAt(0)] = CC_v;
  if (o.jToC) LETTER[CC_j] = CC_c;
  if (o.zCaron === 'merge') LETTER[CC_z] = CC_j;
  const Z_CARON = o.zCaron === 'j' ? 'zh' : undefined; // otherwise ž loses its caron like any mark
  const hOut = o.hToK ? CC_k : CC_h;
  const COLLAPSE = new Uint8Array(128);
  if (o.collapseDoubles === 'all') COLLAPSE.fill(1, CC_a, CC_z + 1);
  else if (o.collapseDoubles === 'ig') COLLAPSE[CC_i] = COLLAPSE[CC_g] = 1;
  const jOut = o.jToC ? CC_c : CC_j;

  let buf = new Uint16Array(256);
  let len = 0;
  let wordStart = 0;

  const isSkel = (c: number) => c >= CC_a && c <= CC_z;

  /** Appends one skeleton letter, applying the digraph reductions against the previous letter. */
  function emit(c: number): void {
    const last = len > wordStart ? buf[len - 1] : 0;
    if (c === CC_h) {
      // sh ch gh → s c g; kh → h (х); zh → j
      if (last === CC_s || last === CC_c || last === CC_g || (last === CC_j && o.zCaron === 'merge')) return;
      if (last === CC_z || last === CC_k) {
        len--;
        emit(last === CC_z ? jOut : hOut);
        return;
      }
      c = hOut;
    } else if (c === CC_s && last === CC_t && o.tsToC) {
      len--;
      emit(CC_c);
      return;
    } else if (c === jOut && last === CC_d) {
      len--;
      emit(jOut);
      return;
    }
    if (c === last && COLLAPSE[c]) return;
    buf[len++] = c;
  }

  function endWord(): void {
    if (len === wordStart) return;
    if (o.exonyms) {
      const n = len - wordStart;
      if (n >= EXONYM_MIN && n <= EXONYM_MAX) {
        const w = String.fromCharCode.apply(null, buf.subarray(wordStart, len) as unknown as number[]);
        const to = EXONYM_MAP.get(w);
        if (to !== undefined) {
          len = wordStart;
          for (let i = 0; i < to.length; i++) buf[len++] = to.charCodeAt(i);
        }
      }
    }
    buf[len++] = SPACE;
    wordStart = len;
  }

  function key(text: string): string {
    if (text.indexOf('\u00B4') >= 0) text = text.replace(/\u00B4/g, "'"); // NFKC would split it
    const s = text.normalize('NFKC');
    const need = s.length * 3 + 16;
    if (buf.length < need) buf = new Uint16Array(need);
    len = 0;
    wordStart = 0;
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      const m = cp < 128 ? ASCII[cp] : Z_CARON !== undefined && (cp === 0x17e || cp === 0x17d) ? Z_CARON : lookup(cp);
      for (let j = 0; j < m.length; j++) {
        const c = m.charCodeAt(j);
        if (c === SPACE) endWord();
        else if (c < 128) {
          const l = LETTER[c];
          if (isSkel(l)) emit(l);
          else buf[len++] = l; // digits
        } else buf[len++] = c; // other scripts, kept as they are
      }
    }
    endWord();
    if (len > 0) len--; // trailing space
    if (len === 0) return '';
    return len < 2048
      ? String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[])
      : decoder.decode(buf.subarray(0, len));
  }

  function tokens(text: string): string[] {
    const k = key(text);
    return k === '' ? [] : k.split(' ');
  }

  return { key, tokens };
}

const ASCII: string[] = [];
for (let c = 0; c < 128; c++) ASCII.push(mapCodePoint(c));

const defaultFolder = createSearchFolder();

/**
 * The canonical search key of a text: its words folded to the shared skeleton, separated by single
 * spaces (no leading or trailing space). Idempotent: `searchKey(searchKey(t)) === searchKey(t)`.
 */
export function searchKey(text: string): string {
  return defaultFolder.key(text);
}

/** `searchKey(text)` split into words (letters and digits of any script), for indexing. */
export function searchTokens(text: string): string[] {
  return defaultFolder.tokens(text);
}

/** The words of a query, folded like `searchTokens`, each once, in order. */
export function searchQueryTokens(query: string): string[] {
  return [...new Set(defaultFolder.tokens(query))];
}

export interface SearchTokenSpan {
  /** The folded word. */
  token: string;
  /** UTF-16 offsets of the word in the original text, for highlighting. */
  start: number;
  end: number;
}

const WORD_RUN = new RegExp(
  `[\\p{L}\\p{M}\\p{N}${APOSTROPHES.replace(/[\\\]^-]/g, '\\$&')}${INVISIBLE}]+`,
  'gu',
);

/**
 * The folded words of a text with where each stands in the original, for highlighted snippets.
 * Each run of letters, digits, marks and apostrophes is folded on its own; its words (usually one)
 * all get the run's offsets.
 */
export function searchTokenSpans(text: string): SearchTokenSpan[] {
  const out: SearchTokenSpan[] = [];
  WORD_RUN.lastIndex = 0;
  for (let m = WORD_RUN.exec(text); m !== null; m = WORD_RUN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    for (const token of defaultFolder.tokens(m[0])) out.push({ token, start, end });
  }
  return out;
}
