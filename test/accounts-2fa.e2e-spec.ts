import { MikroORM } from '@mikro-orm/core';
import { authenticator } from 'otplib';
import { PasswordService } from '../src/accounts/password.service';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { TestSmtp } from './support/smtp';
import { connect, connectError } from './support/sockets';

const auth = (s: { accessToken: string }) => ({ Authorization: `Bearer ${s.accessToken}` });

/** The code an authenticator app shows `steps` periods of 30 s from now. */
function totp(secret: string, steps = 0): string {
  return authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);
}

/** A 6-digit code that is none of the codes accepted around now. */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1, 2].map((s) => totp(secret, s)));
  for (let n = 0; ; n++) {
    const c = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}

function sql(t: TestApp, query: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return t.app.get(MikroORM).em.fork().getConnection().execute(query, params);
}

/** Sets up and turns on 2FA for the session's user: the secret and the recovery codes. */
async function enable2fa(t: TestApp, s: Session): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await t.http().post('/api/v1/me/2fa/setup').set(auth(s)).expect(200);
  const res = await t.http().post('/api/v1/me/2fa/enable').set(auth(s)).send({ code: totp(setup.body.secret) }).expect(200);
  return { secret: setup.body.secret, recoveryCodes: res.body.recoveryCodes };
}

const login = (t: TestApp, body: Record<string, unknown>) => t.http().post('/api/v1/auth/login').send(body);

describe('two-factor sign-in (TOTP)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await TestApp.start({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('sets up with a secret and otpauth URL, turns on only with a right code, and gives ten recovery codes stored hashed', async () => {
    const u = await t.user();
    const setup = await t.http().post('/api/v1/me/2fa/setup').set(auth(u)).expect(200);
    const { secret, otpauthUrl } = setup.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe(`/Birlik:${u.user.email}`);
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('Birlik');
    expect(url.searchParams.get('period')).toBe('30');
    expect(url.searchParams.get('digits')).toBe('6');

    // Not on yet: signing in needs no code.
    await login(t, { email: u.user.email, password: u.password }).expect(200);

    const malformed = await t.http().post('/api/v1/me/2fa/enable').set(auth(u)).send({ code: '12345' }).expect(400);
    expect(malformed.body.message).toEqual(['code must be 6 digits']);
    const wrong = await t.http().post('/api/v1/me/2fa/enable').set(auth(u)).send({ code: wrongCode(secret) }).expect(400);
    expect(wrong.body.code).toBe('code_invalid');
    expect((await t.http().get('/api/v1/me').set(auth(u)).expect(200)).body.twoFactorEnabled).toBe(false);

    const on = await t.http().post('/api/v1/me/2fa/enable').set(auth(u)).send({ code: totp(secret) }).expect(200);
    const codes: string[] = on.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    expect((await t.http().get('/api/v1/me').set(auth(u)).expect(200)).body).toMatchObject({ twoFactorEnabled: true, twoFactorSetupRequired: false });

    const stored = await sql(t, 'select code_hash from recovery_codes where user_id = ?', [u.user.id]);
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored) + JSON.stringify(await sql(t, 'select * from users where id = ?', [u.user.id]));
    for (const c of codes) expect(dump).not.toContain(c);
    expect(dump).not.toContain(secret);

    const twice = await t.http().post('/api/v1/me/2fa/setup').set(auth(u)).expect(409);
    expect(twice.body.code).toBe('2fa_already_enabled');
    const audit = await t.http().get('/api/v1/audit').query({ action: '2fa_enabled', targetId: u.user.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toHaveLength(1);
  });

  it('answers otp_required without a code, signs in with one, and never accepts the same code twice', async () => {
    const u = await t.user();
    const { secret } = await enable2fa(t, u);
    const sessions = async () => Number((await sql(t, 'select count(*) as n from sessions where user_id = ?', [u.user.id]))[0].n);
    const before = await sessions();

    const needed = await login(t, { email: u.user.email, password: u.password }).expect(401);
    expect(needed.body).toMatchObject({ statusCode: 401, code: 'otp_required' });
    // A wrong password says nothing about 2FA.
    const badPassword = await login(t, { email: u.user.email, password: 'wrong-password', otp: totp(secret, 1) }).expect(401);
    expect(badPassword.body.code).toBe('invalid_credentials');
    const malformed = await login(t, { email: u.user.email, password: u.password, otp: 'abcdef' }).expect(400);
    expect(malformed.body.message).toEqual(['otp must be 6 digits']);
    expect(await sessions()).toBe(before);

    // The enable call used the current period's code; the next period's is accepted (clocks may differ by one).
    const code = totp(secret, 1);
    const ok = await login(t, { email: u.user.email, password: u.password, otp: code }).expect(200);
    expect(ok.body.user.id).toBe(u.user.id);
    const replay = await login(t, { email: u.user.email, password: u.password, otp: code }).expect(401);
    expect(replay.body.code).toBe('otp_invalid');
    const wrong = await login(t, { email: u.user.email, password: u.password, otp: wrongCode(secret) }).expect(401);
    expect(wrong.body.code).toBe('otp_invalid');
    expect(await sessions()).toBe(before + 1);

    const failures = await t.http().get('/api/v1/audit').query({ action: 'login_failed', targetId: u.user.email }).set(auth(await t.admin())).expect(200);
    expect(failures.body.map((e: { details: { reason: string } }) => e.details.reason).sort()).toEqual(['wrong_otp', 'wrong_otp', 'wrong_password']);
  });

  it('signs in with each recovery code once (any case, with or without the dash)', async () => {
    const u = await t.user();
    const { recoveryCodes } = await enable2fa(t, u);
    const [first, second] = recoveryCodes;
    await login(t, { email: u.user.email, password: u.password, recoveryCode: first.toUpperCase().replace('-', '') }).expect(200);
    const again = await login(t, { email: u.user.email, password: u.password, recoveryCode: first }).expect(401);
    expect(again.body.code).toBe('otp_invalid');
    const forged = await login(t, { email: u.user.email, password: u.password, recoveryCode: 'aaaaa-bbbbb' }).expect(401);
    expect(forged.body.code).toBe('otp_invalid');
    await login(t, { email: u.user.email, password: u.password, recoveryCode: second }).expect(200);

    const used = await t.http().get('/api/v1/audit').query({ action: 'recovery_code_used', targetId: u.user.id }).set(auth(await t.admin())).expect(200);
    expect(used.body.map((e: { details: { left: number } }) => e.details.left).sort()).toEqual([8, 9]);
  });

  it('turns off with the password and a code; wrong ones change nothing', async () => {
    const u = await t.user();
    const { secret, recoveryCodes } = await enable2fa(t, u);
    const wrongPassword = await t.http().post('/api/v1/me/2fa/disable').set(auth(u)).send({ password: 'not-the-password', code: recoveryCodes[0] }).expect(400);
    expect(wrongPassword.body).toMatchObject({ code: 'wrong_password', message: 'password is wrong' });
    const wrongCodeRes = await t.http().post('/api/v1/me/2fa/disable').set(auth(u)).send({ password: u.password, code: wrongCode(secret) }).expect(400);
    expect(wrongCodeRes.body.code).toBe('code_invalid');
    const missing = await t.http().post('/api/v1/me/2fa/disable').set(auth(u)).send({ password: u.password }).expect(400);
    expect(missing.body.message.join(' ')).toMatch(/code/);
    await login(t, { email: u.user.email, password: u.password }).expect(401);

    // The recovery code was not used up by the wrong password.
    await t.http().post('/api/v1/me/2fa/disable').set(auth(u)).send({ password: u.password, code: recoveryCodes[0] }).expect(204);
    expect((await t.http().get('/api/v1/me').set(auth(u)).expect(200)).body.twoFactorEnabled).toBe(false);
    await login(t, { email: u.user.email, password: u.password }).expect(200);
    expect(await sql(t, 'select id from recovery_codes where user_id = ?', [u.user.id])).toHaveLength(0);
    const off = await t.http().post('/api/v1/me/2fa/disable').set(auth(u)).send({ password: u.password, code: '123456' }).expect(409);
    expect(off.body.code).toBe('2fa_not_enabled');
    const audit = await t.http().get('/api/v1/audit').query({ action: '2fa_disabled', targetId: u.user.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toHaveLength(1);
  });

  it('asks for the second factor on password reset too, keeping the link usable until it is given', async () => {
    const u = await t.user();
    const { secret } = await enable2fa(t, u);
    await t.http().post('/api/v1/auth/password/forgot').send({ email: u.user.email }).expect(204);
    await t.app.get(PasswordService).idle();
    await waitForQueuesIdle(t);
    const mail = await smtp.waitFor((m) => (m.to as { text: string }).text === u.user.email && /reset\?token=/.test(m.text ?? ''));
    const token = decodeURIComponent(/reset\?token=([^\s]+)/.exec(mail.text!)![1]);

    const needed = await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'new-password-with-2fa' }).expect(401);
    expect(needed.body.code).toBe('otp_required');
    const wrong = await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'new-password-with-2fa', otp: wrongCode(secret) }).expect(401);
    expect(wrong.body.code).toBe('otp_invalid');
    // Nothing changed so far.
    await login(t, { email: u.user.email, password: 'new-password-with-2fa', otp: totp(secret, 1) }).expect(401);

    const ok = await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'new-password-with-2fa', otp: totp(secret, 1) }).expect(200);
    expect(ok.body.user.twoFactorEnabled).toBe(true);
    // 2FA stays on with the new password.
    const needsCode = await login(t, { email: u.user.email, password: 'new-password-with-2fa' }).expect(401);
    expect(needsCode.body.code).toBe('otp_required');
  });
});

describe('two-factor codes and the login throttle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_WINDOW_SECONDS: '600' });
  });
  afterAll(() => t?.close());

  it('counts wrong codes as failed logins: the account locks, even for the right code', async () => {
    const u = await t.user();
    const { secret } = await enable2fa(t, u);
    for (let i = 0; i < 3; i++) {
      const res = await login(t, { email: u.user.email, password: u.password, otp: wrongCode(secret) }).expect(401);
      expect(res.body.code).toBe('otp_invalid');
    }
    const locked = await login(t, { email: u.user.email, password: u.password, otp: totp(secret, 1) }).expect(429);
    expect(locked.body.code).toBe('login_throttled');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts wrong codes while turning 2FA on against the same limit', async () => {
    const u = await t.user();
    const setup = await t.http().post('/api/v1/me/2fa/setup').set(auth(u)).expect(200);
    for (let i = 0; i < 3; i++) await t.http().post('/api/v1/me/2fa/enable').set(auth(u)).send({ code: wrongCode(setup.body.secret) }).expect(400);
    const locked = await t.http().post('/api/v1/me/2fa/enable').set(auth(u)).send({ code: totp(setup.body.secret) }).expect(429);
    expect(locked.body.code).toBe('login_throttled');
    await login(t, { email: u.user.email, password: u.password }).expect(429);
  });
});

describe('requiring two-factor sign-in of admins and organizers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  it('is an admin setting, off by default, that an admin turns on only with their own 2FA on', async () => {
    const admin = await t.admin();
    const organizer = await t.user({ role: 'organizer' });
    expect((await t.http().get('/api/v1/settings').set(auth(admin)).expect(200)).body).toEqual({ require2faForStaff: false });
    await t.http().get('/api/v1/settings').set(auth(organizer)).expect(403);
    await t.http().patch('/api/v1/settings').set(auth(organizer)).send({ require2faForStaff: true }).expect(403);

    const bad = await t.http().patch('/api/v1/settings').set(auth(admin)).send({ require2faForStaff: 'yes' }).expect(400);
    expect(bad.body.message.join(' ')).toMatch(/require2faForStaff/);
    const unknown = await t.http().patch('/api/v1/settings').set(auth(admin)).send({ somethingElse: true }).expect(400);
    expect(unknown.body.message.join(' ')).toMatch(/somethingElse/);
    const notYet = await t.http().patch('/api/v1/settings').set(auth(admin)).send({ require2faForStaff: true }).expect(409);
    expect(notYet.body.code).toBe('2fa_not_enabled');
    expect((await t.http().get('/api/v1/settings').set(auth(admin)).expect(200)).body).toEqual({ require2faForStaff: false });
  });

  it('once on, staff without 2FA sign in but may only set it up; their sockets close; officials are not affected', async () => {
    const admin = await t.admin();
    await enable2fa(t, admin);
    const organizer = await t.user({ role: 'organizer' });
    const official = await t.user();
    const orgSocket = await connect(t.url, organizer.accessToken);
    const officialSocket = await connect(t.url, official.accessToken);
    const orgGone = new Promise<string>((r) => orgSocket.once('disconnect', r));
    let officialGone = false;
    officialSocket.on('disconnect', () => (officialGone = true));

    const on = await t.http().patch('/api/v1/settings').set(auth(admin)).send({ require2faForStaff: true }).expect(200);
    expect(on.body).toEqual({ require2faForStaff: true });
    expect(await orgGone).toBe('io server disconnect');

    // Signed in, told to set up 2FA; everything but the set-up answers 403 2fa_setup_required.
    const signIn = await login(t, { email: organizer.user.email, password: organizer.password }).expect(200);
    expect(signIn.body.twoFactorSetupRequired).toBe(true);
    expect(signIn.body.user).toMatchObject({ twoFactorSetupRequired: true, twoFactorEnabled: false });
    const s = signIn.body as Session;
    const refused = await t.http().get('/api/v1/channels').set(auth(s)).expect(403);
    expect(refused.body.code).toBe('2fa_setup_required');
    await t.http().get('/api/v1/channels').set(auth(organizer)).expect(403); // an older session too
    expect((await t.http().get('/api/v1/me').set(auth(s)).expect(200)).body.twoFactorSetupRequired).toBe(true);
    await t.http().get('/api/v1/me/sessions').set(auth(s)).expect(200);
    expect(await connectError(t.url, s.accessToken)).toBe('2fa_setup_required');

    // Officials carry on.
    await t.http().get('/api/v1/channels').set(auth(official)).expect(200);
    expect((await login(t, { email: official.user.email, password: official.password }).expect(200)).body.twoFactorSetupRequired).toBe(false);

    // Setting it up lifts the restriction at once; staff may not turn it off while it is required.
    const { secret, recoveryCodes } = await enable2fa(t, s);
    await t.http().get('/api/v1/channels').set(auth(s)).expect(200);
    (await connect(t.url, s.accessToken)).close();
    const keep = await t.http().post('/api/v1/me/2fa/disable').set(auth(s)).send({ password: organizer.password, code: recoveryCodes[0] }).expect(403);
    expect(keep.body.code).toBe('2fa_required');
    const next = await login(t, { email: organizer.user.email, password: organizer.password, otp: totp(secret, 1) }).expect(200);
    expect(next.body.twoFactorSetupRequired).toBe(false);

    // An admin without 2FA (a new one) is held the same way.
    const admin2 = await t.user({ role: 'admin' });
    expect((await t.http().get('/api/v1/users').set(auth(admin2)).expect(403)).body.code).toBe('2fa_setup_required');

    const audit = await t.http().get('/api/v1/audit').query({ action: 'settings_changed' }).set(auth(admin)).expect(200);
    expect(audit.body).toEqual([expect.objectContaining({ actorId: admin.user.id, details: { require2faForStaff: { from: false, to: true } } })]);

    await t.http().patch('/api/v1/settings').set(auth(admin)).send({ require2faForStaff: false }).expect(200);
    await t.http().get('/api/v1/users').set(auth(admin2)).expect(200);
    expect(officialGone).toBe(false);
    officialSocket.close();
  });
});
