/**
 * npm run bench:web — the browser app's budget: initial JavaScript size, and scrolling a 5,000-message channel.
 *
 * 1. Bundle: the built web/dist (npm run build:web), gzip -9 sizes of what the first page loads (index.html's
 *    script and stylesheet, and their static imports) against the 200 KB budget, and of the lazy screens.
 * 2. Scrolling, in Debian's Chromium (headless, 1280×800), same run, same machine, same 5,000 messages:
 *    - Birlik: the real app (in-process server on a fresh PostgreSQL database, messages seeded by SQL), the
 *      whole history loaded by scrolling to its beginning, then scrolled from top to bottom in steps of half
 *      a viewport, one step per animation frame;
 *    - baseline: the same 5,000 messages with the same markup and stylesheet rendered all at once (what a
 *      list without virtualization does), scrolled the same way.
 *    Reported: time to first render of the list, frame intervals while scrolling (p50, p95, max), DOM
 *    elements, JS heap. Frame intervals are requestAnimationFrame deltas (16.7 ms = 60 fps).
 * Environment: BENCH_MESSAGES (5000), CHROMIUM_PATH, TEST_PG_URL, TEST_REDIS_URL. The last line is JSON.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { TestApp } from '../test/support/app';
import { launch, newContext, signIn } from '../test/support/browser';
import { seedMessages } from '../test/support/seed';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 5000);
const DIST = join(__dirname, '..', 'web', 'dist');

function gz(file: string): number {
  return gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
}

function bundle() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = new Set<string>();
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)) initial.add(m[1]);
  // Static imports of the entry (Vite emits them as modulepreload links or import statements).
  for (const f of [...initial]) {
    if (!f.endsWith('.js')) continue;
    const code = readFileSync(join(DIST, f), 'utf8');
    for (const m of code.matchAll(/^import[^'"]*["']\.\/([^"']+\.js)["']/gm)) initial.add(`assets/${m[1]}`);
  }
  const all = readdirSync(join(DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  const sizes = Object.fromEntries(all.map((f) => [f, gz(`assets/${f}`)]));
  const initialJs = [...initial].filter((f) => f.endsWith('.js')).reduce((n, f) => n + gz(f), 0);
  const initialCss = [...initial].filter((f) => f.endsWith('.css')).reduce((n, f) => n + gz(f), 0);
  const lazyJs = all.filter((f) => f.endsWith('.js') && !initial.has(`assets/${f}`)).reduce((n, f) => n + sizes[f], 0);
  return { initialJsGzipKB: +(initialJs / 1024).toFixed(1), initialCssGzipKB: +(initialCss / 1024).toFixed(1), lazyJsGzipKB: +(lazyJs / 1024).toFixed(1), budgetKB: 200, files: sizes };
}

/** Scrolls `selector` from top to bottom, half a viewport per frame; frame intervals in ms. */
async function scrollFrames(page: Page, selector: string) {
  return page.evaluate(async (sel) => {
    const el = document.querySelector(sel) as HTMLElement;
    el.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const frames: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 2000 && el.scrollTop + el.clientHeight < el.scrollHeight - 2; i++) {
      el.scrollTop += el.clientHeight / 2;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    const sorted = [...frames].sort((a, b) => a - b);
    const q = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
    const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return { steps: frames.length, p50: q(0.5), p95: q(0.95), max: +sorted[sorted.length - 1].toFixed(1), domElements: document.getElementsByTagName('*').length, heapMB: mem ? +(mem.usedJSHeapSize / 1048576).toFixed(1) : null };
  }, selector);
}

async function main() {
  const sizes = bundle();
  console.log(`bundle: initial JS ${sizes.initialJsGzipKB} KB gz (budget ${sizes.budgetKB}), initial CSS ${sizes.initialCssGzipKB} KB gz, lazy screens ${sizes.lazyJsGzipKB} KB gz`);

  const t = await TestApp.start();
  const browser = await launch();
  try {
    const member = await t.createMember({ countryCode: 'UZ' });
    const u = await t.user({ countryCode: 'UZ', memberId: member.id, locale: 'en' });
    const channels = (await t.http().get('/api/v1/channels').auth(u.accessToken, { type: 'bearer' })).body as { id: string; kind: string }[];
    const channelId = channels.find((c) => c.kind === 'country')!.id;
    await seedMessages(t, channelId, u.user.id, COUNT);

    // Birlik
    const ctx = await newContext(browser);
    const started = Date.now();
    const page = await signIn(ctx, t, u);
    await page.getByTestId('message-body').filter({ hasText: `Xabar ${COUNT}` }).waitFor();
    const firstRenderMs = Date.now() - started;
    const list = page.getByTestId('message-list');
    for (let i = 0; i < 1000; i++) {
      await list.evaluate((el) => (el.scrollTop = 0));
      await page.waitForTimeout(30);
      if (await page.getByText('This is the beginning of the channel.').isVisible()) break;
    }
    const app = { firstRenderMs, ...(await scrollFrames(page, '[data-testid="message-list"]')) };
    const markup = await page.locator('[data-testid="message"]').first().evaluate((el) => el.outerHTML);
    const css = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).href));
    await ctx.close();

    // Baseline: everything rendered at once, same markup and stylesheet.
    const bctx = await newContext(browser);
    const b = await bctx.newPage();
    await b.goto(`${t.url}/api/v1/health/live`);
    const bStart = Date.now();
    await b.evaluate(
      ({ markup, css, count }) => {
        document.documentElement.innerHTML = `<head>${css.map((h) => `<link rel="stylesheet" href="${h}">`).join('')}</head><body><div class="messages" id="list" style="height:100vh"></div></body>`;
        const list = document.getElementById('list')!;
        const parts: string[] = [];
        for (let i = 1; i <= count; i++) parts.push(markup.replace(/Xabar \d+/, `Xabar ${i}`));
        list.innerHTML = parts.join('');
      },
      { markup, css, count: COUNT },
    );
    await b.waitForFunction(() => document.querySelectorAll('.msg').length > 0);
    await b.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const baseline = { firstRenderMs: Date.now() - bStart, ...(await scrollFrames(b, '#list')) };
    await bctx.close();

    console.log(`scroll ${COUNT} messages — Birlik (virtualized): first render ${app.firstRenderMs} ms (incl. sign-in), frames p50/p95/max ${app.p50}/${app.p95}/${app.max} ms over ${app.steps} steps, ${app.domElements} DOM elements, heap ${app.heapMB} MB`);
    console.log(`scroll ${COUNT} messages — baseline (all rendered): first render ${baseline.firstRenderMs} ms, frames p50/p95/max ${baseline.p50}/${baseline.p95}/${baseline.max} ms over ${baseline.steps} steps, ${baseline.domElements} DOM elements, heap ${baseline.heapMB} MB`);
    console.log(JSON.stringify({ bundle: { ...sizes, files: undefined }, messages: COUNT, app, baseline }));
  } finally {
    await browser.close();
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
