import { MikroORM } from '@mikro-orm/core';
import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { PasswordService } from '../src/accounts/password.service';
import { TestApp, waitForQueuesIdle } from './support/app';
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

  async function signOutHere(page: Page) {
    await page.evaluate(() => localStorage.removeItem('birlik.session'));
    await page.goto(t.url);
  }

  it('forgot password → e-mailed link → new password → signed in; the other browser is signed out at once', async () => {
    const u = await t.user({ displayName: 'Aylin Kaya', locale: 'en' });
    // Another browser, signed in before the reset.
    const otherCtx = await newContext(browser);
    const other = await signIn(otherCtx, t, u);

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(t.url);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(u.user.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(`If ${u.user.email} belongs to an account, a link is on its way.`, { exact: false }).waitFor();
    await screenshot(page, 'accounts-forgot-sent');

    await t.app.get(PasswordService).idle();
    await waitForQueuesIdle(t);
    const mail = await smtp.waitFor((m) => (m.to as { text: string }).text === u.user.email && /\/reset\?token=/.test(m.text ?? ''));
    const link = new URL(/(https?:\/\/\S+\/reset\?token=\S+)/.exec(mail.text!)![1]);
    await page.goto(`${t.url}${link.pathname}${link.search}`);
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
    await page.getByLabel('New password again').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Save the password and sign in' }).click();
    await page.getByRole('navigation').waitFor();
    await screenshot(page, 'accounts-reset-signed-in');

    // The other browser's session ended: its socket was closed and it is back at the sign-in form.
    await other.getByRole('button', { name: 'Sign in' }).waitFor();
    await otherCtx.close();

    // The link works once.
    await page.goto(`${t.url}${link.pathname}${link.search}`);
    await page.getByLabel('New password', { exact: true }).fill('yet-another-password');
    await page.getByLabel('New password again').fill('yet-another-password');
    await page.getByRole('button', { name: 'Save the password and sign in' }).click();
    await page.getByText('This link has already been used. Ask for a new one.').waitFor();

    // Signing in with the new password, through the form.
    await signOutHere(page);
    await page.getByLabel('Email').fill(u.user.email);
    await page.getByLabel('Password').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();
    await ctx.close();
  });

  it('turns on two-factor sign-in in the profile, then signs in with a code and with a recovery code', async () => {
    const u = await t.user({ locale: 'en' });
    const ctx = await newContext(browser);
    const page = await signIn(ctx, t, u);
    await page.goto(`${t.url}/profile`);
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await page.locator('[data-totp-secret]').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.locator('[data-otpauth-url]').getAttribute('href')).toContain(`secret=${secret}`);
    await page.getByLabel('6-digit code').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on', exact: true }).click();
    await page.getByText('Two-factor sign-in is on.').waitFor();
    const codes = (await page.locator('[data-recovery-codes] code').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await screenshot(page, 'accounts-2fa-recovery-codes');
    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await page.locator('[data-two-factor-state=on]').waitFor();

    // Sign in again: the password, then the code.
    await signOutHere(page);
    await page.getByLabel('Email').fill(u.user.email);
    await page.getByLabel('Password').fill(u.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter the 6-digit code from your authenticator app.').waitFor();
    await page.getByLabel('6-digit code').fill('000000' === totp(secret, 1) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That code is wrong or has already been used. Enter the current one.').waitFor();
    await page.getByLabel('6-digit code').fill(totp(secret, 1));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();

    // And with a recovery code instead.
    await signOutHere(page);
    await page.getByLabel('Email').fill(u.user.email);
    await page.getByLabel('Password').fill(u.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').waitFor();
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

