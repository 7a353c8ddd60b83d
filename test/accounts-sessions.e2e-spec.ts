import { MikroORM } from '@mikro-orm/core';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { TestSmtp } from './support/smtp';
import { connect, connectError } from './support/sockets';

const auth = (s: { accessToken: string }) => ({ Authorization: `Bearer ${s.accessToken}` });

function sql(t: TestApp, query: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return t.app.get(MikroORM).em.fork().getConnection().execute(query, params);
}

async function login(t: TestApp, u: Session, userAgent: string): Promise<Session> {
  const res = await t.http().post('/api/v1/auth/login').set('User-Agent', userAgent).send({ email: u.user.email, password: u.password }).expect(200);
  return { ...res.body, password: u.password };
}

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  it('lists the live sessions of the caller only, marking the current one', async () => {
    const u = await t.user();
    const laptop = await login(t, u, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    const phone = await login(t, u, 'Mozilla/5.0 (iPhone) Safari/18');
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: u.refreshToken }).expect(204);
    const someoneElse = await t.user();

    const res = await t.http().get('/api/v1/me/sessions').set(auth(laptop)).expect(200);
    expect(res.body).toHaveLength(2);
    for (const s of res.body) {
      expect(Object.keys(s).sort()).toEqual(['createdAt', 'current', 'id', 'ip', 'lastSeenAt', 'userAgent']);
      expect(new Date(s.lastSeenAt).getTime()).toBeGreaterThanOrEqual(new Date(s.createdAt).getTime());
      expect(s.ip).toMatch(/127\.0\.0\.1/);
    }
    const byAgent = Object.fromEntries(res.body.map((s: { userAgent: string; current: boolean }) => [s.userAgent, s.current]));
    expect(byAgent).toEqual({ 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0': true, 'Mozilla/5.0 (iPhone) Safari/18': false });
    const fromPhone = await t.http().get('/api/v1/me/sessions').set(auth(phone)).expect(200);
    expect(fromPhone.body.find((s: { current: boolean }) => s.current).userAgent).toBe('Mozilla/5.0 (iPhone) Safari/18');
    const theirs = await t.http().get('/api/v1/me/sessions').set(auth(someoneElse)).expect(200);
    expect(theirs.body).toHaveLength(1);
    expect(theirs.body.map((s: { id: string }) => s.id)).not.toContain(res.body[0].id);
  });

  it('revokes a session: its refresh tokens stop working and its sockets are disconnected at once', async () => {
    const u = await t.user();
    const other = await login(t, u, 'other-device/1');
    const mine = await connect(t.url, u.accessToken);
    const theirs = [await connect(t.url, other.accessToken), await connect(t.url, other.accessToken)];
    const closed = theirs.map((s) => new Promise<string>((r) => s.once('disconnect', r)));
    let mineClosed = false;
    mine.on('disconnect', () => (mineClosed = true));

    const list = await t.http().get('/api/v1/me/sessions').set(auth(u)).expect(200);
    const target = list.body.find((s: { userAgent: string }) => s.userAgent === 'other-device/1');
    await t.http().delete(`/api/v1/me/sessions/${target.id}`).set(auth(u)).expect(204);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    const refresh = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    expect(refresh.body.code).toBe('invalid_refresh_token');
    await t.http().get('/api/v1/me').set(auth(other)).expect(401);
    expect(await connectError(t.url, other.accessToken)).toBe('unauthorized');

    // The caller's own session and socket carry on.
    await t.http().get('/api/v1/me').set(auth(u)).expect(200);
    expect(await mine.timeout(5000).emitWithAck('presence:set', { status: 'away' })).toMatchObject({ ok: true });
    expect(mineClosed).toBe(false);
    mine.close();
    const after = await t.http().get('/api/v1/me/sessions').set(auth(u)).expect(200);
    expect(after.body.map((s: { id: string }) => s.id)).not.toContain(target.id);

    // Revoking it again changes nothing.
    await t.http().delete(`/api/v1/me/sessions/${target.id}`).set(auth(u)).expect(204);
    const audit = await t.http().get('/api/v1/audit').query({ action: 'session_revoked', targetId: target.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toEqual([expect.objectContaining({ actorId: u.user.id, details: { reason: 'revoked_by_user' } })]);
  });

  it('refuses to revoke someone else’s session (404) and an unknown id, changing nothing', async () => {
    const u = await t.user();
    const v = await t.user();
    const vs = await t.http().get('/api/v1/me/sessions').set(auth(v)).expect(200);
    const res = await t.http().delete(`/api/v1/me/sessions/${vs.body[0].id}`).set(auth(u)).expect(404);
    expect(res.body.code).toBe('session_not_found');
    await t.http().delete('/api/v1/me/sessions/no-such-session').set(auth(u)).expect(404);
    await t.http().get('/api/v1/me').set(auth(v)).expect(200);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: v.refreshToken }).expect(200);
  });

  it('revoking the current session signs this device out', async () => {
    const u = await t.user();
    const list = await t.http().get('/api/v1/me/sessions').set(auth(u)).expect(200);
    await t.http().delete(`/api/v1/me/sessions/${list.body[0].id}`).set(auth(u)).expect(204);
    await t.http().get('/api/v1/me').set(auth(u)).expect(401);
  });

  it('updates lastSeenAt on refresh and on use', async () => {
    const u = await t.user();
    const hourAgo = Date.now() - 3600_000;
    const lastSeen = async () => new Date((await sql(t, 'select last_seen_at from sessions where user_id = ?', [u.user.id]))[0].last_seen_at as string).getTime();
    await sql(t, 'update sessions set last_seen_at = ? where user_id = ?', [new Date(hourAgo), u.user.id]);
    const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200);
    expect(await lastSeen()).toBeGreaterThan(hourAgo + 3000_000);
    await sql(t, 'update sessions set last_seen_at = ? where user_id = ?', [new Date(hourAgo), u.user.id]);
    const listed = (await t.http().get('/api/v1/me/sessions').set(auth(refreshed.body)).expect(200)).body;
    expect(listed).toHaveLength(1);
    expect(new Date(listed[0].lastSeenAt).getTime()).toBeGreaterThan(hourAgo + 3000_000);
  });
});

describe('invitations', () => {
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

  async function invite(by: Session, body: { email?: string; memberId?: string; role?: string } = {}) {
    const memberId = body.memberId ?? (await t.createMember({ countryCode: 'AZ', name: t.unique('Gəncə Bələdiyyəsi ') })).id;
    const email = body.email ?? `${t.unique('invitee')}@birlik.test`;
    const res = await t.http().post('/api/v1/invitations').set(auth(by)).send({ email, memberId, role: body.role ?? 'official' }).expect(201);
    return { ...res.body, email, memberId } as { id: string; token: string; url: string; expiresAt: string; email: string; memberId: string };
  }

  const register = (token: string) => t.http().post('/api/v1/auth/register').send({ token, password: 'a-long-password-1', displayName: 'Invitee' });

  it('shows the registration page what the link is for, without signing in', async () => {
    const admin = await t.admin();
    const organizer = await t.user({ role: 'organizer', displayName: 'Leyla Məmmədova' });
    const member = await t.createMember({ countryCode: 'AZ', name: t.unique('Şəki Bələdiyyəsi ') });
    const inv = await invite(organizer, { memberId: member.id });
    const res = await t.http().get('/api/v1/auth/invitation').query({ token: inv.token }).expect(200);
    expect(res.body).toEqual({
      email: inv.email,
      memberName: member.name,
      countryCode: 'AZ',
      role: 'official',
      invitedBy: { id: organizer.user.id, displayName: 'Leyla Məmmədova' },
      expiresAt: inv.expiresAt,
    });
    const missing = await t.http().get('/api/v1/auth/invitation').expect(400);
    expect(missing.body.message.join(' ')).toMatch(/token/);
    const forged = await t.http().get('/api/v1/auth/invitation').query({ token: 'forged-token' }).expect(404);
    expect(forged.body).toMatchObject({ statusCode: 404, code: 'invitation_invalid', reason: 'unknown' });
    expect(admin.user.role).toBe('admin');
  });

  it('lists invitations with their status: organizers see theirs, admins all', async () => {
    const admin = await t.admin();
    const orgA = await t.user({ role: 'organizer' });
    const orgB = await t.user({ role: 'organizer' });
    const pending = await invite(orgA);
    const accepted = await invite(orgA);
    await register(accepted.token).expect(201);
    const revoked = await invite(orgA);
    await t.http().delete(`/api/v1/invitations/${revoked.id}`).set(auth(orgA)).expect(204);
    const expired = await invite(orgA);
    await sql(t, 'update invitations set expires_at = ? where id = ?', [new Date(Date.now() - 1000), expired.id]);
    const byB = await invite(orgB);

    const mine = await t.http().get('/api/v1/invitations').set(auth(orgA)).expect(200);
    expect(mine.body.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      [expired.id, 'expired'],
      [revoked.id, 'revoked'],
      [accepted.id, 'accepted'],
      [pending.id, 'pending'],
    ]);
    expect(mine.body[3]).toEqual({
      id: pending.id,
      email: pending.email,
      memberId: pending.memberId,
      memberName: expect.any(String),
      countryCode: 'AZ',
      role: 'official',
      status: 'pending',
      invitedBy: { id: orgA.user.id, displayName: orgA.user.displayName },
      createdAt: expect.any(String),
      expiresAt: pending.expiresAt,
      acceptedAt: null,
      revokedAt: null,
      sendCount: 1,
    });
    expect(mine.body[1].revokedAt).toEqual(expect.any(String));
    expect(mine.body[2].acceptedAt).toEqual(expect.any(String));

    for (const status of ['pending', 'accepted', 'expired', 'revoked'] as const) {
      const only = await t.http().get('/api/v1/invitations').query({ status }).set(auth(orgA)).expect(200);
      expect(only.body.map((i: { id: string }) => i.id)).toEqual([{ pending, accepted, expired, revoked }[status].id]);
    }
    const all = await t.http().get('/api/v1/invitations').set(auth(admin)).expect(200);
    const ids = all.body.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([pending.id, byB.id]));
    const forB = await t.http().get('/api/v1/invitations').set(auth(orgB)).expect(200);
    expect(forB.body.map((i: { id: string }) => i.id)).toEqual([byB.id]);

    const page = await t.http().get('/api/v1/invitations').query({ limit: 2 }).set(auth(orgA)).expect(200);
    expect(page.body).toHaveLength(2);
    const next = await t.http().get('/api/v1/invitations').query({ limit: 2, cursor: page.headers['x-next-cursor'] }).set(auth(orgA)).expect(200);
    expect(next.body.map((i: { id: string }) => i.id)).toEqual([accepted.id, pending.id]);

    const bad = await t.http().get('/api/v1/invitations').query({ status: 'lost' }).set(auth(orgA)).expect(400);
    expect(bad.body.message.join(' ')).toMatch(/status/);
    const official = await t.user();
    await t.http().get('/api/v1/invitations').set(auth(official)).expect(403);
  });

  it('resends with a new link and expiry, e-mailed again; the old link stops working', async () => {
    const organizer = await t.user({ role: 'organizer' });
    const inv = await invite(organizer);
    await sql(t, 'update invitations set expires_at = ? where id = ?', [new Date(Date.now() - 1000), inv.id]);
    const dead = await t.http().get('/api/v1/auth/invitation').query({ token: inv.token }).expect(404);
    expect(dead.body).toMatchObject({ code: 'invitation_invalid', reason: 'expired' });
    const expiredRegister = await register(inv.token).expect(400);
    expect(expiredRegister.body).toMatchObject({ code: 'invitation_invalid', reason: 'expired' });

    const again = await t.http().post(`/api/v1/invitations/${inv.id}/resend`).set(auth(organizer)).expect(201);
    expect(again.body).toEqual({ id: inv.id, token: expect.any(String), url: expect.any(String), expiresAt: expect.any(String) });
    expect(again.body.token).not.toBe(inv.token);
    expect(again.body.url).toBe(`https://birlik.example.org/register?token=${again.body.token}`);
    expect(new Date(again.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    await waitForQueuesIdle(t);
    const mail = await smtp.waitFor((m) => m.text?.includes(again.body.token) ?? false);
    expect((mail.to as { text: string }).text).toBe(inv.email);
    expect(mail.subject).toBe('Birlik-ə dəvət olunmusunuz');

    expect((await t.http().get('/api/v1/auth/invitation').query({ token: inv.token }).expect(404)).body.reason).toBe('unknown');
    await t.http().get('/api/v1/auth/invitation').query({ token: again.body.token }).expect(200);
    const listed = await t.http().get('/api/v1/invitations').query({ status: 'pending' }).set(auth(organizer)).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: inv.id, sendCount: 2 })]);
    await register(again.body.token).expect(201);

    const accepted = await t.http().post(`/api/v1/invitations/${inv.id}/resend`).set(auth(organizer)).expect(409);
    expect(accepted.body.code).toBe('invitation_accepted');
    const audit = await t.http().get('/api/v1/audit').query({ action: 'invitation_resent', targetId: inv.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toHaveLength(1);
  });

  it('revokes: the link stops working and says so; accepted ones cannot be revoked', async () => {
    const organizer = await t.user({ role: 'organizer' });
    const inv = await invite(organizer);
    await t.http().delete(`/api/v1/invitations/${inv.id}`).set(auth(organizer)).expect(204);
    await t.http().delete(`/api/v1/invitations/${inv.id}`).set(auth(organizer)).expect(204);
    const page = await t.http().get('/api/v1/auth/invitation').query({ token: inv.token }).expect(404);
    expect(page.body).toMatchObject({ statusCode: 404, code: 'invitation_invalid', reason: 'revoked', message: expect.stringMatching(/revoked/) });
    const reg = await register(inv.token).expect(400);
    expect(reg.body).toMatchObject({ code: 'invitation_invalid', reason: 'revoked' });
    const resend = await t.http().post(`/api/v1/invitations/${inv.id}/resend`).set(auth(organizer)).expect(409);
    expect(resend.body.code).toBe('invitation_revoked');

    const used = await invite(organizer);
    await register(used.token).expect(201);
    const usedPage = await t.http().get('/api/v1/auth/invitation').query({ token: used.token }).expect(404);
    expect(usedPage.body).toMatchObject({ code: 'invitation_invalid', reason: 'used' });
    const refuse = await t.http().delete(`/api/v1/invitations/${used.id}`).set(auth(organizer)).expect(409);
    expect(refuse.body.code).toBe('invitation_accepted');

    const audit = await t.http().get('/api/v1/audit').query({ action: 'invitation_revoked', targetId: inv.id }).set(auth(await t.admin())).expect(200);
    expect(audit.body).toHaveLength(1);
  });

  it('an organizer cannot see, resend or revoke another’s invitation; an admin can', async () => {
    const admin = await t.admin();
    const orgA = await t.user({ role: 'organizer' });
    const orgB = await t.user({ role: 'organizer' });
    const inv = await invite(orgA);
    const resend = await t.http().post(`/api/v1/invitations/${inv.id}/resend`).set(auth(orgB)).expect(404);
    expect(resend.body.code).toBe('invitation_not_found');
    await t.http().delete(`/api/v1/invitations/${inv.id}`).set(auth(orgB)).expect(404);
    await t.http().get('/api/v1/auth/invitation').query({ token: inv.token }).expect(200);
    await t.http().post(`/api/v1/invitations/${inv.id}/resend`).set(auth(admin)).expect(201);
    await t.http().delete(`/api/v1/invitations/${inv.id}`).set(auth(admin)).expect(204);
    await t.http().delete('/api/v1/invitations/no-such-id').set(auth(admin)).expect(404);
  });
});
