import { MikroORM } from '@mikro-orm/core';
import { createHash } from 'node:crypto';
import { PasswordService } from '../src/accounts/password.service';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { TestSmtp } from './support/smtp';
import { connect, type Client } from './support/sockets';

const PUBLIC_URL = 'https://birlik.example.org';

function sql(t: TestApp, query: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return t.app.get(MikroORM).em.fork().getConnection().execute(query, params);
}

const auth = (s: { accessToken: string }) => ({ Authorization: `Bearer ${s.accessToken}` });

async function login(t: TestApp, email: string, password: string): Promise<Session> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { ...res.body, password };
}

/** Every reset e-mail asked for is queued and every queued e-mail sent. */
async function settled(t: TestApp): Promise<void> {
  await t.app.get(PasswordService).idle();
  await waitForQueuesIdle(t);
}

function tokenFrom(text: string | undefined): string {
  const m = /\/reset\?token=([A-Za-z0-9_%-]+)/.exec(text ?? '');
  if (!m) throw new Error(`no reset link in: ${text}`);
  return decodeURIComponent(m[1]);
}

const isReset = (m: { text?: string }) => /\/reset\?token=/.test(m.text ?? '');
const recipient = (m: { to?: unknown }) => (m.to as { text: string }).text;

const gone = (s: Client) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

describe('password reset by e-mail', () => {
  let t: TestApp;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await TestApp.start({ SMTP_URL: smtp.url, PUBLIC_URL });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  async function requestLink(email: string): Promise<string> {
    const before = smtp.messages.length;
    await t.http().post('/api/v1/auth/password/forgot').send({ email }).expect(204);
    await settled(t);
    const mail = smtp.messages.slice(before).find((m) => recipient(m) === email && isReset(m));
    if (!mail) throw new Error(`no reset e-mail to ${email}`);
    return tokenFrom(mail.text);
  }

  it('e-mails a single-use link in the user’s language and stores only a hash of its token', async () => {
    const u = await t.user({ countryCode: 'KZ', locale: 'kk-KZ', displayName: 'Айгерим' });
    await t.http().post('/api/v1/auth/password/forgot').send({ email: u.user.email.toUpperCase() }).expect(204);
    await settled(t);
    const mail = await smtp.waitFor((m) => (m.to as { text: string }).text === u.user.email && /reset\?token=/.test(m.text ?? ''));
    expect(mail.subject).toBe('Birlik құпиясөзін қалпына келтіру');
    expect(mail.text).toContain('Айгерим');
    const token = tokenFrom(mail.text);
    expect(mail.text).toContain(`${PUBLIC_URL}/reset?token=${encodeURIComponent(token)}`);

    const rows = await sql(t, 'select token_hash, expires_at, used_at, created_at from password_resets where user_id = ?', [u.user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    const ttl = new Date(rows[0].expires_at as string).getTime() - new Date(rows[0].created_at as string).getTime();
    expect(Math.round(ttl / 60_000)).toBe(60);

    const audit = await t.http().get('/api/v1/audit').query({ action: 'password_reset_requested', targetId: u.user.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toHaveLength(1);
  });

  it('writes in Kyrgyz and Uzbek too, and falls back to a related language', async () => {
    const ky = await t.user({ countryCode: 'KG', locale: 'ky' });
    const uz = await t.user({ countryCode: 'UZ', locale: 'uz-Latn' });
    const tt = await t.user({ countryCode: 'RU-BA', locale: 'ba' }); // Bashkir: no e-mail texts, Russian is next
    for (const u of [ky, uz, tt]) await t.http().post('/api/v1/auth/password/forgot').send({ email: u.user.email }).expect(204);
    await settled(t);
    const subjectTo = (email: string) => smtp.messages.find((m) => recipient(m) === email && isReset(m))?.subject;
    expect(subjectTo(ky.user.email)).toBe('Birlik сырсөзүн калыбына келтирүү');
    expect(subjectTo(uz.user.email)).toBe('Birlik parolingizni tiklash');
    expect(subjectTo(tt.user.email)).toBe('Сброс пароля Birlik');
  });

  it('gives unknown and deactivated addresses the same answer and no e-mail', async () => {
    const known = await t.user();
    const off = await t.user();
    await t.http().patch(`/api/v1/users/${off.user.id}`).set(auth(await t.admin())).send({ deactivated: true }).expect(200);
    const unknownEmail = `${t.unique('nobody')}@nowhere.test`;
    const answers = [];
    for (const email of [known.user.email, unknownEmail, off.user.email]) {
      const res = await t.http().post('/api/v1/auth/password/forgot').send({ email });
      answers.push({ status: res.status, body: res.body, text: res.text, type: res.headers['content-type'] ?? null });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0].status).toBe(204);
    await settled(t);
    const to = smtp.messages.filter(isReset).map(recipient);
    expect(to).toContain(known.user.email);
    expect(to).not.toContain(unknownEmail);
    expect(to).not.toContain(off.user.email);
    expect(await sql(t, 'select id from password_resets where user_id = ?', [off.user.id])).toHaveLength(0);
  });

  it('rejects bad input naming the field', async () => {
    const missing = await t.http().post('/api/v1/auth/password/forgot').send({}).expect(400);
    expect(missing.body.message.join(' ')).toMatch(/email/);
    const notEmail = await t.http().post('/api/v1/auth/password/forgot').send({ email: 'not-an-address' }).expect(400);
    expect(notEmail.body.message.join(' ')).toMatch(/email/);
    const extra = await t.http().post('/api/v1/auth/password/forgot').send({ email: 'a@b.test', admin: true }).expect(400);
    expect(extra.body.message.join(' ')).toMatch(/admin/);

    const u = await t.user();
    const token = await requestLink(u.user.email);
    const short = await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'short' }).expect(400);
    expect(short.body.message.join(' ')).toMatch(/password/);
    const noToken = await t.http().post('/api/v1/auth/password/reset').send({ password: 'a-long-new-password' }).expect(400);
    expect(noToken.body.message.join(' ')).toMatch(/token/);
    // Nothing was used up: the link still works, and the old password still did until then.
    await login(t, u.user.email, u.password);
    await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'a-long-new-password' }).expect(200);
  });

  it('resets the password, signs in, and ends every other session at once (refresh tokens and sockets)', async () => {
    const u = await t.user();
    const other = await login(t, u.user.email, u.password);
    const sockets = [await connect(t.url, u.accessToken), await connect(t.url, other.accessToken)];
    const closed = sockets.map(gone);
    const token = await requestLink(u.user.email);

    const res = await t.http().post('/api/v1/auth/password/reset').set('User-Agent', 'reset-browser/1').send({ token, password: 'brand-new-password-1' }).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      user: expect.objectContaining({ id: u.user.id, email: u.user.email }),
      twoFactorSetupRequired: false,
    });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    for (const old of [u, other]) {
      await t.http().get('/api/v1/me').set(auth(old)).expect(401);
      const refresh = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: old.refreshToken }).expect(401);
      expect(refresh.body.code).toBe('invalid_refresh_token');
    }
    // The new session works, over HTTP and sockets, and is the only one left.
    await t.http().get('/api/v1/me').set(auth(res.body)).expect(200);
    const fresh = await connect(t.url, res.body.accessToken);
    fresh.close();
    const sessions = await t.http().get('/api/v1/me/sessions').set(auth(res.body)).expect(200);
    expect(sessions.body).toEqual([expect.objectContaining({ current: true, userAgent: 'reset-browser/1' })]);

    const wrong = await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    await login(t, u.user.email, 'brand-new-password-1');

    const audit = await t.http().get('/api/v1/audit').query({ action: 'password_reset', targetId: u.user.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toEqual([expect.objectContaining({ actorId: u.user.id, details: { sessionsEnded: 2 } })]);
  });

  it('refuses a reused, an expired and a forged token, each with its own code, creating no session', async () => {
    const u = await t.user();
    const sessionsNow = async () => Number((await sql(t, 'select count(*) as n from sessions where user_id = ?', [u.user.id]))[0].n);

    const used = await requestLink(u.user.email);
    await t.http().post('/api/v1/auth/password/reset').send({ token: used, password: 'first-new-password' }).expect(200);
    const before = await sessionsNow();
    const again = await t.http().post('/api/v1/auth/password/reset').send({ token: used, password: 'second-new-password' }).expect(400);
    expect(again.body).toMatchObject({ statusCode: 400, code: 'reset_token_used' });

    const expired = await requestLink(u.user.email);
    await sql(t, 'update password_resets set expires_at = ? where token_hash = ?', [new Date(Date.now() - 1000), createHash('sha256').update(expired).digest('hex')]);
    const late = await t.http().post('/api/v1/auth/password/reset').send({ token: expired, password: 'second-new-password' }).expect(400);
    expect(late.body).toMatchObject({ statusCode: 400, code: 'reset_token_expired' });

    const forged = await t.http().post('/api/v1/auth/password/reset').send({ token: 'A'.repeat(43), password: 'second-new-password' }).expect(400);
    expect(forged.body).toMatchObject({ statusCode: 400, code: 'reset_token_invalid' });

    expect(await sessionsNow()).toBe(before);
    await login(t, u.user.email, 'first-new-password');
    await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: 'second-new-password' }).expect(401);
  });

  it('a reset ends the links sent before it; a password change ends outstanding links too', async () => {
    const u = await t.user();
    const first = await requestLink(u.user.email);
    const second = await requestLink(u.user.email);
    await t.http().post('/api/v1/auth/password/reset').send({ token: second, password: 'from-the-second-link' }).expect(200);
    const stale = await t.http().post('/api/v1/auth/password/reset').send({ token: first, password: 'from-the-first-link' }).expect(400);
    expect(stale.body.code).toBe('reset_token_used');

    const third = await requestLink(u.user.email);
    const s = await login(t, u.user.email, 'from-the-second-link');
    await t.http().post('/api/v1/me/password').set(auth(s)).send({ currentPassword: 'from-the-second-link', newPassword: 'changed-in-profile' }).expect(204);
    const afterChange = await t.http().post('/api/v1/auth/password/reset').send({ token: third, password: 'from-the-third-link' }).expect(400);
    expect(afterChange.body.code).toBe('reset_token_used');
  });
});

describe('changing the password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  it('needs the current password; ends every other session (sockets too) and keeps this one', async () => {
    const u = await t.user();
    const other = await login(t, u.user.email, u.password);
    const mine = await connect(t.url, u.accessToken);
    const theirs = await connect(t.url, other.accessToken);
    const theirsGone = gone(theirs);
    let mineGone = false;
    mine.on('disconnect', () => (mineGone = true));

    const wrong = await t.http().post('/api/v1/me/password').set(auth(u)).send({ currentPassword: 'not-my-password', newPassword: 'a-new-password-1' }).expect(400);
    expect(wrong.body).toMatchObject({ code: 'wrong_password', message: expect.stringMatching(/currentPassword/) });
    const short = await t.http().post('/api/v1/me/password').set(auth(u)).send({ currentPassword: u.password, newPassword: 'short' }).expect(400);
    expect(short.body.message.join(' ')).toMatch(/newPassword/);
    const missing = await t.http().post('/api/v1/me/password').set(auth(u)).send({ newPassword: 'a-new-password-1' }).expect(400);
    expect(missing.body.message.join(' ')).toMatch(/currentPassword/);
    // None of that changed anything.
    await t.http().get('/api/v1/me').set(auth(other)).expect(200);
    await login(t, u.user.email, u.password);

    await t.http().post('/api/v1/me/password').set(auth(u)).send({ currentPassword: u.password, newPassword: 'a-new-password-1' }).expect(204);
    expect(await theirsGone).toBe('io server disconnect');
    await t.http().get('/api/v1/me').set(auth(other)).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);

    // This session stays: HTTP, refresh and its socket.
    await t.http().get('/api/v1/me').set(auth(u)).expect(200);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
    const ping = await mine.timeout(5000).emitWithAck('presence:set', { status: 'away' });
    expect(ping).toMatchObject({ ok: true });
    expect(mineGone).toBe(false);
    mine.close();

    await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(401);
    await login(t, u.user.email, 'a-new-password-1');
    const audit = await t.http().get('/api/v1/audit').query({ action: 'password_changed', targetId: u.user.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toEqual([expect.objectContaining({ details: { sessionsEnded: 2 } })]);
  });

  it('counts wrong current passwords as failed logins', async () => {
    const u = await t.user();
    for (let i = 0; i < 5; i++) {
      await t.http().post('/api/v1/me/password').set(auth(u)).send({ currentPassword: `wrong-${i}-password`, newPassword: 'a-new-password-1' }).expect(400);
    }
    const locked = await t.http().post('/api/v1/me/password').set(auth(u)).send({ currentPassword: u.password, newPassword: 'a-new-password-1' }).expect(429);
    expect(locked.body.code).toBe('login_throttled');
    const loginToo = await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(429);
    expect(Number(loginToo.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('password reset throttles', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await TestApp.start({
      SMTP_URL: smtp.url,
      PASSWORD_RESET_MAX_PER_ADDRESS: '2',
      PASSWORD_RESET_MAX_PER_IP: '6',
      LOGIN_MAX_ATTEMPTS_PER_IP: '8',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('limits requests per address, the same for known and unknown addresses', async () => {
    const u = await t.user();
    const unknown = `${t.unique('ghost')}@nowhere.test`;
    const statuses = (email: string) =>
      Promise.all([0, 1, 2].map(() => t.http().post('/api/v1/auth/password/forgot').send({ email }))).then((rs) =>
        rs.map((r) => [r.status, r.body.code ?? null]),
      );
    const known = (await statuses(u.user.email)).sort();
    const ghost = (await statuses(unknown)).sort();
    expect(known).toEqual([[204, null], [204, null], [429, 'reset_throttled']]);
    expect(ghost).toEqual(known);
    await settled(t);
    expect(smtp.messages.filter((m) => recipient(m) === u.user.email && isReset(m))).toHaveLength(2);
  });

  it('limits requests per IP across addresses', async () => {
    // 6 per IP: the previous test used 6 already, so every further address is refused.
    const res = await t.http().post('/api/v1/auth/password/forgot').send({ email: `${t.unique('fresh')}@nowhere.test` }).expect(429);
    expect(res.body.code).toBe('reset_throttled');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('guessing reset tokens hits the login throttle per IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await t.http().post('/api/v1/auth/password/reset').send({ token: `guess-${i}-${t.unique()}`, password: 'a-long-new-password' });
      statuses.push(res.status);
    }
    // 8 attempts per IP (LOGIN_MAX_ATTEMPTS_PER_IP), right or wrong.
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 429, 429]);
  });
});
