import { raw, type EntityManager } from '@mikro-orm/core';

export function isSqlite(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.toLowerCase().includes('sqlite');
}

/**
 * A where-clause entry "column contains needle", matched literally (no LIKE wildcards) on both dialects:
 * `{ ...containsText(em, 'search_text', 'abc') }`.
 */
export function containsText(em: EntityManager, column: string, needle: string): Record<string, { $gt: number }> {
  const fn = isSqlite(em) ? 'instr' : 'strpos';
  return { [raw(`${fn}(${column}, ?)`, [needle])]: { $gt: 0 } } as Record<string, { $gt: number }>;
}
