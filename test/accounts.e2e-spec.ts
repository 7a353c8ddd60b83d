import { TestApp } from './support/app';
import { TestSmtp } from './support/smtp';

describe('accounts', () => {
  let t: TestApp;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await TestApp.start({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://birlik.example.org' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('creates the first admin through the one-time setup link, once', async () => {
    const admin = await t.admin();
    expect(admin.user.role).toBe('admin');
    expect(admin.user.email).toBe('admin@birlik.test');
    // The link cannot be used again, and no second admin can be made that way.
    const again = await t
      .http()
      .post('/api/v1/setup')
      .send({ token: 'anything', email: 'other@birlik.test', password: 'other-password-1', displayName: 'Other' });
    expect(again.status).toBe(404);
  });

  it('invites an official by e-mail in their country language; they register once and land in their country channel', async () => {
    const admin = await t.admin();
    const member = await t.createMember({ countryCode: 'KZ', name: t.unique('Алматы әкімдігі ') });
    const email = `${t.unique('aigerim')}@almaty.test`;
    const inv = await t.http().post('/api/v1/invitations').auth(admin.accessToken, { type: 'bearer' }).send({ email, memberId: member.id, role: 'official' }).expect(201);
    expect(inv.body).toEqual({ id: expect.any(String), token: expect.any(String), url: expect.any(String), expiresAt: expect.any(String) });
    expect(inv.body.url).toBe(`https://birlik.example.org/register?token=${inv.body.token}`);
    expect(new Date(inv.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);

    const mail = await smtp.waitFor((m) => m.text?.includes(inv.body.token) ?? false);
    expect((mail.to as { text: string }).text).toBe(email);
    expect(mail.subject).toBe('Birlik платформасына шақыру'); // Kazakhstan's first language is Kazakh
    expect(mail.text).toContain(inv.body.url);

    const reg = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ token: inv.body.token, password: 'long-enough-pw', displayName: 'Айгерим Сапарова', title: 'Бас маман' })
      .expect(201);
    expect(reg.body.user).toMatchObject({
      email,
      displayName: 'Айгерим Сапарова',
      title: 'Бас маман',
      role: 'official',
      memberId: member.id,
      countryCode: 'KZ',
      locale: 'kk-Cyrl-KZ',
      timeZone: 'Asia/Almaty',
      deactivated: false,
    });
    expect(reg.body.accessToken).toEqual(expect.any(String));
    expect(reg.body.refreshToken).toEqual(expect.any(String));

    // Single use.
    const twice = await t.http().post('/api/v1/auth/register').send({ token: inv.body.token, password: 'long-enough-pw', displayName: 'X' }).expect(400);
    expect(twice.body.message).toMatch(/^token /);

    // In the directory, with no e-mail shown to another official.
    const other = await t.user({ countryCode: 'KZ' });
    const dir = await t.http().get('/api/v1/users').query({ countryCode: 'KZ', q: 'айгерим' }).auth(other.accessToken, { type: 'bearer' }).expect(200);
    expect(dir.body).toHaveLength(1);
    expect(dir.body[0].id).toBe(reg.body.user.id);
    expect(dir.body[0]).not.toHaveProperty('email');

    // Joined the country channel and the announcement channel.
    const memberships = await t.app.get(require('@mikro-orm/core').MikroORM).em.fork().getConnection().execute(
      `select c.kind, c.country_code from channel_members m join channels c on c.id = m.channel_id where m.user_id = ? order by c.kind`,
      [reg.body.user.id],
    );
    expect(memberships.map((r: { kind: string; country_code: string | null }) => `${r.kind}:${r.country_code ?? ''}`)).toEqual(['announcement:', 'country:KZ']);
  });

  it('refuses an expired invitation', async () => {
    const admin = await t.admin();
    const member = await t.createMember();
    const inv = await t.http().post('/api/v1/invitations').auth(admin.accessToken, { type: 'bearer' }).send({ email: `${t.unique('late')}@x.test`, memberId: member.id, role: 'official' }).expect(201);
    const orm = t.app.get(require('@mikro-orm/core').MikroORM);
    await orm.em.fork().getConnection().execute(`update invitations set expires_at = ? where id = ?`, [new Date(Date.now() - 1000), inv.body.id]);
    const res = await t.http().post('/api/v1/auth/register').send({ token: inv.body.token, password: 'long-enough-pw', displayName: 'Late' }).expect(400);
    expect(res.body).toMatchObject({ code: 'invitation_invalid', reason: 'expired', message: 'token has expired: ask for a new invitation' });
  });

  it('refuses to invite an e-mail that already has an account (409)', async () => {
    const admin = await t.admin();
    const u = await t.user();
    const member = await t.createMember();
    const res = await t.http().post('/api/v1/invitations').auth(admin.accessToken, { type: 'bearer' }).send({ email: u.user.email.toUpperCase(), memberId: member.id, role: 'official' });
    expect(res.status).toBe(409);
  });

  it('logs in, with the same 401 for an unknown e-mail and a wrong password', async () => {
    const u = await t.user();
    const ok = await t.http().post('/api/v1/auth/login').send({ email: u.user.email.toUpperCase(), password: u.password }).expect(200);
    expect(ok.body.user.id).toBe(u.user.id);
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: 'wrong-password' }).expect(401);
    const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@nowhere.test', password: 'wrong-password' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, code: 'invalid_credentials', error: 'Unauthorized', message: 'Invalid e-mail or password' });
  });

  it('rotates refresh tokens; reusing a rotated one revokes the whole session family', async () => {
    const u = await t.user();
    const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(u.refreshToken);
    const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
    await t.http().get('/api/v1/me').auth(second.body.accessToken, { type: 'bearer' }).expect(200);

    // An attacker replays the first, already rotated token: the family dies.
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
    await t.http().get('/api/v1/me').auth(second.body.accessToken, { type: 'bearer' }).expect(401);

    // Another session of the same user is untouched.
    const other = await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(200);
    await t.http().get('/api/v1/me').auth(other.body.accessToken, { type: 'bearer' }).expect(200);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const u = await t.user();
    const [a, b] = await Promise.all([
      t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }),
      t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
  });

  it('logs out: the refresh token and the access token stop working', async () => {
    const u = await t.user();
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: u.refreshToken }).expect(204);
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: u.refreshToken }).expect(204);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
    await t.http().get('/api/v1/me').auth(u.accessToken, { type: 'bearer' }).expect(401);
  });

  it('reads and updates /me', async () => {
    const u = await t.user();
    const me = await t.http().get('/api/v1/me').auth(u.accessToken, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({ id: u.user.id, email: u.user.email, notificationPrefs: { email: 'instant', quietHours: null, mutedChannelIds: [] } });
    const patched = await t
      .http()
      .patch('/api/v1/me')
      .auth(u.accessToken, { type: 'bearer' })
      .send({ displayName: '  Ayşe Yılmaz  ', title: 'İmar Müdürü', locale: 'az-latn-az', timeZone: 'Asia/Baku', notificationPrefs: { email: 'digest', quietHours: { start: '22:00', end: '07:00' } } })
      .expect(200);
    expect(patched.body).toMatchObject({
      displayName: 'Ayşe Yılmaz',
      title: 'İmar Müdürü',
      locale: 'az-Latn-AZ',
      timeZone: 'Asia/Baku',
      notificationPrefs: { email: 'digest', quietHours: { start: '22:00', end: '07:00' }, mutedChannelIds: [] },
    });
    // Partial preference updates keep the rest.
    const again = await t.http().patch('/api/v1/me').auth(u.accessToken, { type: 'bearer' }).send({ notificationPrefs: { quietHours: null } }).expect(200);
    expect(again.body.notificationPrefs).toEqual({ email: 'digest', quietHours: null, mutedChannelIds: [] });
    // Turkish casing in the directory search: İMAR finds İmar, and so does imar.
    for (const q of ['İMAR', 'imar', 'ayse']) {
      const found = await t.http().get('/api/v1/users').query({ q }).auth(u.accessToken, { type: 'bearer' }).expect(200);
      expect(found.body.map((x: { id: string }) => x.id)).toContain(u.user.id);
    }
  });

  it('deactivation stops the user at once: tokens, refresh and login', async () => {
    const admin = await t.admin();
    const u = await t.user();
    await t.http().patch(`/api/v1/users/${u.user.id}`).auth(admin.accessToken, { type: 'bearer' }).send({ deactivated: true }).expect(200);
    await t.http().get('/api/v1/me').auth(u.accessToken, { type: 'bearer' }).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
    const login = await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(401);
    expect(login.body.message).toBe('Invalid e-mail or password');
    // Hidden from officials' directory, visible to admins.
    const viewer = await t.user();
    const officials = await t.http().get('/api/v1/users').query({ limit: 200 }).auth(viewer.accessToken, { type: 'bearer' }).expect(200);
    expect(officials.body.map((x: { id: string }) => x.id)).not.toContain(u.user.id);
    // Reactivated, they can log in again.
    await t.http().patch(`/api/v1/users/${u.user.id}`).auth(admin.accessToken, { type: 'bearer' }).send({ deactivated: false }).expect(200);
    await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(200);
  });

  it('changes roles, and never leaves the union without an active admin', async () => {
    const admin = await t.admin();
    const u = await t.user();
    const promoted = await t.http().patch(`/api/v1/users/${u.user.id}`).auth(admin.accessToken, { type: 'bearer' }).send({ role: 'organizer' }).expect(200);
    expect(promoted.body.role).toBe('organizer');
    // The new role applies to the existing token at once.
    await t.http().post('/api/v1/invitations').auth(u.accessToken, { type: 'bearer' }).send({ email: `${t.unique('o')}@x.test`, memberId: u.user.memberId, role: 'official' }).expect(201);
    const lastAdmin = await t.http().patch(`/api/v1/users/${admin.user.id}`).auth(admin.accessToken, { type: 'bearer' }).send({ role: 'official' });
    expect(lastAdmin.status).toBe(409);
    const selfDeactivate = await t.http().patch(`/api/v1/users/${admin.user.id}`).auth(admin.accessToken, { type: 'bearer' }).send({ deactivated: true });
    expect(selfDeactivate.status).toBe(409);
  });

  it('organizers may invite officials only', async () => {
    const organizer = await t.user({ role: 'organizer' });
    const res = await t.http().post('/api/v1/invitations').auth(organizer.accessToken, { type: 'bearer' }).send({ email: `${t.unique('a')}@x.test`, memberId: organizer.user.memberId, role: 'admin' });
    expect(res.status).toBe(403);
  });

  it('keeps an audit log of logins, failures, invitations, role changes and deactivations, for admins', async () => {
    const admin = await t.admin();
    const u = await t.user();
    await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: 'not-the-password' }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(200);
    await t.http().patch(`/api/v1/users/${u.user.id}`).auth(admin.accessToken, { type: 'bearer' }).send({ role: 'organizer' }).expect(200);
    await t.http().patch(`/api/v1/users/${u.user.id}`).auth(admin.accessToken, { type: 'bearer' }).send({ deactivated: true }).expect(200);

    const log = await t.http().get('/api/v1/audit').query({ limit: 200 }).auth(admin.accessToken, { type: 'bearer' }).expect(200);
    const about = (action: string) => log.body.filter((e: { action: string; targetId: string }) => e.action === action);
    expect(about('login_failed').some((e: { targetId: string; details: { reason: string } }) => e.targetId === u.user.email && e.details.reason === 'wrong_password')).toBe(true);
    expect(about('login').some((e: { actorId: string }) => e.actorId === u.user.id)).toBe(true);
    expect(about('invitation_created').some((e: { details: { email: string } }) => e.details.email === u.user.email)).toBe(true);
    expect(about('role_changed').find((e: { targetId: string }) => e.targetId === u.user.id)).toMatchObject({ actorId: admin.user.id, details: { from: 'official', to: 'organizer' } });
    expect(about('user_deactivated').some((e: { targetId: string }) => e.targetId === u.user.id)).toBe(true);
    // Newest first.
    const times = log.body.map((e: { createdAt: string }) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const filtered = await t.http().get('/api/v1/audit').query({ action: 'user_deactivated' }).auth(admin.accessToken, { type: 'bearer' }).expect(200);
    expect(filtered.body.every((e: { action: string }) => e.action === 'user_deactivated')).toBe(true);
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '12', LOGIN_WINDOW_SECONDS: '600' });
  });
  afterAll(() => t?.close());

  it('locks an account after repeated failures (429 with Retry-After), even for the right password', async () => {
    const u = await t.user();
    for (let i = 0; i < 3; i++) await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: 'wrong-password' }).expect(401);
    const locked = await t.http().post('/api/v1/auth/login').send({ email: u.user.email, password: u.password }).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body).toEqual({ statusCode: 429, code: 'login_throttled', error: 'Too Many Requests', message: 'Too many login attempts, try again later' });
  });

  it('limits attempts per IP across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await t.http().post('/api/v1/auth/login').send({ email: `${t.unique('n')}@x.test`, password: 'whatever-pw' });
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeGreaterThan(0);
  });
});
