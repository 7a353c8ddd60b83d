import type { Browser, Page } from 'playwright-core';
import { TestApp, waitForQueuesIdle } from './support/app';
import { browserAvailable, launch, newContext, screenshot, signIn } from './support/browser';

const run = browserAvailable() ? describe : describe.skip;

/**
 * Notices in a browser: the composer shows whom a country-targeted notice reaches before it is sent, and a Kazakh
 * official's web app never shows a notice meant for Azerbaijan (announcement channel, inbox, notices, search),
 * while a notice to everyone reaches the same open page.
 */
run('notices in a browser', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await TestApp.start();
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function api(token: string, method: 'get' | 'post', path: string, body?: object) {
    const req = t.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
    const res = await (body ? req.send(body) : req);
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The search page of `page`: searches `q` and waits until the answer is shown (hits or none). */
  async function search(page: Page, q: string): Promise<string[]> {
    await page.locator('nav a[href="/search"]').click();
    const box = page.locator('form[role="search"] input[type="search"]');
    await box.fill(q);
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/search?') && new URL(r.url()).searchParams.get('q') === q);
    await box.press('Enter');
    expect((await answered).status()).toBe(200);
    await page.locator('ol.search-hits[aria-busy="false"]').waitFor({ state: 'attached' });
    return page.getByTestId('search-hit').allInnerTexts();
  }

  it('the composer shows whom the audience reaches; a Kazakh official never sees a notice for Azerbaijan', async () => {
    const baku = await t.createMember({ countryCode: 'AZ', kind: 'municipality', name: 'Bakı Şəhər İcra Hakimiyyəti' });
    const ganja = await t.createMember({ countryCode: 'AZ', kind: 'municipality', name: 'Gəncə Bələdiyyəsi' });
    const organizer = await t.user({ role: 'organizer', countryCode: 'TR', displayName: 'Organizer Ayşe', locale: 'en' });
    const azOfficial = await t.user({ memberId: baku.id, displayName: 'Leyla Məmmədova', locale: 'az' });
    await t.user({ memberId: baku.id, displayName: 'Tural Əliyev', locale: 'az' });
    await t.user({ memberId: ganja.id, displayName: 'Nigar Həsənova', locale: 'az' });
    const kz = await t.user({ countryCode: 'KZ', displayName: 'Айгүл Сейітова', locale: 'kk' });

    // The Kazakh official has the app open in the announcement channel while the notices go out.
    const ck = await newContext(browser, { timezoneId: 'Asia/Almaty' });
    const pk = await signIn(ck, t, kz);
    await pk.locator('a[data-channel-kind="announcement"]').click();
    await pk.waitForURL('**/c/**');

    // The organizer composes a notice for Azerbaijan and sees whom it reaches before sending.
    const co = await newContext(browser);
    const po = await signIn(co, t, organizer);
    await po.getByRole('link', { name: 'Notices' }).click();
    await po.getByRole('link', { name: 'New notice' }).click();
    const reach = po.getByRole('region', { name: 'Who receives it now' });
    // Everyone is the default: the whole union (the organizer, four officials and the admin).
    await po.locator('section.notice-reach[data-reach="ready"]').waitFor();
    expect(Number(await reach.locator('[data-reach-officials]').innerText())).toBe(6);
    await po.getByLabel('Title', { exact: true }).first().fill('Bələdiyyə seçkiləri: gizli gündəm');
    await po.getByLabel('Text', { exact: true }).first().fill('Yalnız **Azərbaycan** üçün: qapalı iclasın gündəmi.');
    await po.getByRole('radio', { name: 'Chosen countries, kinds of member or members' }).check();
    await reach.getByText('Choose countries, kinds of member or members to see who receives it.').waitFor();
    await po.getByRole('checkbox', { name: 'Azerbaijan', exact: true }).check();
    const azRow = reach.locator('tr[data-country="AZ"]');
    await azRow.waitFor();
    expect(await reach.locator('[data-reach-officials]').innerText()).toBe('3');
    expect(await reach.locator('[data-reach-members]').innerText()).toBe('2');
    expect((await azRow.locator('th, td').allInnerTexts()).map((s) => s.trim())).toEqual(['Azerbaijan', '3', '2']);
    expect(await reach.locator('tbody tr').count()).toBe(1);
    // Adding Kazakhstan adds its row, live; taking it away again leaves Azerbaijan alone.
    await po.getByRole('checkbox', { name: 'Kazakhstan', exact: true }).check();
    await reach.locator('tr[data-country="KZ"]').waitFor();
    expect(await reach.locator('[data-reach-officials]').innerText()).toBe('4');
    await po.getByRole('checkbox', { name: 'Kazakhstan', exact: true }).uncheck();
    await reach.locator('tr[data-country="KZ"]').waitFor({ state: 'detached' });
    expect(await reach.locator('[data-reach-officials]').innerText()).toBe('3');
    await reach.scrollIntoViewIfNeeded();
    await screenshot(po, 'notice-composer-reach');
    await po.getByRole('button', { name: 'Send notice' }).click();
    await po.getByTestId('notice-acked-count').waitFor();
    await waitForQueuesIdle(t);

    // Then a notice to everyone: it reaches the Kazakh official's open page, so that page is live and listening.
    await api(organizer.accessToken, 'post', '/notices', { title: 'Hamma üçün: yeni il təbriki', body: 'Ümumi elan', priority: 'normal', audience: { all: true }, requiresAck: false });
    await waitForQueuesIdle(t);
    await pk.getByTestId('message-body').filter({ hasText: 'Hamma üçün: yeni il təbriki' }).waitFor();
    const shownInChannel = await pk.getByTestId('message-body').allInnerTexts();
    expect(shownInChannel.some((b) => b.includes('gizli gündəm') || b.includes('qapalı iclas'))).toBe(false);

    // Inbox: the notice to everyone, not the one for Azerbaijan.
    await pk.locator('nav a[href="/notifications"]').click();
    await pk.getByTestId('notification').filter({ hasText: 'Hamma üçün' }).waitFor();
    expect((await pk.getByTestId('notification').allInnerTexts()).some((n) => n.includes('gizli gündəm'))).toBe(false);

    // Notices: the same.
    await pk.locator('nav a[href="/notices"]').click();
    await pk.getByTestId('notice-item').filter({ hasText: 'Hamma üçün' }).waitFor();
    expect((await pk.getByTestId('notice-item').allInnerTexts()).some((n) => n.includes('gizli gündəm'))).toBe(false);

    // Search finds the notice to everyone, never the one for Azerbaijan.
    expect(await search(pk, 'təbriki')).toEqual([expect.stringContaining('təbriki')]);
    expect(await search(pk, 'gizli gündəm')).toEqual([]);
    expect(await search(pk, 'qapalı iclasın')).toEqual([]);
    await screenshot(pk, 'notice-kk-search-nothing');

    // Opening it by address answers "not found", and shows nothing of it.
    const targeted = ((await api(organizer.accessToken, 'get', '/notices')) as { id: string; title: string }[]).find((n) => n.title.includes('gizli gündəm'))!;
    await pk.goto(`${t.url}/notices/${targeted.id}`);
    await pk.getByRole('alert').waitFor();
    expect(await pk.locator('main').innerText()).not.toContain('gizli gündəm');

    // The Azerbaijani official does get it.
    const ca = await newContext(browser, { timezoneId: 'Asia/Baku' });
    const pa = await signIn(ca, t, azOfficial);
    await pa.locator('nav a[href="/notices"]').click();
    await pa.getByTestId('notice-item').filter({ hasText: 'gizli gündəm' }).waitFor();

    await ca.close();
    await co.close();
    await ck.close();
  });
});
