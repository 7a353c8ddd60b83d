import type { ComponentChildren } from 'preact';

/**
 * The Markdown subset messages use, rendered to elements (never to HTML strings, so nothing in a message
 * can inject markup): paragraphs and line breaks, **bold**, *italic* / _italic_, ~~strike~~, `code`,
 * ``` code blocks ```, > quotes, - and 1. lists, [text](https://…) and bare http(s) links, @mentions.
 */
export function Markdown({ text }: { text: string }) {
  return <>{blocks(text)}</>;
}

function blocks(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) code.push(lines[i++]);
      i++;
      out.push(
        <pre key={out.length}>
          <code>{code.join('\n')}</code>
        </pre>,
      );
    } else if (/^>\s?/.test(line)) {
      const quote: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quote.push(lines[i++].replace(/^>\s?/, ''));
      out.push(<blockquote key={out.length}>{blocks(quote.join('\n'))}</blockquote>);
    } else if (/^\s*[-*]\s+/.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*[-*]\s+/, ''));
      out.push(<ul key={out.length}>{items.map((it, k) => <li key={k}>{inline(it)}</li>)}</ul>);
    } else if (/^\s*\d+[.)]\s+/.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^\s*\d+[.)]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*\d+[.)]\s+/, ''));
      out.push(<ol key={out.length}>{items.map((it, k) => <li key={k}>{inline(it)}</li>)}</ol>);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && !/^(```|>|\s*[-*]\s+|\s*\d+[.)]\s+)/.test(lines[i])) para.push(lines[i++]);
      out.push(
        <p key={out.length}>
          {para.flatMap((l, k) => (k ? [<br key={`b${k}`} />, ...inline(l)] : inline(l)))}
        </p>,
      );
    }
  }
  return out;
}

const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(~~[^~\n]+~~)|(\*[^*\s][^*\n]*\*)|(\b_[^_\s][^_\n]*_\b)|(\[[^\]\n]+\]\([^)\s]+\))|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])|(@[\p{L}\p{N}_.-]+)/gu;

/** Inline spans of one line. */
export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const s = m[0];
    const k = out.length;
    if (m[1]) out.push(<code key={k}>{s.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong key={k}>{inline(s.slice(2, -2))}</strong>);
    else if (m[3]) out.push(<del key={k}>{inline(s.slice(2, -2))}</del>);
    else if (m[4] || m[5]) out.push(<em key={k}>{inline(s.slice(1, -1))}</em>);
    else if (m[6]) {
      const [, label, href] = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(s) ?? [];
      out.push(safeHref(href) ? <a key={k} href={href} target="_blank" rel="noopener noreferrer nofollow">{label}</a> : s);
    } else if (m[7]) out.push(<a key={k} href={s} target="_blank" rel="noopener noreferrer nofollow">{s}</a>);
    else if (m[8]) out.push(<span key={k} class="mention">{s}</span>);
    last = at + s.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Only web and mail links: never javascript:, data: or anything else. */
export function safeHref(href: string | undefined): boolean {
  return !!href && /^(https?:\/\/|mailto:)/i.test(href);
}

/** A search snippet: HTML-escaped text with <mark> around matches, turned into elements without innerHTML. */
export function Snippet({ html }: { html: string }) {
  const parts = html.split(/(<mark>|<\/mark>)/);
  const out: ComponentChildren[] = [];
  let marked = false;
  parts.forEach((p, k) => {
    if (p === '<mark>') marked = true;
    else if (p === '</mark>') marked = false;
    else if (p) out.push(marked ? <mark key={k}>{unescape(p)}</mark> : unescape(p));
  });
  return <>{out}</>;
}

function unescape(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", '#x27': "'" })[e] ?? _);
}
