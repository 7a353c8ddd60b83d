import { MikroORM } from '@mikro-orm/core';
import { authenticator } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PasswordService } from '../src/accounts/password.service';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { browserAvailable, launch, newContext, screenshot, signIn } from './support/browser';
import { TestSmtp } from './support/smtp';

const run = browserAvailable() ? describe : describe.skip;

const totp = (secret: string, steps = 0) => authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);

/** Account recovery and sign-in security in the web app, in Chromium. */
run('accounts in the browser', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await TestApp.start({ SMTP_URL: smtp.url });
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  /** The sign-in form in the page's language (its labels given), as a person would use it. */
  async function signInAs(context: BrowserContext, s: Session, ui: { email: string; password: string; submit: string; nav: string }): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(t.url);
    await page.getByLabel(ui.email, { exact: true }).fill(s.user.email);
    await page.getByLabel(ui.password, { exact: true }).fill(s.password);
    await page.getByRole('button', { name: ui.submit, exact: true }).click();
    await page.getByRole('navigation', { name: ui.nav }).waitFor();
    return page;
  }

  /**
   * The current session's row in the profile: its "signed in" date must be in `dateLocale`'s format (the related
   * language where Chromium has no data for the UI language), not the UI language's own pattern.
   */
  async function currentSessionDate(page: Page, zone: string, ownLocale: string, dateLocale: string): Promise<{ shown: string; related: string }> {
    const row = page.locator('[data-section=sessions] li[data-current]');
    await row.waitFor();
    const createdAt = await page.evaluate(async () => {
      const { accessToken } = JSON.parse(localStorage.getItem('birlik.session')!) as { accessToken: string };
      const res = await fetch('/api/v1/me/sessions', { headers: { authorization: `Bearer ${accessToken}` } });
      return ((await res.json()) as { current: boolean; createdAt: string }[]).find((s) => s.current)!.createdAt;
    });
    const format = (l: string) =>
      page.evaluate(([loc, at, tz]) => new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(new Date(at)), [l, createdAt, zone] as const);
    const related = await format(dateLocale);
    const own = await format(ownLocale);
    const shown = (await row.locator('small').innerText()).trim();
    expect(related).not.toBe(own);
    expect(shown).not.toContain(own);
    expect(shown).not.toMatch(/\bM\d{1,2}\b/);
    return { shown, related };
  }

  const KK = { email: 'Электрондық пошта', password: 'Құпиясөз', submit: 'Кіру', nav: 'Негізгі навигация' };
  const AZ = { email: 'E-poçt', password: 'Parol', submit: 'Daxil ol', nav: 'Əsas naviqasiya' };

  it('a Kazakh official resets a forgotten password from the Kazakh e-mail; her other browser is signed out at once, the old password fails', async () => {
    const zone = 'Asia/Almaty';
    const u = await t.user({ countryCode: 'KZ', locale: 'kk', timeZone: zone, displayName: 'Айгүл Серікова' });
    // Another browser of hers, signed in before the reset.
    const otherCtx = await newContext(browser, { locale: 'kk-KZ', timezoneId: zone });
    const other = await signInAs(otherCtx, u, KK);

    const ctx = await newContext(browser, { locale: 'kk-KZ', timezoneId: zone });
    const page = await ctx.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(t.url);
    await page.getByRole('link', { name: 'Құпиясөзді ұмыттыңыз ба?' }).click();
    await page.getByRole('heading', { name: 'Құпиясөзді қалпына келтіру' }).waitFor();
    await page.getByLabel('Электрондық пошта').fill(u.user.email);
    await page.getByRole('button', { name: 'Сілтемені жіберу' }).click();
    await page.getByText(`Егер ${u.user.email} тіркелгіге тиесілі болса, сілтеме жіберілді.`, { exact: false }).waitFor();
    await screenshot(page, 'accounts-forgot-sent-kk');

    // The e-mail is in Kazakh, with her name.
    await t.app.get(PasswordService).idle();
    await waitForQueuesIdle(t);
    const mail = await smtp.waitFor((m) => (m.to as { text: string }).text === u.user.email && /\/reset\?token=/.test(m.text ?? ''));
    expect(mail.subject).toBe('Birlik құпиясөзін қалпына келтіру');
    expect(mail.text).toContain('Сәлеметсіз бе, Айгүл Серікова!');
    expect(mail.text).toContain('Жаңа құпиясөз таңдаңыз: ');
    const link = new URL(/(https?:\/\/\S+\/reset\?token=\S+)/.exec(mail.text!)![1]);
    await page.goto(`${t.url}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: 'Жаңа құпиясөз таңдаңыз' }).waitFor();
    await page.getByLabel('Жаңа құпиясөз', { exact: true }).fill('a-brand-new-password');
    await page.getByLabel('Жаңа құпиясөз (қайта)').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Құпиясөзді сақтап, кіру' }).click();
    await page.getByRole('navigation', { name: KK.nav }).waitFor();
    // Her country by Birlik's own Kazakh name, in the sidebar.
    expect((await page.locator('.sidebar a[data-channel-kind=country] .name').first().innerText()).trim()).toBe('Қазақстан');
    await screenshot(page, 'accounts-reset-signed-in-kk');

    // The other browser's session ended: its socket was closed and it is back at the sign-in form.
    await other.getByRole('button', { name: 'Кіру', exact: true }).waitFor();
    await otherCtx.close();

    // The profile: the country in Kazakh; one session left (this one: the registration's and the other browser's
    // ended), its date in the Russian format where Chromium has no Kazakh data.
    await page.getByRole('link', { name: 'Профиль', exact: true }).click();
    const facts = page.locator('dl.card');
    await facts.getByText('Қазақстан', { exact: true }).waitFor();
    const { shown, related } = await currentSessionDate(page, zone, 'kk', 'ru');
    expect(shown).toContain(`кірген уақыты ${related}`);
    expect(await page.locator('[data-section=sessions] li[data-session]').count()).toBe(1);
    // Kyrgyz and Uzbek are offered once, as UI languages (not again under "interface in English").
    const languages = await page.getByLabel('Тіл', { exact: true }).locator('option').allInnerTexts();
    expect(languages.filter((l) => l === 'Кыргызча' || l === 'Oʻzbekcha')).toEqual(['Кыргызча', 'Oʻzbekcha']);
    expect(new Set(languages).size).toBe(languages.length);
    expect(await page.getByLabel('Тіл', { exact: true }).locator('option[value=ky], option[value=uz]').count()).toBe(2);
    await screenshot(page, 'accounts-reset-profile-kk');

    // The link works once.
    await page.goto(`${t.url}${link.pathname}${link.search}`);
    await page.getByLabel('Жаңа құпиясөз', { exact: true }).fill('yet-another-password');
    await page.getByLabel('Жаңа құпиясөз (қайта)').fill('yet-another-password');
    await page.getByRole('button', { name: 'Құпиясөзді сақтап, кіру' }).click();
    await page.getByText('Бұл сілтеме бұрын пайдаланылған. Жаңасын сұраңыз.').waitFor();

    // Signed out: the old password no longer works, the new one does.
    await page.goto(t.url);
    await page.getByRole('button', { name: 'Шығу', exact: true }).click();
    await page.getByLabel(KK.email, { exact: true }).fill(u.user.email);
    await page.getByLabel(KK.password, { exact: true }).fill(u.password);
    await page.getByRole('button', { name: KK.submit, exact: true }).click();
    await page.getByRole('alert').getByText('Электрондық пошта мекенжайы немесе құпиясөз қате.').waitFor();
    await page.getByLabel(KK.password, { exact: true }).fill('a-brand-new-password');
    await page.getByRole('button', { name: KK.submit, exact: true }).click();
    await page.getByRole('navigation', { name: KK.nav }).waitFor();
    await ctx.close();
  });

  it('an Azerbaijani organizer turns on two-factor sign-in in the profile, then signs in with a code and with a recovery code', async () => {
    const zone = 'Asia/Baku';
    const u = await t.user({ role: 'organizer', countryCode: 'AZ', locale: 'az', timeZone: zone });
    const ctx = await newContext(browser, { locale: 'az-AZ', timezoneId: zone });
    const page = await signInAs(ctx, u, AZ);
    await page.getByRole('link', { name: 'Profil', exact: true }).click();
    await page.getByRole('heading', { name: 'İki mərhələli giriş' }).waitFor();
    await page.getByRole('button', { name: 'İki mərhələli girişi qur' }).click();
    const secret = (await page.locator('[data-totp-secret]').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.locator('[data-otpauth-url]').getAttribute('href')).toContain(`secret=${secret}`);
    await page.getByLabel('6 rəqəmli kod').fill(totp(secret));
    await page.getByRole('button', { name: 'Yandır', exact: true }).click();
    await page.getByText('İki mərhələli giriş yandırıldı.').waitFor();
    const codes = (await page.locator('[data-recovery-codes] code').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await screenshot(page, 'accounts-2fa-recovery-codes-az');
    await page.getByRole('button', { name: 'Kodları saxladım' }).click();
    await page.locator('[data-two-factor-state=on]').getByText('Yandırılıb: giriş üçün parolunuz və autentifikator tətbiqindən kod lazımdır.').waitFor();

    // Signed out from the sidebar, then in again: the password, then the code (a wrong one first).
    await page.getByRole('button', { name: 'Çıxış', exact: true }).click();
    await page.getByLabel(AZ.email, { exact: true }).fill(u.user.email);
    await page.getByLabel(AZ.password, { exact: true }).fill(u.password);
    await page.getByRole('button', { name: AZ.submit, exact: true }).click();
    await page.getByText('Autentifikator tətbiqinizdəki 6 rəqəmli kodu daxil edin.').waitFor();
    await page.getByLabel('6 rəqəmli kod').fill('000000' === totp(secret, 1) ? '111111' : '000000');
    await page.getByRole('button', { name: AZ.submit, exact: true }).click();
    await page.getByRole('alert').getByText('Kod yanlışdır və ya artıq istifadə olunub. Cari kodu daxil edin.').waitFor();
    await page.getByLabel('6 rəqəmli kod').fill(totp(secret, 1));
    await page.getByRole('button', { name: AZ.submit, exact: true }).click();
    await page.getByRole('navigation', { name: AZ.nav }).waitFor();

    // And with a recovery code instead.
    await page.getByRole('button', { name: 'Çıxış', exact: true }).click();
    await page.getByLabel(AZ.email, { exact: true }).fill(u.user.email);
    await page.getByLabel(AZ.password, { exact: true }).fill(u.password);
    await page.getByRole('button', { name: AZ.submit, exact: true }).click();
    await page.getByRole('button', { name: 'Əvəzinə bərpa kodundan istifadə et' }).click();
    await page.getByText('Bərpa kodlarınızdan birini daxil edin. Hər biri bir dəfə işləyir.').waitFor();
    await page.getByLabel('Bərpa kodu').fill(codes[0]);
    await page.getByRole('button', { name: AZ.submit, exact: true }).click();
    await page.getByRole('navigation', { name: AZ.nav }).waitFor();
    // Her country by Birlik's own Azerbaijani name, in the sidebar and the profile; the session's date in the
    // Turkish format where Chromium has no Azerbaijani data.
    expect((await page.locator('.sidebar a[data-channel-kind=country] .name').first().innerText()).trim()).toBe('Azərbaycan');
    await page.getByRole('link', { name: 'Profil', exact: true }).click();
    await page.locator('dl.card').getByText('Azərbaycan', { exact: true }).waitFor();
    await page.locator('dl.card').getByText('Təşkilatçı', { exact: true }).waitFor();
    const { shown, related } = await currentSessionDate(page, zone, 'az', 'tr');
    expect(shown).toContain(`giriş ${related}`);
    await page.locator('[data-two-factor-state=on]').waitFor();
    await screenshot(page, 'accounts-2fa-profile-az');
    await ctx.close();
  });

  it('lists my sessions and signs another device out at once', async () => {
    const u = await t.user({ locale: 'en' });
    const otherCtx = await newContext(browser);
    const other = await signIn(otherCtx, t, u);
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, u);
    await page.goto(`${t.url}/profile`);
    const rowsAre = (n: number) => page.waitForFunction((count) => document.querySelectorAll('[data-section=sessions] li[data-session]').length === count, n);
    await page.locator('[data-section=sessions] li[data-current]').waitFor();
    // The session of the registration (t.user()) and the two browsers.
    await rowsAre(3);
    await screenshot(page, 'accounts-sessions');
    // Sign out every other session, one by one; this one stays.
    for (const left of [2, 1]) {
      await page.locator('[data-section=sessions] li[data-session]:not([data-current])').first().getByRole('button', { name: 'Sign out' }).click();
      await rowsAre(left);
    }
    await other.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${t.url}/profile`);
    await page.locator('[data-section=sessions] li[data-current]').waitFor();
    await otherCtx.close();
    await ctx.close();
  });

  it('manages invitations; the registration page shows who invited whom, and says plainly when a link is revoked or expired', async () => {
    const organizer = await t.user({ role: 'organizer', displayName: 'Gülnar Əliyeva', locale: 'en' });
    const member = await t.createMember({ countryCode: 'KZ', name: t.unique('Шымкент әкімдігі ') });
    const invite = async (email: string) => ({
      email,
      ...(await t.http().post('/api/v1/invitations').auth(organizer.accessToken, { type: 'bearer' }).send({ email, memberId: member.id, role: 'official' }).expect(201)).body,
    });
    const live = await invite(`${t.unique('live')}@birlik.test`);
    const revoked = await invite(`${t.unique('revoked')}@birlik.test`);
    const expired = await invite(`${t.unique('expired')}@birlik.test`);
    await t.app.get(MikroORM).em.fork().getConnection().execute('update invitations set expires_at = ? where id = ?', [new Date(Date.now() - 1000), expired.id]);

    // The organizer revokes one in the admin screen.
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, organizer);
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${t.url}/admin/invitations`);
    const list = page.locator('[data-invitation-list]');
    await list.locator(`tr[data-invitation-id="${revoked.id}"]`).waitFor();
    await list.locator(`tr[data-invitation-id="${revoked.id}"]`).getByRole('button', { name: 'Revoke' }).click();
    await list.locator(`tr[data-invitation-id="${revoked.id}"]`).waitFor({ state: 'detached' });
    await page.getByLabel('Show').selectOption('revoked');
    await list.locator(`tr[data-invitation-id="${revoked.id}"][data-status=revoked]`).waitFor();
    await page.getByLabel('Show').selectOption('expired');
    const expiredRow = list.locator(`tr[data-invitation-id="${expired.id}"]`);
    await expiredRow.waitFor();
    await screenshot(page, 'accounts-invitations-expired');
    // Sending an expired one again makes a new link that works.
    await expiredRow.getByRole('button', { name: 'Send again' }).click();
    const newUrl = await page.locator('[data-invitation-list] input[readonly]').inputValue();
    expect(newUrl).toMatch(/\/register\?token=/);
    await page.getByLabel('Show').selectOption('pending');
    await list.locator(`tr[data-invitation-id="${expired.id}"][data-status=pending]`).waitFor();
    await ctx.close();

    // The invitee, in Kazakh: what the link is for, then plain words for links that no longer work.
    const kk = await newContext(browser, { locale: 'kk-KZ', timezoneId: 'Asia/Almaty' });
    const guest = await kk.newPage();
    await guest.goto(`${t.url}/register?token=${encodeURIComponent(live.token)}`);
    const summary = guest.locator('[data-invitation]');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(member.name);
    expect(await summary.textContent()).toContain('Gülnar Əliyeva');
    expect(await summary.textContent()).toContain(live.email);
    await guest.getByText('Шақырған').waitFor();
    await screenshot(guest, 'accounts-register-kk');

    await guest.goto(`${t.url}/register?token=${encodeURIComponent(revoked.token)}`);
    await guest.getByText('Бұл шақыру кері қайтарылды.', { exact: false }).waitFor();
    expect(await guest.locator('input[type=password]').count()).toBe(0);
    await guest.goto(`${t.url}/register?token=${encodeURIComponent(expired.token)}`);
    await guest.locator('[data-invitation-invalid=unknown]').waitFor(); // replaced by the resent link
    await guest.goto(`${t.url}${new URL(newUrl).pathname}${new URL(newUrl).search}`);
    await guest.locator('[data-invitation]').waitFor();
    await kk.close();
  });
});

