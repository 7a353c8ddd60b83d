/**
 * Measures the false matches the search skeleton adds over plain `fold()`:
 *
 *   npx ts-node -T -r tsconfig-paths/register libs/text/measure-collisions.ts [--groups N]
 *
 * Word lists: the names and demo texts in fixtures.ts, the Turkish and Russian lists there, and, when
 * installed (Debian packages hunspell-tr, hunspell-ru, hunspell-kk, hunspell-uz), the stems of those
 * dictionaries. For each list it prints how many distinct words (distinct under fold()) now share a
 * key with a word they did not share a fold with, and what each optional reduction step costs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { distinctWords, measureCollisions, measurePlainTyping } from './collisions';
import { DEMO_TEXTS, REGION_NAMES, RUSSIAN_WORDS, TURKISH_WORDS } from './fixtures';
import { createSearchFolder, DEFAULT_SEARCH_FOLD_OPTIONS, type SearchFoldOptions } from './search-key';

function hunspell(lang: string): string[] | undefined {
  const path = `/usr/share/hunspell/${lang}.dic`;
  if (!existsSync(path)) return undefined;
  const aff = `/usr/share/hunspell/${lang}.aff`;
  const set = existsSync(aff) ? /^SET\s+(\S+)/m.exec(readFileSync(aff, 'latin1'))?.[1] : undefined;
  const encoding = set && !/^utf-?8$/i.test(set) ? set.toLowerCase().replace(/^iso(\d)/, 'iso-$1') : 'utf-8';
  const text = new TextDecoder(encoding).decode(readFileSync(path));
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).slice(1);
  return distinctWords(lines.map((l) => l.split('/')[0]));
}

function main(): void {
  const arg = process.argv.indexOf('--groups');
  const showGroups = arg > 0 ? Number(process.argv[arg + 1]) : 15;
  const lists: [string, string[]][] = [
    ['names+demo (mixed scripts)', distinctWords([...REGION_NAMES, ...DEMO_TEXTS])],
    ['Turkish list', distinctWords(TURKISH_WORDS)],
    ['Russian list', distinctWords(RUSSIAN_WORDS)],
  ];
  const tr = hunspell('tr_TR');
  const ru = hunspell('ru_RU');
  const kk = hunspell('kk_KZ');
  const uz = hunspell('uz_UZ');
  if (tr) lists.push(['hunspell tr_TR', tr]);
  if (ru) lists.push(['hunspell ru_RU', ru]);
  if (kk) lists.push(['hunspell kk_KZ', kk]);
  if (uz) lists.push(['hunspell uz_UZ (Cyrillic)', uz]);
  const bs = hunspell('bs_BA');
  if (bs) lists.push(['hunspell bs_BA', bs]);
  const mn = hunspell('mn_MN');
  if (mn) lists.push(['hunspell mn_MN', mn.filter((w) => /\p{Script=Cyrillic}/u.test(w))]);
  if (tr && ru) lists.push(['hunspell tr_TR + ru_RU', [...tr, ...ru]]);

  const base = createSearchFolder();
  console.log('list'.padEnd(30), 'words'.padStart(8), 'keys'.padStart(8), 'newly colliding'.padStart(16), '%'.padStart(7));
  const reports = lists.map(([name, words]) => {
    const r = measureCollisions(words, base.key);
    console.log(
      name.padEnd(30),
      String(r.words).padStart(8),
      String(r.keys).padStart(8),
      String(r.newlyColliding).padStart(16),
      ((100 * r.newlyColliding) / r.words).toFixed(2).padStart(7),
    );
    return { name, words, r };
  });

  console.log('\nWhat each step costs (newly colliding words with the step flipped, against the default):');
  const flips = ['yToI', 'tsToC', 'wToV', 'exonyms', 'hToK', 'jToC'] as const;
  console.log('step'.padEnd(22), ...reports.map((x) => x.name.slice(0, 16).padStart(17)));
  const variants: [string, Partial<SearchFoldOptions>][] = flips.map((f) => [
    `${f}=${!DEFAULT_SEARCH_FOLD_OPTIONS[f]}`,
    { [f]: !DEFAULT_SEARCH_FOLD_OPTIONS[f] },
  ]);
  for (const z of ['j', 'z', 'merge'] as const) {
    if (z !== DEFAULT_SEARCH_FOLD_OPTIONS.zCaron) variants.push([`zCaron=${z}`, { zCaron: z }]);
  }
  for (const c of ['none', 'ig', 'all'] as const) {
    if (c !== DEFAULT_SEARCH_FOLD_OPTIONS.collapseDoubles) variants.push([`collapseDoubles=${c}`, { collapseDoubles: c }]);
  }
  for (const [label, opts] of variants) {
    const folder = createSearchFolder(opts);
    const cells = reports.map(({ words, r }) => {
      const n = measureCollisions(words, folder.key).newlyColliding;
      const d = n - r.newlyColliding;
      return `${n} (${d >= 0 ? '+' : ''}${d})`.padStart(17);
    });
    console.log(label.padEnd(22), ...cells);
  }

  console.log('\nTyped without diacritics (Latin words with marks whose key changes when typed plain):');
  for (const [label, opts] of [['default', {}], ...variants] as [string, Partial<SearchFoldOptions>][]) {
    const folder = createSearchFolder(opts);
    const cells = reports.map(({ words }) => {
      const p = measurePlainTyping(words, folder.key);
      return `${p.lost.length}/${p.words}`.padStart(17);
    });
    console.log(label.padEnd(22), ...cells);
  }
  for (const { name, words } of reports) {
    const p = measurePlainTyping(words, base.key);
    if (p.lost.length) console.log(`  ${name}: e.g. ${p.lost.slice(0, 12).join(' ')}`);
  }

  for (const { name, r } of reports) {
    console.log(`\n${name}: ${r.groups.length} merged groups; first ${Math.min(showGroups, r.groups.length)}:`);
    for (const g of r.groups.slice(0, showGroups)) console.log('  ', g.slice(0, 8).join(' · '), `→ ${base.key(g[0])}`);
  }
}

if (require.main === module) main();
