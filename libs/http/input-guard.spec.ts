import { inputProblem, textProblem } from './input-guard';

describe('input guard', () => {
  it('refuses NUL and lone surrogates, keeps pairs', () => {
    expect(textProblem('a\u0000b')).toBe('must not contain NUL characters');
    expect(textProblem('a\ud800b')).toBe('must be valid Unicode (it holds a lone surrogate)');
    expect(textProblem('a\udc00')).toBe('must be valid Unicode (it holds a lone surrogate)');
    expect(textProblem('\ud800')).toBe('must be valid Unicode (it holds a lone surrogate)');
    expect(textProblem('👍🏽 ok ❤️')).toBeNull();
  });

  it('names the field, in arrays and nested objects and keys', () => {
    expect(inputProblem({ a: 'ok', b: { c: ['x', 'y\u0000'] } }, 8)).toBe('b.c[1] must not contain NUL characters');
    expect(inputProblem({ ['k\ud800']: 1 }, 8, 'payload')).toBe('payload has a key that must be valid Unicode (it holds a lone surrogate)');
    expect(inputProblem({ a: 1, b: [true, null, 2.5] }, 8)).toBeNull();
  });

  it('refuses depth past the limit without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    expect(inputProblem(deep, 32)).toBe('body is nested too deeply (more than 32 levels)');
    let ok: unknown = 'x';
    for (let i = 0; i < 31; i++) ok = [ok];
    expect(inputProblem(ok, 32)).toBeNull();
  });
});
