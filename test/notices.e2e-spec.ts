import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Clock } from '@lib/clock';
import { jobId, JobQueue } from '@lib/queue';
import { NoticesService } from '../src/notices/notices.service';
import { NotificationsService } from '../src/notifications/notifications.service';
import { MailTransport } from '@lib/mail';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { TestSmtp } from './support/smtp';
import { collect, connect, waitFor, type Client } from './support/sockets';

describe('notices and notifications', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let organizer: Session;
  const sockets: Client[] = [];
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const open = async (s: Session) => {
    const c = await connect(t.url, s.accessToken);
    sockets.push(c);
    return c;
  };
  const mailsTo = (email: string) => smtp.messages.filter((m) => (m.to as { text: string }).text === email);
  /** Calls a worker-side service method the way a processor does: in its own ORM context. */
  const job = <T>(fn: () => Promise<T>) => RequestContext.create(t.app.get(MikroORM).em, fn);
  const sql = (q: string, params: unknown[] = []) => t.app.get(MikroORM).em.fork().getConnection().execute(q, params);

  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await TestApp.start({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://birlik.example.org', MESSAGE_RATE_LIMIT_PER_10S: '1000' });
    organizer = await t.user({ role: 'organizer', countryCode: 'TR' });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
    t.app.get(Clock).set(null);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('reaches the officials of two countries live, in the inbox and by e-mail in their language; the report follows acknowledgements', async () => {
    const az = await t.user({ countryCode: 'AZ', locale: 'az-Latn-AZ' });
    const kzRu = await t.user({ countryCode: 'KZ', locale: 'ru' });
    const kzKk = await t.user({ countryCode: 'KZ' });
    const outsider = await t.user({ countryCode: 'TR' });
    const [sAz, sKzRu, sOut] = [await open(az), await open(kzRu), await open(outsider)];
    const live = {
      az: collect<{ notice: { id: string; title: string } }>(sAz, 'notice:new'),
      kzRu: collect<{ notice: { id: string; title: string } }>(sKzRu, 'notice:new'),
      out: collect(sOut, 'notice:new'),
      azNotif: collect<{ notification: { kind: string; noticeId: string } }>(sAz, 'notification:new'),
    };
    const created = await t
      .http()
      .post('/api/v1/notices')
      .set(auth(organizer))
      .send({
        title: 'Konferans daveti',
        body: 'Katılımınızı 16 Ekim’e kadar bildiriniz.',
        language: 'tr',
        translations: { ru: { title: 'Приглашение на конференцию', body: 'Подтвердите участие до 16 октября.' } },
        priority: 'high',
        audience: { countryCodes: ['AZ', 'KZ'] },
        requiresAck: true,
      })
      .expect(201);
    expect(created.body).toEqual({ id: expect.any(String), status: 'sending', recipientCount: expect.any(Number) });
    const id = created.body.id;
    await waitForQueuesIdle(t);

    await waitFor(() => live.kzRu.length === 1 && live.az.length === 1, 10_000, 'notice:new');
    expect(live.kzRu[0].notice).toMatchObject({ id, title: 'Приглашение на конференцию' });
    expect(live.az[0].notice).toMatchObject({ id, title: 'Konferans daveti' });
    expect(live.azNotif[0].notification).toMatchObject({ kind: 'notice', noticeId: id });
    expect(live.out).toHaveLength(0);

    const inbox = await t.http().get('/api/v1/notifications').query({ unread: true }).set(auth(kzRu)).expect(200);
    expect(inbox.body.filter((n: { noticeId: string }) => n.noticeId === id)).toHaveLength(1);
    expect((await t.http().get('/api/v1/notifications').set(auth(outsider)).expect(200)).body.filter((n: { noticeId: string }) => n.noticeId === id)).toHaveLength(0);

    const ruMail = await smtp.waitFor((m) => (m.to as { text: string }).text === kzRu.user.email && m.subject === 'Приглашение на конференцию');
    expect(ruMail.text).toContain(`https://birlik.example.org/notices/${id}`);
    await smtp.waitFor((m) => (m.to as { text: string }).text === az.user.email && m.subject === 'Konferans daveti');
    await smtp.waitFor((m) => (m.to as { text: string }).text === kzKk.user.email);
    expect(mailsTo(outsider.user.email).filter((m) => m.subject === 'Konferans daveti' || m.subject === 'Приглашение на конференцию')).toHaveLength(0);

    // A targeted notice is not posted in the announcement channel: outsiders cannot see, count or find it.
    const notice = (await t.http().get(`/api/v1/notices/${id}`).set(auth(kzRu)).expect(200)).body;
    expect(notice).toMatchObject({ id, title: 'Приглашение на конференцию', language: 'ru', status: 'sent', requiresAck: true, readAt: null, ackedAt: null, messageId: null });
    await t.http().get(`/api/v1/notices/${id}`).set(auth(outsider)).expect(404);
    const announcement = ((await t.http().get('/api/v1/channels').set(auth(outsider)).expect(200)).body as { id: string; kind: string; unreadCount: number; lastSeq: number }[]).find((c) => c.kind === 'announcement')!;
    const history = (await t.http().get(`/api/v1/channels/${announcement.id}/messages`).set(auth(outsider)).expect(200)).body as { body: string | null }[];
    expect(history.filter((m) => m.body?.includes('Konferans daveti') || m.body?.includes('Приглашение'))).toHaveLength(0);
    expect(announcement.unreadCount).toBe(0);
    expect((await t.http().get('/api/v1/search').query({ q: 'Konferans daveti' }).set(auth(outsider)).expect(200)).body).toHaveLength(0);
    expect((await t.http().get('/api/v1/search').query({ q: 'Konferans daveti' }).set(auth(az)).expect(200)).body).toHaveLength(0);
    const synced = await new Promise<{ ok: boolean; changes: { body: string | null }[] }>((resolve) => sOut.emit('sync', { channels: { [announcement.id]: 0 } }, resolve));
    expect(synced.ok).toBe(true);
    expect(synced.changes.filter((m) => m.body?.includes('Konferans daveti'))).toHaveLength(0);

    // Acknowledge (twice: idempotent); reading alone is not acknowledging.
    const acked = (await t.http().post(`/api/v1/notices/${id}/ack`).set(auth(kzRu)).expect(200)).body;
    const again = (await t.http().post(`/api/v1/notices/${id}/ack`).set(auth(kzRu)).expect(200)).body;
    expect(again.ackedAt).toBe(acked.ackedAt);
    expect(acked.readAt).toEqual(expect.any(String));
    await t.http().post(`/api/v1/notices/${id}/read`).set(auth(az)).expect(200);
    await t.http().post(`/api/v1/notices/${id}/ack`).set(auth(outsider)).expect(404);
    // Reading the notice reads its notification.
    const unread = (await t.http().get('/api/v1/notifications').query({ unread: true }).set(auth(kzRu)).expect(200)).body;
    expect(unread.filter((n: { noticeId: string }) => n.noticeId === id)).toHaveLength(0);

    const report = (await t.http().get(`/api/v1/notices/${id}/report`).set(auth(organizer)).expect(200)).body;
    const recipients = report.recipientCount;
    expect(recipients).toBeGreaterThanOrEqual(3);
    expect(report).toMatchObject({ delivered: recipients, read: 2, acked: 1 });
    expect(report.byCountry.map((c: { countryCode: string }) => c.countryCode)).toEqual(['AZ', 'KZ']);
    expect(report.byCountry.find((c: { countryCode: string }) => c.countryCode === 'KZ')).toMatchObject({ acked: 1 });
    expect(report.byCountry.find((c: { countryCode: string }) => c.countryCode === 'AZ')).toMatchObject({ read: 1, acked: 0 });
    expect(report.pending.map((p: { userId: string }) => p.userId)).toEqual(expect.arrayContaining([az.user.id, kzKk.user.id]));
    expect(report.pending.map((p: { userId: string }) => p.userId)).not.toContain(kzRu.user.id);
    expect(report.byMember.reduce((n: number, m: { recipients: number }) => n + m.recipients, 0)).toBe(recipients);

    const csv = await t.http().get(`/api/v1/notices/${id}/report`).query({ format: 'csv' }).set(auth(organizer)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('userId,displayName,email,countryCode,memberId,memberName,deliveredAt,readAt,ackedAt');
    expect(lines).toHaveLength(recipients + 1);
    expect(lines.find((l) => l.startsWith(kzRu.user.id))).toMatch(/,KZ,.*Z$/);

    // Officials neither create notices nor read reports; organizers see theirs in the list.
    await t.http().post('/api/v1/notices').set(auth(az)).send({ title: 'x', body: 'y', priority: 'normal', audience: { all: true }, requiresAck: false }).expect(403);
    await t.http().get(`/api/v1/notices/${id}/report`).set(auth(az)).expect(403);
    const list = (await t.http().get('/api/v1/notices').set(auth(organizer)).expect(200)).body;
    expect(list.map((n: { id: string }) => n.id)).toContain(id);
  });

  it('posts only a notice to everyone in the announcement channel', async () => {
    const reader = await t.user({ countryCode: 'KG' });
    const res = await t.http().post('/api/v1/notices').set(auth(organizer)).send({ title: 'Hamma uchun e’lon', body: 'Yig‘ilish dushanba kuni.', priority: 'normal', audience: { all: true }, requiresAck: false }).expect(201);
    await waitForQueuesIdle(t);
    const notice = (await t.http().get(`/api/v1/notices/${res.body.id}`).set(auth(reader)).expect(200)).body;
    expect(notice.messageId).toEqual(expect.any(String));
    const announcement = ((await t.http().get('/api/v1/channels').set(auth(reader)).expect(200)).body as { id: string; kind: string }[]).find((c) => c.kind === 'announcement')!;
    const history = (await t.http().get(`/api/v1/channels/${announcement.id}/messages`).set(auth(reader)).expect(200)).body as { id: string; body: string | null }[];
    expect(history.find((m) => m.id === notice.messageId)?.body).toContain('Hamma uchun e’lon');
  });

  it('removes targeted notices that version 1 posted in the announcement channel (tombstones for sync), once', async () => {
    const reader = await t.user({ countryCode: 'MN' });
    const res = await t.http().post('/api/v1/notices').set(auth(organizer)).send({ title: 'Faqat Qozog‘iston', body: 'Maxfiy kun tartibi', priority: 'normal', audience: { countryCodes: ['KZ'] }, requiresAck: false }).expect(201);
    await waitForQueuesIdle(t);
    const announcement = ((await t.http().get('/api/v1/channels').set(auth(reader)).expect(200)).body as { id: string; kind: string; version: number }[]).find((c) => c.kind === 'announcement')!;
    // The state version 1 left: the notice posted in the announcement channel by its author.
    const posted = await t.http().post(`/api/v1/channels/${announcement.id}/messages`).set(auth(organizer)).send({ clientId: `notice-${res.body.id}`, body: '**Faqat Qozog‘iston**\n\nMaxfiy kun tartibi' }).expect(201);
    await sql('update notices set message_id = ? where id = ?', [posted.body.id, res.body.id]);
    const before = (await t.http().get(`/api/v1/channels/${announcement.id}/messages`).set(auth(reader)).expect(200)).body as { id: string; body: string | null }[];
    expect(before.find((m) => m.id === posted.body.id)?.body).toContain('Maxfiy');
    // Version 1 counted it as unread (and its @all as a mention) for every member.
    const countsOf = async (s: Session) => {
      const c = ((await t.http().get('/api/v1/channels').set(auth(s)).expect(200)).body as { id: string; unreadCount: number; mentionCount: number }[]).find((x) => x.id === announcement.id)!;
      return { unread: c.unreadCount, mentions: c.mentionCount };
    };
    const unreadBefore = await countsOf(reader);
    const mentioned = await t.http().post(`/api/v1/channels/${announcement.id}/messages`).set(auth(organizer)).send({ clientId: t.unique('v1-'), body: '@all **Faqat Qozog‘iston** (v1)' }).expect(201);
    await sql('update notices set message_id = ? where id = ?', [mentioned.body.id, (await t.http().post('/api/v1/notices').set(auth(organizer)).send({ title: 'Faqat Qozog‘iston 2', body: 'v1', priority: 'normal', audience: { countryCodes: ['KZ'] }, requiresAck: false }).expect(201)).body.id]);
    await waitForQueuesIdle(t);
    const v1Counts = await countsOf(reader);
    expect(v1Counts).toEqual({ unread: unreadBefore.unread + 1, mentions: unreadBefore.mentions + 1 });
    const inboxAbout = async (messageId: string) => ((await t.http().get('/api/v1/notifications').set(auth(reader)).expect(200)).body as { messageId: string | null }[]).filter((n) => n.messageId === messageId);
    expect(await inboxAbout(mentioned.body.id)).toHaveLength(1);

    const removed = await t.app.get(NoticesService).removeTargetedFromAnnouncementChannel();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await t.app.get(NoticesService).removeTargetedFromAnnouncementChannel()).toBe(0);
    const after = (await t.http().get(`/api/v1/channels/${announcement.id}/messages`).set(auth(reader)).expect(200)).body as { id: string; body: string | null; deletedAt: string | null }[];
    expect(after.find((m) => m.id === posted.body.id)).toMatchObject({ body: null, deletedAt: expect.any(String) });
    expect(after.find((m) => m.id === mentioned.body.id)).toMatchObject({ body: null, deletedAt: expect.any(String) });
    // Counts corrected: neither post is unread or a mention any more for the members who never were its audience.
    expect(await countsOf(reader)).toEqual({ unread: unreadBefore.unread - 1, mentions: unreadBefore.mentions });
    expect(await inboxAbout(mentioned.body.id)).toHaveLength(0);
    const s = await open(reader);
    const synced = await new Promise<{ ok: boolean; changes: { id: string; body: string | null; deletedAt: string | null }[] }>((resolve) => s.emit('sync', { channels: { [announcement.id]: announcement.version } }, resolve));
    expect(synced.changes.find((m) => m.id === posted.body.id)).toMatchObject({ body: null, deletedAt: expect.any(String) });
    expect((await t.http().get('/api/v1/search').query({ q: 'Maxfiy kun tartibi' }).set(auth(reader)).expect(200)).body).toHaveLength(0);
    const notice = (await t.http().get(`/api/v1/notices/${res.body.id}`).set(auth(organizer)).expect(200)).body;
    expect(notice.messageId).toBeNull();
  });

  it('resolves the audience by countries, member kinds and members (their union), active officials only', async () => {
    const union = await t.createMember({ countryCode: 'BA', kind: 'municipal_union' });
    const city = await t.createMember({ countryCode: 'MK', kind: 'municipality' });
    const inUnion = await t.user({ memberId: union.id });
    const inCity = await t.user({ memberId: city.id });
    const inAlbania = await t.user({ countryCode: 'AL' });
    const gone = await t.user({ countryCode: 'AL' });
    const bystander = await t.user({ countryCode: 'HU' });
    await t.http().patch(`/api/v1/users/${gone.user.id}`).set(auth(await t.admin())).send({ deactivated: true }).expect(200);
    const send = async (audience: object) => {
      const res = await t.http().post('/api/v1/notices').set(auth(organizer)).send({ title: 'A', body: 'B', priority: 'normal', audience, requiresAck: false }).expect(201);
      await waitForQueuesIdle(t);
      const rows: { user_id: string }[] = await sql('select user_id from notice_recipients where notice_id = ?', [res.body.id]);
      return { created: res.body, ids: rows.map((r) => r.user_id) };
    };
    const byKind = await send({ memberKinds: ['municipal_union'] });
    expect(byKind.ids).toContain(inUnion.user.id);
    expect(byKind.ids).not.toContain(inCity.user.id);
    const byMember = await send({ memberIds: [city.id] });
    expect(byMember.ids).toEqual([inCity.user.id]);
    expect(byMember.created.recipientCount).toBe(1);
    const mixed = await send({ countryCodes: ['AL'], memberIds: [city.id, union.id] });
    expect(mixed.ids.sort()).toEqual(expect.arrayContaining([inAlbania.user.id, inCity.user.id, inUnion.user.id]));
    expect(mixed.ids).not.toContain(gone.user.id);
    expect(mixed.ids).not.toContain(bystander.user.id);
    const everyone = await send({ all: true });
    expect(everyone.ids).toEqual(expect.arrayContaining([bystander.user.id, inCity.user.id]));
    expect(everyone.ids).not.toContain(gone.user.id);
    // Bad audiences are refused and change nothing.
    const before = (await sql('select count(*) as n from notices'))[0].n;
    for (const audience of [{}, { countryCodes: [] }, { countryCodes: ['ZZ'] }, { memberKinds: ['village'] }, { memberIds: ['nope'] }, { all: false }]) {
      await t.http().post('/api/v1/notices').set(auth(organizer)).send({ title: 'A', body: 'B', priority: 'normal', audience, requiresAck: false }).expect(400);
    }
    expect((await sql('select count(*) as n from notices'))[0].n).toBe(before);
  });

  it('defers e-mail to the end of quiet hours in each recipient zone; urgent notices go through', async () => {
    const quiet = { email: 'instant', quietHours: { start: '22:00', end: '07:00' } };
    const people = {
      baku: await t.user({ countryCode: 'AZ', timeZone: 'Asia/Baku' }),
      almaty: await t.user({ countryCode: 'KZ', timeZone: 'Asia/Almaty' }),
      sarajevo: await t.user({ countryCode: 'BA', timeZone: 'Europe/Sarajevo' }),
      ulaanbaatar: await t.user({ countryCode: 'MN', timeZone: 'Asia/Ulaanbaatar' }),
    };
    for (const p of Object.values(people)) await t.http().patch('/api/v1/me').set(auth(p)).send({ notificationPrefs: quiet }).expect(200);
    // 18:30Z: 22:30 in Baku, 23:30 in Almaty, 19:30 in Sarajevo, 02:30 in Ulaanbaatar.
    const now = new Date('2026-12-01T18:30:00Z');
    t.app.get(Clock).set(now);
    const memberIds = await Promise.all(Object.values(people).map(async (p) => (await t.http().get('/api/v1/me').set(auth(p))).body.memberId));
    const normal = await t.http().post('/api/v1/notices').set(auth(organizer)).send({ title: 'Quiet', body: 'not now', priority: 'normal', audience: { memberIds }, requiresAck: false }).expect(201);
    await waitForQueuesIdle(t);
    await smtp.waitFor((m) => (m.to as { text: string }).text === people.sarajevo.user.email && m.subject === 'Quiet');
    const rows: { id: string; user_id: string; email_state: string }[] = await sql('select id, user_id, email_state from notifications where notice_id = ?', [normal.body.id]);
    const queue = t.app.get(JobQueue).queue('mail');
    const expected: Record<string, string> = { baku: '2026-12-02T03:00:00.000Z', almaty: '2026-12-02T02:00:00.000Z', ulaanbaatar: '2026-12-01T23:00:00.000Z' };
    for (const [name, at] of Object.entries(expected)) {
      const user = people[name as keyof typeof people];
      const row = rows.find((r) => r.user_id === user.user.id)!;
      expect({ name, state: row.email_state }).toEqual({ name, state: 'pending' });
      const job = await queue.getJob(jobId('email', row.id));
      expect({ name, delay: job?.delay }).toEqual({ name, delay: new Date(at).getTime() - now.getTime() });
      expect(mailsTo(user.user.email).filter((m) => m.subject === 'Quiet')).toHaveLength(0);
    }
    // Urgent: everyone at once, quiet hours or not.
    await t.http().post('/api/v1/notices').set(auth(organizer)).send({ title: 'Urgent', body: 'now', priority: 'urgent', audience: { memberIds }, requiresAck: false }).expect(201);
    await waitForQueuesIdle(t);
    for (const p of Object.values(people)) await smtp.waitFor((m) => (m.to as { text: string }).text === p.user.email && m.subject === 'Urgent');

    // A deferred e-mail whose notification was read meanwhile is never sent.
    const bakuRow = rows.find((r) => r.user_id === people.baku.user.id)!;
    await t.http().post('/api/v1/notifications/read').set(auth(people.baku)).send({ ids: [bakuRow.id] }).expect(200);
    t.app.get(Clock).set(new Date('2026-12-02T03:00:00Z'));
    expect(await job(() => t.app.get(NotificationsService).sendEmail(bakuRow.id, t.app.get(MailTransport)))).toBe('skipped');
    // An unread one goes out when its time comes, once.
    const almatyRow = rows.find((r) => r.user_id === people.almaty.user.id)!;
    expect(await job(() => t.app.get(NotificationsService).sendEmail(almatyRow.id, t.app.get(MailTransport)))).toBe('sent');
    expect(await job(() => t.app.get(NotificationsService).sendEmail(almatyRow.id, t.app.get(MailTransport)))).toBe('none');
    await smtp.waitFor((m) => (m.to as { text: string }).text === people.almaty.user.email && m.subject === 'Quiet');
  });

  it('delivers at a local time with one delayed job per distinct zone', async () => {
    const sarajevo = await t.user({ countryCode: 'BA', timeZone: 'Europe/Sarajevo' });
    const ub = await t.user({ countryCode: 'MN', timeZone: 'Asia/Ulaanbaatar' });
    const memberIds = [sarajevo.user.memberId, ub.user.memberId];
    const now = new Date('2026-11-30T12:00:00Z');
    t.app.get(Clock).set(now);
    const res = await t
      .http()
      .post('/api/v1/notices')
      .set(auth(organizer))
      .send({ title: 'Morning', body: '09:00 everywhere', priority: 'normal', audience: { memberIds }, requiresAck: false, deliverAtLocalTime: { date: '2026-12-01', time: '09:00' } })
      .expect(201);
    expect(res.body.status).toBe('scheduled');
    const queue = t.app.get(JobQueue).queue('notices');
    const sj = await queue.getJob(jobId('notice', res.body.id, 'Europe/Sarajevo'));
    const uj = await queue.getJob(jobId('notice', res.body.id, 'Asia/Ulaanbaatar'));
    expect(sj?.delay).toBe(new Date('2026-12-01T08:00:00Z').getTime() - now.getTime());
    expect(uj?.delay).toBe(new Date('2026-12-01T01:00:00Z').getTime() - now.getTime());
    // Ulaanbaatar's 09:00 comes first: only its officials get it then.
    await job(() => t.app.get(NoticesService).dispatch(res.body.id, 'Asia/Ulaanbaatar'));
    await waitForQueuesIdle(t);
    const rows: { user_id: string }[] = await sql('select user_id from notice_recipients where notice_id = ?', [res.body.id]);
    expect(rows.map((r) => r.user_id)).toEqual([ub.user.id]);
    expect((await t.http().get(`/api/v1/notices/${res.body.id}`).set(auth(organizer)).expect(200)).body.status).toBe('sending');
    await job(() => t.app.get(NoticesService).dispatch(res.body.id, 'Europe/Sarajevo'));
    await waitForQueuesIdle(t);
    expect((await t.http().get(`/api/v1/notices/${res.body.id}`).set(auth(organizer)).expect(200)).body).toMatchObject({ status: 'sent', recipientCount: 2 });
    await job(() => t.app.get(NoticesService).dispatch(res.body.id, 'Europe/Sarajevo')); // a retry changes nothing
    expect((await sql('select count(*) as n from notifications where notice_id = ?', [res.body.id]))[0].n).toEqual(expect.anything());
    expect(Number((await sql('select count(*) as n from notifications where notice_id = ?', [res.body.id]))[0].n)).toBe(2);
  });

  it('reminds, once, those who have not acknowledged', async () => {
    const a = await t.user({ countryCode: 'PK' });
    const b = await t.user({ countryCode: 'PK' });
    const res = await t
      .http()
      .post('/api/v1/notices')
      .set(auth(organizer))
      .send({ title: 'Reply please', body: 'Deadline Friday', priority: 'normal', audience: { memberIds: [a.user.memberId, b.user.memberId] }, requiresAck: true, remindAfterHours: 24 })
      .expect(201);
    await waitForQueuesIdle(t);
    const remindJob = await t.app.get(JobQueue).queue('notices').getJob(jobId('notice-remind', res.body.id));
    expect(remindJob?.delay).toBe(24 * 3600_000);
    await t.http().post(`/api/v1/notices/${res.body.id}/ack`).set(auth(a)).expect(200);
    await job(() => t.app.get(NoticesService).remind(res.body.id));
    await job(() => t.app.get(NoticesService).remind(res.body.id));
    await waitForQueuesIdle(t);
    const reminders: { user_id: string; title: string }[] = await sql("select user_id, title from notifications where notice_id = ? and source_key like 'notice-reminder:%'", [res.body.id]);
    // Pakistani officials read Urdu (their country's first language): e-mail and titles have it since issue 10.
    expect(reminders).toEqual([{ user_id: b.user.id, title: 'یاد دہانی: Reply please' }]);
  });

  it('notifies each mentioned person once, and @country reaches the whole country', async () => {
    const author = await t.user({ countryCode: 'KG' });
    const named = [];
    for (let i = 0; i < 10; i++) named.push(await t.user({ countryCode: 'KG', displayName: `Kyzy Ainura ${i}` }));
    const channelId = ((await t.http().get('/api/v1/channels').set(auth(author))).body as { id: string; kind: string }[]).find((c) => c.kind === 'country')!.id;
    const body = named.map((u) => `@${u.user.displayName}`).join(' ');
    const msg = (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(author)).send({ clientId: 'mention-10', body }).expect(201)).body;
    expect(msg.mentions).toHaveLength(10);
    await waitForQueuesIdle(t);
    const rows: { user_id: string; kind: string }[] = await sql('select user_id, kind from notifications where message_id = ?', [msg.id]);
    expect(rows.map((r) => r.user_id).sort()).toEqual(named.map((u) => u.user.id).sort());
    expect(rows.every((r) => r.kind === 'mention')).toBe(true);
    // Editing the message does not notify them again.
    await t.http().patch(`/api/v1/messages/${msg.id}`).set(auth(author)).send({ body: `${body} (edited)` }).expect(200);
    await waitForQueuesIdle(t);
    expect(await sql('select count(*) as n from notifications where message_id = ?', [msg.id])).toEqual([{ n: expect.anything() }]);
    expect(Number((await sql('select count(*) as n from notifications where message_id = ?', [msg.id]))[0].n)).toBe(10);
    const everyone = (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(author)).send({ clientId: 'country-1', body: 'Баарыңызга: @country' }).expect(201)).body;
    await waitForQueuesIdle(t);
    const countryRows: { user_id: string }[] = await sql('select user_id from notifications where message_id = ?', [everyone.id]);
    expect(countryRows.map((r) => r.user_id)).toEqual(expect.arrayContaining(named.map((u) => u.user.id)));
    expect(countryRows.map((r) => r.user_id)).not.toContain(author.user.id);
  });

  it('sends a daily digest at 08:00 local time to digest users, and lists and marks notifications read', async () => {
    const author = await t.user({ countryCode: 'UZ' });
    const reader = await t.user({ countryCode: 'UZ', displayName: 'Digest Reader', timeZone: 'Asia/Tashkent' });
    await t.http().patch('/api/v1/me').set(auth(reader)).send({ notificationPrefs: { email: 'digest' } }).expect(200);
    const channelId = ((await t.http().get('/api/v1/channels').set(auth(author))).body as { id: string; kind: string }[]).find((c) => c.kind === 'country')!.id;
    for (let i = 0; i < 3; i++) await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(author)).send({ clientId: `digest-${i}`, body: `@Digest Reader savol ${i}` }).expect(201);
    await waitForQueuesIdle(t);
    expect(mailsTo(reader.user.email).filter((m) => !/\/register\?token=/.test(m.text ?? ''))).toHaveLength(0); // digest users get no instant mail (the invitation aside)
    t.app.get(Clock).set(new Date('2026-12-01T10:00:00Z')); // 15:00 in Tashkent: not the digest hour
    expect(await job(() => t.app.get(NotificationsService).sendDigests(t.app.get(MailTransport)))).toBe(0);
    t.app.get(Clock).set(new Date('2026-12-01T03:10:00Z')); // 08:10 in Tashkent
    expect(await job(() => t.app.get(NotificationsService).sendDigests(t.app.get(MailTransport)))).toBeGreaterThanOrEqual(1);
    const digest = await smtp.waitFor((m) => (m.to as { text: string }).text === reader.user.email && /^Birlik: /.test(m.subject ?? ''));
    expect(digest.subject).toMatch(/3/);
    expect(await job(() => t.app.get(NotificationsService).sendDigests(t.app.get(MailTransport)))).toBe(0); // nothing twice

    const list = (await t.http().get('/api/v1/notifications').query({ unread: 'true' }).set(auth(reader)).expect(200)).body;
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ kind: 'mention', channelId, title: expect.any(String), readAt: null });
    const marked = await t.http().post('/api/v1/notifications/read').set(auth(reader)).send({ all: true }).expect(200);
    expect(marked.body).toEqual({ updated: 3 });
    expect((await t.http().get('/api/v1/notifications').query({ unread: true }).set(auth(reader)).expect(200)).body).toEqual([]);
    await t.http().post('/api/v1/notifications/read').set(auth(reader)).send({}).expect(400);
    await t.http().post('/api/v1/notifications/read').set(auth(reader)).send({ all: false }).expect(400);
  });

  it('shows the queue dashboard to admins only', async () => {
    const admin = await t.admin();
    await t.http().get('/admin/queues').expect(401);
    await t.http().get('/admin/queues').set(auth(organizer)).expect(403);
    const page = await t.http().get('/admin/queues').query({ token: admin.accessToken }).expect(200);
    expect(page.headers['set-cookie']?.[0]).toMatch(/^birlik_queues=.*HttpOnly/);
    const api = await t.http().get('/admin/queues/api/queues').set(auth(admin)).expect(200);
    expect(JSON.stringify(api.body)).toContain('notifications');
  });
});

describe('SMTP that refuses at first', () => {
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

  it('is retried until it accepts, and the e-mail arrives once', async () => {
    const organizer = await t.user({ role: 'organizer' });
    const u = await t.user({ countryCode: 'HU' });
    await waitForQueuesIdle(t);
    smtp.refuseNext(2);
    await t.http().post('/api/v1/notices').set({ Authorization: `Bearer ${organizer.accessToken}` }).send({ title: 'Retry me', body: 'x', priority: 'normal', audience: { memberIds: [u.user.memberId] }, requiresAck: false }).expect(201);
    await smtp.waitFor((m) => m.subject === 'Retry me', 30_000);
    expect(smtp.refused).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => m.subject === 'Retry me')).toHaveLength(1);
  });
});
