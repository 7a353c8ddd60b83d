import type { Browser, Page } from 'playwright-core';
import { RealtimePublisher } from '@lib/realtime';
import { ERROR_CATALOG } from '@lib/errors';
import { JobQueue } from '@lib/queue';
import { ERROR_TEXTS } from '../web/src/i18n/errors';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { browserAvailable, launch, newContext, screenshot, signIn } from './support/browser';

const run = browserAvailable() ? describe : describe.skip;

/** Issue 10's browser walk, again: languages Chromium lacks data for, and the small things that went stale. */
run('web app in every UI language, and what stayed stale', () => {
  let t: TestApp;
  let browser: Browser;
  const ZONE = 'Asia/Almaty';

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '1000' });
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function api(token: string, method: 'get' | 'post' | 'patch', path: string, body?: object) {
    const req = t.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
    const res = await (body ? req.send(body) : req);
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const countryChannelId = async (s: Session) => (await api(s.accessToken, 'get', '/channels')).find((c: { kind: string }) => c.kind === 'country').id as string;

  /** What this very browser makes of a day in `locale` (the separator's format), to compare with what the app shows. */
  const browserDay = (page: Page, locale: string, iso: string) =>
    page.evaluate(([l, at, zone]) => new Intl.DateTimeFormat(l, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: zone }).format(new Date(at)), [locale, iso, ZONE] as const);

  /**
   * Signs in a user of `countryCode` whose profile language is `locale`, with a message in their country channel;
   * checks the channel's heading, the day separator (formatted in `dateLocale`), and the country list of the search page.
   */
  async function walk(locale: string, countryCode: string, want: { heading: string; search: string; dateLocale: string; countries: Record<string, string> }) {
    const u = await t.user({ countryCode, locale, timeZone: ZONE });
    const message = await api(u.accessToken, 'post', `/channels/${await countryChannelId(u)}/messages`, { clientId: t.unique('day-'), body: `Salam ${locale}` });
    const ctx = await newContext(browser, { locale: 'en-US', timezoneId: ZONE });
    const page = await signIn(ctx, t, u);
    await page.getByRole('heading', { level: 1, name: want.heading }).waitFor();
    const separator = page.locator('.day').first();
    await separator.waitFor();
    const shown = (await separator.innerText()).trim();
    // Where the browser has no data for the language (it writes "2026 M12 3, Thu" or English), the related one's format.
    const own = await browserDay(page, locale, message.createdAt);
    const related = await browserDay(page, want.dateLocale, message.createdAt);
    expect(shown).toBe(related);
    if (want.dateLocale !== locale) expect(shown).not.toBe(own);
    expect(shown).not.toMatch(/\bM\d{1,2}\b/);
    await page.getByRole('link', { name: want.search }).click();
    await page.locator('select option', { hasText: Object.values(want.countries)[0] }).waitFor({ state: 'attached' });
    const options = await page.locator('select option').allInnerTexts();
    for (const name of Object.values(want.countries)) expect(options).toContain(name);
    expect(options.some((o) => /^#|^[A-Z]{2}(-[A-Z]+)?$/.test(o.trim()))).toBe(false);
    await screenshot(page, `webi18n-${locale}`);
    await ctx.close();
  }

  it('Azerbaijani: country names from Birlik, dates in the Turkish format where Chromium lacks Azerbaijani data', async () => {
    await walk('az', 'AZ', { heading: '# Azərbaycan', search: 'Axtarış', dateLocale: 'tr', countries: { KZ: 'Qazaxıstan', 'RU-BA': 'Başqırdıstan', TR: 'Türkiyə' } });
  });

  it('Kazakh: country names from Birlik, dates in the Russian format', async () => {
    await walk('kk', 'KZ', { heading: '# Қазақстан', search: 'Іздеу', dateLocale: 'ru', countries: { AZ: 'Әзербайжан', 'RU-DA': 'Дағыстан', 'MD-GA': 'Гагаузия (Молдова)' } });
  });

  it('Kyrgyz (Cyrillic) and Uzbek (Latin) are UI languages, their dates through Russian and Turkish', async () => {
    await walk('ky', 'KG', { heading: '# Кыргызстан', search: 'Издөө', dateLocale: 'ru', countries: { KZ: 'Казакстан', UZ: 'Өзбекстан' } });
    await walk('uz', 'UZ', { heading: '# Oʻzbekiston', search: 'Qidiruv', dateLocale: 'tr', countries: { KZ: 'Qozogʻiston', KG: 'Qirgʻiziston' } });
    // Both are offered on the sign-in page.
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(t.url);
    const languages = await page.locator('select option').allInnerTexts();
    expect(languages).toEqual(expect.arrayContaining(['Кыргызча', 'Oʻzbekcha']));
    await ctx.close();
  });

  it('the notifications badge goes when a notice is acknowledged, snippets show no Markdown, and the report header ends at “Sent”', async () => {
    const organizer = await t.user({ role: 'organizer', countryCode: 'TR', locale: 'en' });
    const official = await t.user({ countryCode: 'MN', locale: 'en', displayName: 'Batbayar Dorj' });
    const ctx = await newContext(browser);
    const co = await newContext(browser);
    const page = await signIn(ctx, t, official);
    const po = await signIn(co, t, organizer);
    const notificationsLink = page.getByRole('link', { name: /Notifications/ });
    await notificationsLink.waitFor();
    expect(await notificationsLink.locator('.badge').count()).toBe(0);

    // A mention with Markdown, then a notice to acknowledge: two unread notifications.
    const author = await t.user({ countryCode: 'MN' });
    await api(author.accessToken, 'post', `/channels/${await countryChannelId(author)}/messages`, { clientId: t.unique('md-'), body: '@Batbayar Dorj хурал **15 dekabr**-д, _заавал_ ирнэ үү' });
    await waitForQueuesIdle(t);
    // Delivery held back: the report's header says "Sending" until it is done.
    const queues = t.app.get(JobQueue).allQueues();
    await Promise.all(queues.map((q) => q.pause()));
    let notice: { id: string };
    try {
      notice = await api(organizer.accessToken, 'post', '/notices', {
        title: 'Hesabat',
        body: 'Hesabatı **15 dekabr** tarixinə qədər göndərin.',
        language: 'az',
        priority: 'normal',
        audience: { countryCodes: ['MN'] },
        requiresAck: true,
      });
      await po.goto(`${t.url}/notices/${notice.id}/report`);
      await po.locator('.notice-report-subject').getByText(/· Sending$/).waitFor();
    } finally {
      await Promise.all(queues.map((q) => q.resume()));
    }
    await waitForQueuesIdle(t);
    await notificationsLink.locator('.badge', { hasText: '2' }).waitFor();

    await notificationsLink.click();
    const mention = page.getByTestId('notification').filter({ hasText: 'mentioned you' });
    await mention.waitFor();
    expect(await mention.locator('.inbox-snippet').innerText()).toBe('@Batbayar Dorj хурал 15 dekabr-д, заавал ирнэ үү');
    const noticeItem = page.getByTestId('notification').filter({ hasText: 'Hesabat' });
    expect(await noticeItem.locator('.inbox-snippet').innerText()).toBe('Hesabatı 15 dekabr tarixinə qədər göndərin.');

    // Open the notice from the app (no reload): reading it reads its notification, and the badge follows.
    await page.getByRole('link', { name: 'Notices' }).click();
    await page.getByTestId('notice-item').filter({ hasText: 'Hesabat' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
    await notificationsLink.locator('.badge', { hasText: '1' }).waitFor();
    const unread = (await api(official.accessToken, 'get', '/notifications?unread=true')) as unknown[];
    expect(unread).toHaveLength(1);

    // The report's header caught up with the delivery, without a reload.
    await po.locator('.notice-report-subject').getByText(/· Sent$/).waitFor({ timeout: 20_000 });
    await po.waitForFunction(() => document.querySelector('[data-testid="notice-acked-count"]')?.textContent === '1', undefined, { timeout: 20_000 });
    await ctx.close();
    await co.close();
  });

  it('a forum’s badge clears while the forum is open, and a channel’s member count changes live', async () => {
    const owner = await t.user({ countryCode: 'TR', locale: 'en' });
    const reader = await t.user({ countryCode: 'TR', locale: 'en' });
    const forum = await api(owner.accessToken, 'post', '/channels', { kind: 'forum', name: t.unique('Su yönetimi '), visibility: 'public' });
    const topic = await api(owner.accessToken, 'post', '/channels', { kind: 'topic', name: t.unique('Atık '), visibility: 'public' });
    await api(reader.accessToken, 'post', `/channels/${forum.id}/join`);
    await api(reader.accessToken, 'post', `/channels/${topic.id}/join`);
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, reader);
    const forumLink = page.locator(`.sidebar a[href="/c/${forum.id}"]`);
    await forumLink.waitFor();
    await forumLink.click();
    await page.getByRole('heading', { level: 1, name: forum.name }).waitFor();
    await api(owner.accessToken, 'post', `/channels/${forum.id}/threads`, { clientId: t.unique('th-'), title: 'Sayaç okuma', body: 'Akıllı sayaçlar?', tags: [] });
    // The post arrived (the channel's lastSeq moved) and the open forum was read at once: no badge, and read on the server.
    await page.waitForFunction(async ([id, token]) => {
      const res = await fetch('/api/v1/channels', { headers: { authorization: `Bearer ${token}` } });
      const list = (await res.json()) as { id: string; lastSeq: number; lastReadSeq: number }[];
      const c = list.find((x) => x.id === id);
      return !!c && c.lastSeq > 0 && c.lastReadSeq === c.lastSeq;
    }, [forum.id, reader.accessToken] as const);
    expect(await forumLink.locator('.badge').count()).toBe(0);

    // The topic channel: "2 members", then someone joins and it says 3, live.
    await page.locator(`.sidebar a[href="/c/${topic.id}"]`).click();
    await page.getByText('2 members').waitFor();
    const newcomer = await t.user({ countryCode: 'AZ' });
    await api(newcomer.accessToken, 'post', `/channels/${topic.id}/join`);
    // The event the channels work emits on every change of a channel (published here too, for a server without it).
    t.app.get(RealtimePublisher).toChannel(topic.id, 'channel:updated', { channel: await api(owner.accessToken, 'get', `/channels/${topic.id}`) });
    await page.getByText('3 members').waitFor();
    await ctx.close();
  });

  it('a search hit in a public channel not joined shows the message read-only, with a way to join', async () => {
    const owner = await t.user({ countryCode: 'UZ', locale: 'uz' });
    const reader = await t.user({ countryCode: 'KZ', locale: 'en' });
    const topic = await api(owner.accessToken, 'post', '/channels', { kind: 'topic', name: t.unique('Suv taʼminoti '), visibility: 'public' });
    for (let i = 0; i < 3; i++) await api(owner.accessToken, 'post', `/channels/${topic.id}/messages`, { clientId: t.unique('ctx-'), body: `Kontekst ${i}` });
    const hit = await api(owner.accessToken, 'post', `/channels/${topic.id}/messages`, { clientId: t.unique('hit-'), body: 'Toshkent **suv** quvurlari yangilandi' });
    await api(owner.accessToken, 'post', `/channels/${topic.id}/messages`, { clientId: t.unique('ctx-'), body: 'Keyingi xabar' });
    await waitForQueuesIdle(t);
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, reader);
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('TOSHKENT quvurlari');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await page.getByTestId('search-hit').first().getByRole('link').click();
    await page.waitForURL(`**/c/${topic.id}/m/${hit.id}`);
    await page.getByTestId('public-preview-note').waitFor();
    const shown = page.getByTestId('preview-message');
    const current = page.locator('[data-testid="preview-message"][aria-current="true"]');
    await current.waitFor();
    expect(await current.innerText()).toContain('Toshkent suv quvurlari yangilandi');
    expect(await current.locator('strong', { hasText: 'suv' }).count()).toBe(1);
    expect(await shown.allInnerTexts()).toEqual([expect.stringContaining('Kontekst 0'), expect.stringContaining('Kontekst 1'), expect.stringContaining('Kontekst 2'), expect.stringContaining('Toshkent'), expect.stringContaining('Keyingi xabar')]);
    // Read-only: no composer; joining opens the channel itself.
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await screenshot(page, 'webi18n-public-preview');
    await page.getByRole('button', { name: 'Join channel' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    await ctx.close();
  });

  it('an admin reads the audit log with filters', async () => {
    const admin = await t.admin();
    const someone = await t.user({ countryCode: 'TR', locale: 'en', displayName: 'Audited Person' });
    await t.http().post('/api/v1/auth/login').send({ email: someone.user.email, password: 'wrong-password-1' }).expect(401);
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, admin);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(3);
    // Newest first.
    const times = await page.locator('[data-testid="audit-row"] time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect([...times].sort().reverse()).toEqual(times);

    await page.getByLabel('Action').selectOption('login_failed');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL('**/admin/audit?action=login_failed');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-row"]')].every((r) => r.getAttribute('data-action') === 'login_failed'));
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(await rows.first().innerText()).toContain('Failed sign-in');

    // Today only, then a day before the first event: none.
    const today = await page.evaluate(() => {
      const zone = (JSON.parse(localStorage.getItem('birlik.session')!).user.timeZone as string | null) || Intl.DateTimeFormat().resolvedOptions().timeZone;
      return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    });
    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('From').fill(today);
    await page.getByLabel('Until').fill(today);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`**/admin/audit?from=${today}&to=${today}`);
    await rows.first().waitFor();
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('Until').fill('2020-01-02');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('No audit events match these filters.').waitFor();
    await screenshot(page, 'webi18n-audit');

    // An official has no audit screen.
    const octx = await newContext(browser);
    const op = await signIn(octx, t, someone);
    await op.goto(`${t.url}/admin/audit`);
    await op.getByText('Only administrators can read the audit log.').waitFor();
    await octx.close();
    await ctx.close();
  });

  it('a Kazakh UI shows the error in Kazakh, not the server’s English sentence', async () => {
    const u = await t.user({ countryCode: 'KZ', locale: 'kk' });
    const ctx = await newContext(browser, { locale: 'kk-KZ' });
    const page = await ctx.newPage();
    await page.goto(t.url);
    await page.getByRole('button', { name: 'Кіру' }).waitFor();
    await page.locator('input[type=email]').fill(u.user.email);
    await page.locator('input[type=password]').fill('wrong-password-2');
    await page.locator('button[type=submit]').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(ERROR_TEXTS.kk.invalid_credentials);
    expect(await alert.innerText()).not.toContain(ERROR_CATALOG.invalid_credentials.message);

    // Signed in, an answer refused by the API is in Kazakh too: a private channel this user may not see.
    const owner = await t.user({ countryCode: 'TR' });
    const secret = await api(owner.accessToken, 'post', '/channels', { kind: 'topic', name: t.unique('Gizli '), visibility: 'private' });
    await page.locator('input[type=password]').fill(u.password);
    await page.locator('button[type=submit]').click();
    await page.getByRole('navigation').waitFor();
    await page.evaluate((path) => {
      history.pushState(null, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/c/${secret.id}/m/nothing`);
    const refused = page.getByRole('alert');
    await refused.waitFor();
    const text = await refused.innerText();
    expect([ERROR_TEXTS.kk.channel_not_found, ERROR_TEXTS.kk.not_found]).toContain(text);
    expect(text).not.toMatch(/[A-Za-z]{3}/);
    await ctx.close();
  });
});
