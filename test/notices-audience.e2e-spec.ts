import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { TestSmtp } from './support/smtp';
import { collect, connect, waitFor, type Client } from './support/sockets';

/**
 * A notice reaches only its audience: every audience kind × every kind of viewer × every surface where a notice or
 * its text could show (announcement channel history, sync, search, unread and mention counts, live events, the
 * notices API, the inbox, e-mail, the report). Also the composer's preview (`POST /notices/audience`) and the
 * `notice_sent` audit event.
 */
describe('notices reach only their audience', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: Session;
  let sender: Session;
  let otherOrganizer: Session;
  const sockets: Client[] = [];
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const mailTo = (s: Session, subject: string) => smtp.messages.filter((m) => (m.to as { text: string }).text === s.user.email && m.subject === subject);

  type Channel = { id: string; kind: string; unreadCount: number; mentionCount: number };
  const channels = async (s: Session) => (await t.http().get('/api/v1/channels').set(auth(s)).expect(200)).body as Channel[];
  const counts = async (s: Session) => new Map((await channels(s)).map((c) => [c.id, { unread: c.unreadCount, mentions: c.mentionCount }]));

  beforeAll(async () => {
    smtp = await new TestSmtp().start();
    t = await TestApp.start({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://birlik.example.org', MESSAGE_RATE_LIMIT_PER_10S: '1000' });
    admin = await t.admin();
    sender = await t.user({ role: 'organizer', countryCode: 'TR' });
    otherOrganizer = await t.user({ role: 'organizer', countryCode: 'TR' });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  /** Each case: the audience, one official it reaches and (for a targeted one) a Kazakh official it does not. */
  const cases: { kind: string; setup: () => Promise<{ audience: object; recipient: Session; outsider: Session | null }> }[] = [
    {
      kind: 'everyone',
      setup: async () => ({ audience: { all: true }, recipient: await t.user({ countryCode: 'AZ' }), outsider: null }),
    },
    {
      kind: 'countryCodes',
      setup: async () => ({ audience: { countryCodes: ['AZ'] }, recipient: await t.user({ countryCode: 'AZ' }), outsider: await t.user({ countryCode: 'KZ' }) }),
    },
    {
      kind: 'memberKinds',
      setup: async () => {
        const union = await t.createMember({ countryCode: 'AZ', kind: 'municipal_union' });
        return { audience: { memberKinds: ['municipal_union'] }, recipient: await t.user({ memberId: union.id }), outsider: await t.user({ countryCode: 'KZ' }) };
      },
    },
    {
      kind: 'memberIds',
      setup: async () => {
        const city = await t.createMember({ countryCode: 'AZ', kind: 'municipality' });
        return { audience: { memberIds: [city.id] }, recipient: await t.user({ memberId: city.id }), outsider: await t.user({ countryCode: 'KZ' }) };
      },
    },
    {
      kind: 'a union of countries, member kinds and members',
      setup: async () => {
        const city = await t.createMember({ countryCode: 'BA', kind: 'municipality' });
        await t.user({ countryCode: 'AL' });
        return {
          audience: { countryCodes: ['AL'], memberKinds: ['regional_administration'], memberIds: [city.id] },
          recipient: await t.user({ memberId: city.id }),
          outsider: await t.user({ countryCode: 'KZ' }),
        };
      },
    },
  ];

  it.each(cases)('audience: $kind', async ({ kind, setup }) => {
    const { audience, recipient, outsider } = await setup();
    const targeted = outsider !== null;
    const word = t.unique('Gizlisoz').toLowerCase();
    const title = `Toplantı ${word}`;
    const viewers: Record<string, Session> = { recipient, sender, otherOrganizer, admin, ...(outsider ? { outsider } : {}) };
    // Who receives it (in-app, live, e-mail): the audience's active officials. Everyone when it is for everyone.
    const receives = (name: string) => name === 'recipient' || !targeted;
    // Who may open it: recipients, the sender, organizers and admins.
    const mayOpen = (name: string) => name !== 'outsider';

    const before = new Map<string, Map<string, { unread: number; mentions: number }>>();
    const live: Record<string, { notices: { notice: { id: string } }[]; messages: { message: { body: string | null } }[]; notifications: { notification: { noticeId?: string } }[] }> = {};
    for (const [name, s] of Object.entries(viewers)) {
      before.set(name, await counts(s));
      const socket = await connect(t.url, s.accessToken);
      sockets.push(socket);
      live[name] = { notices: collect(socket, 'notice:new'), messages: collect(socket, 'message:new'), notifications: collect(socket, 'notification:new') };
    }

    const created = await t
      .http()
      .post('/api/v1/notices')
      .set(auth(sender))
      .send({ title, body: `Gündem: ${word} maddesi.`, language: 'tr', priority: 'high', audience, requiresAck: true })
      .expect(201);
    const id = created.body.id as string;
    await waitForQueuesIdle(t);
    // Every receiver's e-mail arrives; whatever else went out went out with it.
    for (const name of Object.keys(viewers).filter(receives)) await smtp.waitFor((m) => (m.to as { text: string }).text === viewers[name].user.email && m.subject === title);
    for (const name of Object.keys(viewers).filter(receives)) await waitFor(() => live[name].notices.some((n) => n.notice.id === id), 10_000, `notice:new for ${name}`);
    if (!targeted) for (const name of Object.keys(viewers)) await waitFor(() => live[name].messages.some((m) => m.message.body?.includes(word)), 10_000, `message:new for ${name}`);

    const announcement = (await channels(recipient)).find((c) => c.kind === 'announcement')!;
    for (const [name, s] of Object.entries(viewers)) {
      const what = `${kind} / ${name}`;
      // Announcement channel history and sync: a targeted notice is in neither, for anyone.
      const history = (await t.http().get(`/api/v1/channels/${announcement.id}/messages`).set(auth(s)).expect(200)).body as { body: string | null }[];
      expect([what, history.filter((m) => m.body?.includes(word)).length]).toEqual([what, targeted ? 0 : 1]);
      const socket = sockets[Object.keys(viewers).indexOf(name)];
      const synced = (await socket.timeout(10_000).emitWithAck('sync', { channels: Object.fromEntries([...before.get(name)!.keys()].map((c) => [c, 0])) })) as {
        ok: boolean;
        changes: { body: string | null }[];
      };
      expect(synced.ok).toBe(true);
      expect([what, synced.changes.filter((m) => m.body?.includes(word)).length]).toEqual([what, targeted ? 0 : 1]);

      // Search, every kind: only a notice to everyone is findable (as the announcement channel's message).
      for (const extra of [{}, { kind: 'messages' }, { kind: 'threads' }]) {
        const hits = (await t.http().get('/api/v1/search').query({ q: word, ...extra }).set(auth(s)).expect(200)).body as { snippet: string }[];
        const expected = !targeted && (extra as { kind?: string }).kind !== 'threads' ? 1 : 0;
        expect([what, extra, hits.length]).toEqual([what, extra, expected]);
      }

      // Unread and mention counts: a targeted notice adds to no channel of anyone's; one to everyone adds one
      // unread message in the announcement channel (not for its sender, who has read what they posted).
      const after = await counts(s);
      for (const [channelId, was] of before.get(name)!) {
        const now = after.get(channelId)!;
        const adds = !targeted && channelId === announcement.id && name !== 'sender' ? 1 : 0;
        expect([what, channelId, now]).toEqual([what, channelId, { unread: was.unread + adds, mentions: was.mentions }]);
      }

      // Live events: notice:new and notification:new reach receivers only; message:new only for a notice to everyone.
      expect([what, live[name].notices.filter((n) => n.notice.id === id).length]).toEqual([what, receives(name) ? 1 : 0]);
      expect([what, live[name].notifications.filter((n) => n.notification.noticeId === id).length]).toEqual([what, receives(name) ? 1 : 0]);
      expect([what, live[name].messages.filter((m) => m.message.body?.includes(word)).length]).toEqual([what, targeted ? 0 : 1]);

      // The notices API: listed for receivers and the sender; readable by them, organizers and admins; 404 otherwise.
      const list = (await t.http().get('/api/v1/notices').set(auth(s)).expect(200)).body as { id: string }[];
      expect([what, list.some((n) => n.id === id)]).toEqual([what, receives(name) || name === 'sender']);
      await t.http().get(`/api/v1/notices/${id}`).set(auth(s)).expect(mayOpen(name) ? 200 : 404);
      await t.http().post(`/api/v1/notices/${id}/read`).set(auth(s)).expect(receives(name) ? 200 : 404);

      // Inbox and e-mail: receivers only.
      const inbox = (await t.http().get('/api/v1/notifications').set(auth(s)).expect(200)).body as { noticeId?: string; title: string; snippet: string }[];
      const mine = inbox.filter((n) => n.noticeId === id || n.title.includes(word) || n.snippet.includes(word));
      expect([what, mine.length]).toEqual([what, receives(name) ? 1 : 0]);
      expect([what, mailTo(s, title).length]).toEqual([what, receives(name) ? 1 : 0]);

      // The report: the sender, organizers and admins; officials never.
      await t.http().get(`/api/v1/notices/${id}/report`).set(auth(s)).expect(name === 'recipient' || name === 'outsider' ? 403 : 200);
    }

    // The preview said whom it would reach, and the send reached exactly them.
    const report = (await t.http().get(`/api/v1/notices/${id}/report`).set(auth(sender)).expect(200)).body as { recipientCount: number; byCountry: { countryCode: string; recipients: number }[] };
    const reach = (await t.http().post('/api/v1/notices/audience').set(auth(otherOrganizer)).send({ audience }).expect(200)).body as {
      officials: number;
      byCountry: { countryCode: string; officials: number }[];
    };
    expect(reach.officials).toBe(report.recipientCount);
    expect(reach.byCountry.map((c) => [c.countryCode, c.officials])).toEqual(report.byCountry.map((c) => [c.countryCode, c.recipients]));

    // Every notice sent is an audit event, with its audience and how many it reached.
    const audit = (await t.http().get('/api/v1/audit').query({ action: 'notice_sent', targetId: id }).set(auth(admin)).expect(200)).body as object[];
    expect(audit).toEqual([
      expect.objectContaining({ action: 'notice_sent', actorId: sender.user.id, targetType: 'notice', targetId: id, details: expect.objectContaining({ audience: expect.any(Object), recipientCount: created.body.recipientCount }) }),
    ]);
  });

  describe('POST /notices/audience', () => {
    it('counts the active officials, their members and both per country, as the send resolves them', async () => {
      const union = await t.createMember({ countryCode: 'KG', kind: 'municipal_union' });
      const city = await t.createMember({ countryCode: 'MN', kind: 'municipality' });
      const a = await t.user({ memberId: union.id });
      await t.user({ memberId: union.id });
      await t.user({ memberId: city.id });
      const gone = await t.user({ memberId: city.id });
      await t.http().patch(`/api/v1/users/${gone.user.id}`).set(auth(admin)).send({ deactivated: true }).expect(200);
      const reach = async (s: Session, audience: object) => (await t.http().post('/api/v1/notices/audience').set(auth(s)).send({ audience }).expect(200)).body;

      expect(await reach(sender, { memberIds: [union.id, city.id] })).toEqual({
        officials: 3,
        members: 2,
        byCountry: [
          { countryCode: 'KG', officials: 2, members: 1 },
          { countryCode: 'MN', officials: 1, members: 1 },
        ],
      });
      expect(await reach(admin, { memberIds: [city.id], countryCodes: ['kg'] })).toMatchObject({ officials: 3, members: 2 });
      const everyone = await reach(sender, { all: true });
      expect(everyone.officials).toBeGreaterThanOrEqual(5);
      expect(everyone.byCountry.map((c: { countryCode: string }) => c.countryCode)).toEqual(expect.arrayContaining(['KG', 'MN', 'TR']));
      expect(everyone.officials).toBeGreaterThanOrEqual(everyone.byCountry.reduce((n: number, c: { officials: number }) => n + c.officials, 0));

      // Officials may not ask; bad audiences are refused as POST /notices refuses them, the field named.
      await t.http().post('/api/v1/notices/audience').set(auth(a)).send({ audience: { all: true } }).expect(403);
      await t.http().post('/api/v1/notices/audience').send({ audience: { all: true } }).expect(401);
      const bad: [object, string][] = [
        [{}, 'audience'],
        [{ audience: {} }, 'audience'],
        [{ audience: { countryCodes: [] } }, 'audience'],
        [{ audience: { countryCodes: ['ZZ'] } }, 'audience.countryCodes'],
        [{ audience: { countryCodes: 'AZ' } }, 'audience.countryCodes'],
        [{ audience: { memberKinds: ['village'] } }, 'audience.memberKinds'],
        [{ audience: { memberIds: ['nope'] } }, 'audience.memberIds'],
        [{ audience: { all: false } }, 'audience.all'],
        [{ audience: { all: true }, extra: 1 }, 'extra'],
      ];
      for (const [body, field] of bad) {
        const res = await t.http().post('/api/v1/notices/audience').set(auth(sender)).send(body).expect(400);
        expect([body, JSON.stringify(res.body.message)]).toEqual([body, expect.stringContaining(field)]);
      }
    });

    it('is documented in the OpenAPI document', async () => {
      const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
      const op = doc.paths['/api/v1/notices/audience']?.post;
      expect(op).toBeDefined();
      expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['200', '400', '403']));
    });
  });
});
