import { renderToString } from 'preact-render-to-string';
import { Markdown, Snippet, safeHref } from './markdown';

const html = (text: string) => renderToString(<Markdown text={text} />);

describe('Markdown subset', () => {
  it('renders emphasis, code, strike and mentions inside a paragraph', () => {
    expect(html('**kalın** *italik* _eğik_ ~~eski~~ `kod` @Aysel')).toBe(
      '<p><strong>kalın</strong> <em>italik</em> <em>eğik</em> <del>eski</del> <code>kod</code> <span class="mention">@Aysel</span></p>',
    );
  });

  it('keeps line breaks, and splits paragraphs on blank lines', () => {
    expect(html('bir\niki\n\nüç')).toBe('<p>bir<br/>iki</p><p>üç</p>');
  });

  it('renders lists, quotes and fenced code (code is never parsed)', () => {
    expect(html('- su\n- elektrik')).toBe('<ul><li>su</li><li>elektrik</li></ul>');
    expect(html('1. plan\n2. tatbikat')).toBe('<ol><li>plan</li><li>tatbikat</li></ol>');
    expect(html('> alıntı **güçlü**')).toBe('<blockquote><p>alıntı <strong>güçlü</strong></p></blockquote>');
    expect(html('```\n**not bold** <b>\n```')).toBe('<pre><code>**not bold** &lt;b></code></pre>');
  });

  it('escapes markup: HTML in a message is text', () => {
    const out = html('<img src=x onerror=alert(1)> <script>alert(1)</script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;img src=x onerror=alert(1)>');
  });

  it('links only http(s) and mailto targets, opened safely', () => {
    expect(html('[site](https://ttbb.org.tr)')).toBe('<p><a href="https://ttbb.org.tr" target="_blank" rel="noopener noreferrer nofollow">site</a></p>');
    expect(html('[x](javascript:alert(1))')).not.toContain('<a');
    expect(html('[x](data:text/html,hi)')).not.toContain('<a');
    expect(html('bak: https://example.org/a?b=1.')).toBe('<p>bak: <a href="https://example.org/a?b=1" target="_blank" rel="noopener noreferrer nofollow">https://example.org/a?b=1</a>.</p>');
    expect(safeHref('mailto:a@b.org')).toBe(true);
    expect(safeHref('JAVASCRIPT:x')).toBe(false);
  });

  it('handles Arabic, Cyrillic and Turkish letters in mentions and emphasis', () => {
    expect(html('@Әлия **مرحبا** *İstanbul*')).toBe('<p><span class="mention">@Әлия</span> <strong>مرحبا</strong> <em>İstanbul</em></p>');
  });
});

describe('search snippets', () => {
  it('turns the server’s escaped snippet into text with <mark> elements, without parsing other markup', () => {
    const out = renderToString(<Snippet html={'a &lt;b&gt; <mark>Алматы</mark> &amp; &quot;x&quot; &#39;y&#39;'} />);
    expect(out).toBe("a &lt;b> <mark>Алматы</mark> &amp; &quot;x&quot; 'y'");
  });

  it('never turns an escaped tag into an element', () => {
    expect(renderToString(<Snippet html={'&lt;img src=x onerror=alert(1)&gt;'} />)).toBe('&lt;img src=x onerror=alert(1)>');
  });
});
