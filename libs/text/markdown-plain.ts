/**
 * The plain text of the Markdown subset Birlik's messages and notices use (web/src/markdown.tsx): `**bold**`,
 * `*italic*` / `_italic_`, `~~strike~~`, `` `code` ``, fenced code, `>` quotes, `-` / `1.` list markers and
 * `[label](url)` links lose their markup and keep their words. For snippets (notifications, e-mail, push), which
 * the contract says are plain text. Text without Markdown comes back unchanged, apart from line endings.
 */
export function markdownToPlainText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let inFence = false;
  for (const raw of lines) {
    if (/^\s*```/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(raw);
      continue;
    }
    const line = raw
      .replace(/^(\s*>\s?)+/, '')
      .replace(/^\s*[-*+]\s+/, '')
      .replace(/^\s*#{1,6}\s+/, '');
    out.push(inlinePlain(line));
  }
  return out.join('\n');
}

function inlinePlain(line: string): string {
  let s = line;
  // Code spans first: what is inside them is literal.
  const codes: string[] = [];
  s = s.replace(/`([^`\n]+)`/g, (_m, code: string) => `\u0000${codes.push(code) - 1}\u0000`);
  s = s.replace(/!?\[([^\]\n]+)\]\(([^)\s]+)\)/g, '$1');
  for (let i = 0; i < 3; i++) {
    s = s
      .replace(/\*\*([^*\n]+)\*\*/g, '$1')
      .replace(/__([^_\n]+)__/g, '$1')
      .replace(/~~([^~\n]+)~~/g, '$1')
      .replace(/(^|[^\p{L}\p{N}*])\*([^*\s][^*\n]*)\*(?![\p{L}\p{N}*])/gu, '$1$2')
      .replace(/(^|[^\p{L}\p{N}_])_([^_\s][^_\n]*)_(?![\p{L}\p{N}_])/gu, '$1$2');
  }
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]);
}
