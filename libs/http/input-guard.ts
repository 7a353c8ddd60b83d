/** Deepest JSON nesting an HTTP body may have; Birlik's own bodies need at most 4 levels. */
export const MAX_BODY_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as sent (a NUL character or half of a surrogate pair), or null. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (it holds a lone surrogate)';
  return null;
}

/**
 * What is wrong with a parsed JSON value, naming the field: nested deeper than `maxDepth`, or a key or string
 * with a NUL or a lone surrogate. Walks without recursion, so no depth can overflow the stack.
 */
export function inputProblem(value: unknown, maxDepth: number, root = 'body'): string | null {
  const stack: [unknown, string, number][] = [[value, root, 1]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const p = textProblem(v);
      if (p) return `${path} ${p}`;
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth > maxDepth) return `${root} is nested too deeply (more than ${maxDepth} levels)`;
    for (const [k, child] of Object.entries(v)) {
      const childPath = Array.isArray(v) ? `${path}[${k}]` : path === root ? k : `${path}.${k}`;
      const p = textProblem(k);
      if (p) return `${path} has a key that ${p}`;
      stack.push([child, childPath, depth + 1]);
    }
  }
  return null;
}
