import type { Browser, Page } from 'playwright-core';
import { StartupService } from '../src/startup.service';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { browserAvailable, launch, newContext, screenshot, signIn } from './support/browser';
import { seedMessages } from './support/seed';

const run = browserAvailable() ? describe : describe.skip;

/** The browser app, driven in Debian's Chromium like people use it. */
run('web app in a browser', () => {
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

  /** Signs out by forgetting the session, then signs in through the form in whatever language it shows. */
  async function signInAgain(page: Page, u: Session) {
    await page.evaluate(() => localStorage.removeItem('birlik.session'));
    await page.goto(t.url);
    await page.locator('input[type=email]').fill(u.user.email);
    await page.locator('input[type=password]').fill(u.password);
    await page.locator('button[type=submit]').click();
  }

  async function countryChannelId(token: string): Promise<string> {
    return (await api(token, 'get', '/channels')).find((c: { kind: string }) => c.kind === 'country').id;
  }

  async function api(token: string, method: 'get' | 'post' | 'patch', path: string, body?: object) {
    const req = t.http()[method](`/api/v1${path}`).auth(token, { type: 'bearer' });
    const res = await (body ? req.send(body) : req);
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('creates the first admin through the set-up link printed at start-up, in the browser\'s language', async () => {
    const fresh = await TestApp.start();
    try {
      const link = new URL(fresh.app.get(StartupService).setupLink!);
      const ctx = await newContext(browser, { locale: 'tr-TR' });
      const page = await ctx.newPage();
      await page.goto(`${fresh.url}${link.pathname}${link.search}`);
      await page.getByLabel('E-posta').fill('yonetici@birlik.test');
      await page.getByLabel('Adınız').fill('Yönetici');
      await page.getByLabel('Parola').fill('admin-password-1');
      await page.getByRole('button', { name: 'Yöneticiyi oluştur' }).click();
      await page.getByRole('link', { name: 'Yönetim' }).waitFor();
      await screenshot(page, 'setup-done-tr');
      // Signed in as the admin, whose profile took the language of the set-up page.
      const me = await page.evaluate(() => JSON.parse(localStorage.getItem('birlik.session')!).user);
      expect(me).toMatchObject({ email: 'yonetici@birlik.test', role: 'admin', locale: 'tr-TR' });
      // The link is single-use.
      await ctx.close();
      const again = await fresh.http().post('/api/v1/setup').send({ token: link.searchParams.get('token'), email: 'x@birlik.test', password: 'admin-password-2', displayName: 'X' });
      expect(again.status).toBeGreaterThanOrEqual(400);
    } finally {
      await fresh.close();
    }
  });

  it('serves the app for every app route, and an error body for unknown API routes', async () => {
    for (const path of ['/', '/c/anything', '/setup?token=x', '/register?token=y', '/notices/123']) {
      const res = await t.http().get(path).set('Accept', 'text/html').expect(200);
      expect(res.text).toContain('<div id="app">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec((await t.http().get('/').expect(200)).text)![1];
    const js = await t.http().get(asset).expect(200);
    expect(js.headers['cache-control']).toContain('immutable');
    await t.http().get('/assets/missing.js').expect(404);
    const api404 = await t.http().get('/api/v1/nothing-here').set('Accept', 'text/html').expect(404);
    expect(api404.body).toMatchObject({ statusCode: 404 });
  });

  it('two officials chat live in their country channel: typing, messages, reactions, replies, edit and delete', async () => {
    const member = await t.createMember({ countryCode: 'KZ', name: 'Almaty City Akimat' });
    const aysel = await t.user({ countryCode: 'KZ', memberId: member.id, displayName: 'Aysel Nurlanova', locale: 'en' });
    const bolat = await t.user({ countryCode: 'KZ', memberId: member.id, displayName: 'Bolat Seitkali', locale: 'en' });
    const ca = await newContext(browser);
    const cb = await newContext(browser);
    const pa = await signIn(ca, t, aysel);
    const pb = await signIn(cb, t, bolat);
    // Both land in their country channel.
    await pa.getByRole('heading', { name: /Kazakhstan/ }).waitFor();
    await pb.getByRole('heading', { name: /Kazakhstan/ }).waitFor();

    const box = pa.getByRole('textbox', { name: 'Message' });
    await box.fill('Сәлем! Deprem barınakları hakkında **notlarım** var.');
    await pb.getByText('Aysel Nurlanova is typing…').waitFor();
    await pa.getByRole('button', { name: 'Send' }).click();
    const seen = pb.getByTestId('message-body').filter({ hasText: 'Deprem barınakları' });
    await seen.waitFor();
    expect(await seen.locator('strong').innerText()).toBe('notlarım');

    // B answers with Enter; Arabic text is laid out right-to-left by its own direction.
    const reply = pb.getByRole('textbox', { name: 'Message' });
    await reply.fill('مرحبا بالجميع');
    await reply.press('Enter');
    const arabic = pa.getByTestId('message-body').filter({ hasText: 'مرحبا بالجميع' });
    await arabic.waitFor();
    expect(await arabic.getAttribute('dir')).toBe('auto');
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');

    // Markup in a message is shown as text: no element, no script, no javascript: link.
    await pa.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
    await box.fill('<img src=x onerror="window.pwned=true"> [tıkla](javascript:window.pwned=true) https://ttbb.org.tr');
    await pa.getByRole('button', { name: 'Send' }).click();
    const hostile = pb.getByTestId('message-body').filter({ hasText: '<img src=x' });
    await hostile.waitFor();
    expect(await hostile.locator('img').count()).toBe(0);
    expect(await hostile.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['https://ttbb.org.tr']);
    expect(await pb.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeFalsy();

    // A reaction from B shows on A's screen.
    const first = pb.getByTestId('message').filter({ hasText: 'Deprem barınakları' });
    await first.hover();
    await first.getByRole('button', { name: 'Add reaction' }).click();
    await first.getByRole('button', { name: 'React with 👍' }).click();
    await pa.getByRole('button', { name: '👍 1: toggle my reaction' }).waitFor();

    // A reply in the replies panel reaches A live, and the count shows under the message.
    await first.hover();
    await first.getByRole('button', { name: 'Reply', exact: true }).click();
    const panel = pb.getByRole('complementary');
    await panel.getByRole('textbox', { name: 'Reply' }).fill('Paylaşımın için teşekkürler');
    await panel.getByRole('button', { name: 'Send' }).click();
    await pa.getByRole('button', { name: '1 reply' }).waitFor();
    await screenshot(pb, 'chat-replies');

    // A edits her message, then deletes it.
    const mine = pa.getByTestId('message').filter({ hasText: 'Deprem barınakları' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit' }).click();
    await pa.getByRole('textbox', { name: 'Edit message' }).fill('Deprem barınakları: notlarım ekte.');
    await pa.getByRole('button', { name: 'Save' }).click();
    // B has the replies panel open: the root message shows there and in the list.
    await pb.getByTestId('message-body').filter({ hasText: 'notlarım ekte' }).first().waitFor();
    await pb.getByText('(edited)').first().waitFor();

    pa.once('dialog', (d) => void d.accept());
    const edited = pa.getByTestId('message').filter({ hasText: 'notlarım ekte' });
    await edited.hover();
    await edited.getByRole('button', { name: 'Delete' }).click();
    await pb.getByText('This message was deleted.').first().waitFor();
    await screenshot(pa, 'chat');

    // Keyboard: Alt+↓ / Alt+↑ move between channels in the sidebar's order.
    await pa.locator('body').press('Alt+ArrowDown');
    await pa.getByRole('heading', { level: 1, name: /Announcements/ }).waitFor();
    await pa.locator('body').press('Alt+ArrowUp');
    await pa.getByRole('heading', { level: 1, name: /Kazakhstan/ }).waitFor();
    await ca.close();
    await cb.close();
  });

  it('queues messages typed while offline and sends each once when the connection is back', async () => {
    const member = await t.createMember({ countryCode: 'AZ' });
    const a = await t.user({ countryCode: 'AZ', memberId: member.id, displayName: 'Elvin Məmmədov', locale: 'en' });
    const b = await t.user({ countryCode: 'AZ', memberId: member.id, displayName: 'Günel Əliyeva', locale: 'en' });
    const ca = await newContext(browser);
    const cb = await newContext(browser);
    const pa = await signIn(ca, t, a);
    const pb = await signIn(cb, t, b);
    await pa.getByRole('heading', { name: /Azerbaijan/ }).waitFor();
    await pb.getByRole('heading', { name: /Azerbaijan/ }).waitFor();

    await ca.setOffline(true);
    await pa.locator('[data-connection="reconnecting"]').waitFor({ timeout: 30_000 });
    for (const text of ['Bakı yolu 1', 'Bakı yolu 2']) {
      await pa.getByRole('textbox', { name: 'Message' }).fill(text);
      await pa.getByRole('button', { name: 'Send' }).click();
    }
    expect(await pa.getByTestId('pending-message').count()).toBe(2);
    // Meanwhile B writes and edits; A catches up through sync when back.
    await pb.getByRole('textbox', { name: 'Message' }).fill('Gəncədən salam');
    await pb.getByRole('button', { name: 'Send' }).click();
    await pb.getByTestId('message-body').filter({ hasText: 'Gəncədən salam' }).waitFor();
    await screenshot(pa, 'chat-offline');
    await ca.setOffline(false);
    await pa.getByTestId('message-body').filter({ hasText: 'Gəncədən salam' }).waitFor({ timeout: 30_000 });
    await pb.getByTestId('message-body').filter({ hasText: 'Bakı yolu 2' }).waitFor({ timeout: 30_000 });
    await pa.getByTestId('pending-message').first().waitFor({ state: 'detached' });

    // Stored exactly once each, in the order typed.
    const channelId = await countryChannelId(a.accessToken);
    const history: { body: string }[] = await api(a.accessToken, 'get', `/channels/${channelId}/messages`);
    expect(history.map((m) => m.body).filter((b) => b?.startsWith('Bakı yolu'))).toEqual(['Bakı yolu 1', 'Bakı yolu 2']);
    await ca.close();
    await cb.close();
  });

  it('finds a Cyrillic message from a Latin query, with the match highlighted', async () => {
    const member = await t.createMember({ countryCode: 'KZ' });
    const u = await t.user({ countryCode: 'KZ', memberId: member.id, locale: 'en' });
    const channelId = await countryChannelId(u.accessToken);
    await api(u.accessToken, 'post', `/channels/${channelId}/messages`, { clientId: 'search-1', body: 'Алматы әкімдігі жер сілкінісіне дайындық жоспарын жариялады' });
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, u);
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('Almatı');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    const hit = page.getByTestId('search-hit').first();
    await hit.waitFor();
    expect(await hit.locator('mark').first().innerText()).toBe('Алматы');
    await screenshot(page, 'search');
    await ctx.close();
  });

  it('shows the app in Turkish, Russian, Azerbaijani and Kazakh from the profile, and right-to-left in Arabic and Urdu', async () => {
    const u = await t.user({ countryCode: 'TR', locale: 'tr' });
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, u);
    const expected: Record<string, { send: string; nav: string }> = {
      tr: { send: 'Gönder', nav: 'Bildiriler' },
      ru: { send: 'Отправить', nav: 'Извещения' },
      az: { send: 'Göndər', nav: 'Bildirişlər' },
      kk: { send: 'Жіберу', nav: 'Хабарламалар' },
    };
    for (const [locale, want] of Object.entries(expected)) {
      await api(u.accessToken, 'patch', '/me', { locale });
      await signInAgain(page, u);
      await page.getByRole('button', { name: want.send }).waitFor();
      await page.getByRole('link', { name: want.nav }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
      await screenshot(page, `chat-${locale}`);
    }
    for (const [locale, send] of [
      ['ar', 'إرسال'],
      ['ur', 'بھیجیں'],
    ]) {
      await api(u.accessToken, 'patch', '/me', { locale });
      await signInAgain(page, u);
      await page.getByRole('button', { name: send }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      // Mirrored: the sidebar is on the right.
      const nav = await page.getByRole('navigation').boundingBox();
      expect(nav!.x).toBeGreaterThan(600);
      await screenshot(page, `chat-${locale}-rtl`);
    }
    await ctx.close();
  });

  it('keeps the DOM small in a channel with thousands of messages (virtualized list)', async () => {
    const member = await t.createMember({ countryCode: 'UZ' });
    const u = await t.user({ countryCode: 'UZ', memberId: member.id, locale: 'en' });
    const channelId = await countryChannelId(u.accessToken);
    await seedMessages(t, channelId, u.user.id, 5000);
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, u);
    const list = page.getByTestId('message-list');
    await list.waitFor();
    await page.getByTestId('message-body').filter({ hasText: 'Xabar 5000' }).waitFor();
    // Scroll up through the whole history: older pages load, the DOM stays bounded.
    for (let i = 0; i < 200; i++) {
      await list.evaluate((el) => (el.scrollTop = 0));
      await page.waitForTimeout(50);
      if (await page.getByText('This is the beginning of the channel.').isVisible()) break;
    }
    await page.getByTestId('message-body').filter({ hasText: /^Xabar 1$/ }).waitFor();
    expect(Number(await list.getAttribute('data-rows'))).toBeGreaterThanOrEqual(5000);
    expect(await page.getByTestId('message').count()).toBeLessThan(150);
    await ctx.close();
  });

  it('an organizer sends a notice, an official acknowledges it, and the report shows it', async () => {
    const member = await t.createMember({ countryCode: 'KG', kind: 'municipality', name: 'Bishkek City Hall' });
    const organizer = await t.user({ role: 'organizer', countryCode: 'TR', displayName: 'Organizer Ayşe', locale: 'en' });
    const official = await t.user({ countryCode: 'KG', memberId: member.id, displayName: 'Aibek Toktogulov', locale: 'en' });
    const co = await newContext(browser);
    const cf = await newContext(browser);
    const po = await signIn(co, t, organizer);
    const pf = await signIn(cf, t, official);

    await po.getByRole('link', { name: 'Notices' }).click();
    await screenshot(po, 'notices');
    await po.getByRole('link', { name: 'New notice' }).click();
    await po.getByLabel('Title', { exact: true }).first().fill('Deprem tatbikatı raporu');
    await po.getByLabel('Text', { exact: true }).first().fill('Lütfen tatbikat raporunuzu **cuma** gününe kadar gönderin.');
    await po.getByRole('radio', { name: 'Chosen countries, kinds of member or members' }).check();
    await po.getByRole('checkbox', { name: /Kyrgyzstan/ }).check();
    await screenshot(po, 'notice-composer');
    await po.getByRole('button', { name: 'Send notice' }).click();
    const acked = po.getByTestId('notice-acked-count');
    await acked.waitFor();
    expect(await acked.innerText()).toBe('0');

    await waitForQueuesIdle(t);
    await pf.getByRole('link', { name: 'Notices' }).click();
    await pf.getByTestId('notice-item').filter({ hasText: 'Deprem tatbikatı raporu' }).getByRole('link').click();
    await pf.getByRole('button', { name: 'Acknowledge' }).click();
    await pf.getByRole('button', { name: 'Acknowledge' }).waitFor({ state: 'detached' });
    await screenshot(pf, 'notice-detail');

    await po.waitForFunction(() => document.querySelector('[data-testid="notice-acked-count"]')?.textContent === '1', undefined, { timeout: 20_000 });
    await screenshot(po, 'notice-report');
    await co.close();
    await cf.close();
  });

  it('shares experience in a forum: a new thread, a live reply, marked as the solution', async () => {
    const admin = await t.admin();
    const forum = await api(admin.accessToken, 'post', '/channels', { kind: 'forum', name: 'Deprem hazırlığı', visibility: 'public' });
    const asker = await t.user({ countryCode: 'TR', displayName: 'Selin Kaya', locale: 'en' });
    const helper = await t.user({ countryCode: 'AZ', displayName: 'Rəşad Quliyev', locale: 'en' });
    for (const u of [asker, helper]) await api(u.accessToken, 'post', `/channels/${forum.id}/join`);
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, asker);
    await page.getByRole('link', { name: /Deprem hazırlığı/ }).click();
    await page.getByRole('button', { name: 'New thread' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Deprem barınakları nasıl planlandı?');
    await page.getByLabel('Your question or experience').fill('Şehrinizde **kaç kişilik** barınak planlandı?');
    await page.getByRole('checkbox', { name: 'Disaster and Emergency Management' }).check();
    await page.getByRole('button', { name: 'Post thread' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deprem barınakları nasıl planlandı?' }).waitFor();
    const threadId = page.url().split('/threads/')[1];
    const { thread } = await api(helper.accessToken, 'get', `/threads/${threadId}`);
    const reply = await api(helper.accessToken, 'post', `/channels/${forum.id}/messages`, { clientId: 'forum-1', body: 'Bakıda 5.000 nəfərlik çadır şəhərciyi qurduq.', threadId: thread.rootMessageId });
    const answer = page.getByTestId('message').filter({ hasText: 'çadır şəhərciyi' });
    await answer.waitFor();
    await answer.getByRole('button', { name: 'Mark as solution' }).click();
    await page.getByText('Solved', { exact: true }).first().waitFor();
    expect((await api(asker.accessToken, 'get', `/threads/${threadId}`)).thread).toMatchObject({ status: 'solved', solutionMessageId: reply.id });
    await screenshot(page, 'forum-thread');
    await page.getByRole('link', { name: /Back to/ }).click();
    await page.getByRole('link', { name: 'Deprem barınakları nasıl planlandı?' }).waitFor();
    await screenshot(page, 'forum');
    await ctx.close();
  });

  it('an admin imports members from CSV and invites an official, who registers from the link', async () => {
    const admin = await t.admin();
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, admin);
    await page.goto(`${t.url}/admin/members`);
    const csv = 'name,kind,countryCode,city\nTalas Şəhər Meriyası,municipality,KG,Talas\nBad Line,no_such_kind,KG,Osh\n';
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Created: 1\. Updated: 0\./).waitFor();
    await page.getByRole('cell', { name: '3', exact: true }).waitFor(); // the bad line, by number
    await screenshot(page, 'admin-import');

    await page.getByRole('link', { name: 'Invitations' }).click();
    await page.getByLabel('Email').fill('nurlan@talas.example.kg');
    await page.getByLabel('Find a member').fill('Talas');
    await page.getByRole('combobox', { name: 'Member' }).selectOption({ label: 'Talas Şəhər Meriyası · Talas · Kyrgyzstan' });
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = await page.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(/\/register\?token=/);

    const guest = await newContext(browser, { locale: 'ru-RU' });
    const reg = await guest.newPage();
    await reg.goto(`${t.url}${new URL(link).pathname}${new URL(link).search}`);
    // The browser's language until there is a profile: Russian.
    await reg.getByLabel('Ваше имя').fill('Нурлан Асанов');
    await reg.getByLabel('Пароль').fill('talas-password-1');
    await reg.getByRole('button', { name: 'Создать учётную запись' }).click();
    await reg.getByRole('heading', { level: 1, name: /Киргизия|Кыргызстан/ }).waitFor();
    const me = (await t.http().get('/api/v1/users').auth(admin.accessToken, { type: 'bearer' }).query({ q: 'Нурлан' }).expect(200)).body;
    expect(me).toEqual([expect.objectContaining({ displayName: 'Нурлан Асанов', countryCode: 'KG', locale: expect.stringMatching(/^ru/) })]);
    await ctx.close();
    await guest.close();
  });

  it('takes a screenshot of the other main screens', async () => {
    const admin = await t.admin();
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(t.url);
    await screenshot(page, 'sign-in');
    const p = await signIn(ctx, t, { ...admin, password: admin.password });
    for (const [path, name] of [
      ['/notifications', 'notifications'],
      ['/profile', 'profile'],
      ['/admin/members', 'admin-members'],
      ['/admin/invitations', 'admin-invitations'],
      ['/admin/users', 'admin-users'],
      ['/channels', 'browse-channels'],
    ] as const) {
      await p.goto(`${t.url}${path}`);
      await p.getByRole('heading', { level: 1 }).waitFor();
      await screenshot(p, name);
    }
    await ctx.close();
  });
});
