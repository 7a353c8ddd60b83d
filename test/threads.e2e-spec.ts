import { MikroORM } from '@mikro-orm/core';
import { TestApp, waitForQueuesIdle, type Session } from './support/app';
import { ack, collect, connect, waitFor, type Client } from './support/sockets';

describe('experience-sharing threads', () => {
  let t: TestApp;
  const sockets: Client[] = [];
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const open = async (s: Session) => {
    const c = await connect(t.url, s.accessToken);
    sockets.push(c);
    return c;
  };
  const sql = (q: string, params: unknown[] = []) => t.app.get(MikroORM).em.fork().getConnection().execute(q, params);
  let owner: Session;
  let forumId: string;

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '1000' });
    owner = await t.user({ countryCode: 'TR' });
    forumId = (await t.http().post('/api/v1/channels').set(auth(owner)).send({ kind: 'forum', name: 'Afet ve Acil Durum', visibility: 'public' }).expect(201)).body.id;
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => t?.close());

  const join = (s: Session) => t.http().post(`/api/v1/channels/${forumId}/join`).set(auth(s)).expect(200);
  const start = async (s: Session, title: string, tags: string[], body = 'Как вы решали этот вопрос?') =>
    (await t.http().post(`/api/v1/channels/${forumId}/threads`).set(auth(s)).send({ clientId: t.unique('th-'), title, body, tags }).expect(201)).body;

  it('lists the categories with their labels', async () => {
    const res = await t.http().get('/api/v1/categories').set(auth(owner)).expect(200);
    expect(res.body).toHaveLength(12);
    expect(res.body.find((c: { slug: string }) => c.slug === 'disaster-risk').labels).toMatchObject({ tr: 'Afet ve Acil Durum Yönetimi', ru: 'Управление рисками ЧС' });
  });

  it('starts a thread with a title and tags, idempotently, only in forum channels', async () => {
    const kz = await t.user({ countryCode: 'KZ' });
    await join(kz);
    const clientId = t.unique('same-');
    const body = { clientId, title: 'Как организовать пункты временного размещения?', body: 'В Алматы после землетрясения…', tags: ['disaster-risk', 'Shelters'] };
    const first = (await t.http().post(`/api/v1/channels/${forumId}/threads`).set(auth(kz)).send(body).expect(201)).body;
    expect(first.thread).toMatchObject({
      channelId: forumId,
      rootMessageId: first.message.id,
      title: body.title,
      tags: ['disaster-risk', 'shelters'],
      status: 'open',
      solutionMessageId: null,
      replyCount: 0,
      author: { id: kz.user.id, countryCode: 'KZ' },
      following: true,
    });
    const again = (await t.http().post(`/api/v1/channels/${forumId}/threads`).set(auth(kz)).send(body).expect(201)).body;
    expect(again.thread.id).toBe(first.thread.id);
    const topic = (await t.http().post('/api/v1/channels').set(auth(kz)).send({ kind: 'topic', name: 'Not a forum', visibility: 'public' }).expect(201)).body;
    await t.http().post(`/api/v1/channels/${topic.id}/threads`).set(auth(kz)).send({ ...body, clientId: t.unique('x') }).expect(400);
    await t.http().post(`/api/v1/channels/${forumId}/threads`).set(auth(kz)).send({ ...body, clientId: t.unique('x'), title: '' }).expect(400);
    await t.http().post(`/api/v1/channels/${forumId}/threads`).set(auth(kz)).send({ ...body, clientId: t.unique('x'), tags: ['two words'] }).expect(400);
  });

  it('keeps replyCount and lastActivityAt right under concurrent replies, live on the root message', async () => {
    const a = await t.user({ countryCode: 'AZ' });
    const b = await t.user({ countryCode: 'BA' });
    await join(a);
    await join(b);
    const started = await start(a, 'Su kayıpları', ['water-wastewater']);
    const [sa, sb] = [await open(a), await open(b)];
    const updates = collect<{ message: { id: string; replyCount: number } }>(sa, 'message:updated');
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ack(i % 2 ? sa : sb, 'message:send', { channelId: forumId, clientId: t.unique('r-'), body: `reply ${i}`, threadId: started.message.id })),
    );
    expect(acks.every((x) => x.ok)).toBe(true);
    const view = (await t.http().get(`/api/v1/threads/${started.thread.id}`).set(auth(b)).expect(200)).body;
    expect(view.thread.replyCount).toBe(20);
    expect(view.messages).toHaveLength(21);
    expect(view.messages[0].id).toBe(started.message.id);
    expect(new Date(view.thread.lastActivityAt).getTime()).toBeGreaterThan(new Date(started.thread.lastActivityAt).getTime() - 1);
    await waitFor(() => updates.find((u) => u.message.id === started.message.id && u.message.replyCount === 20), 5000, 'root replyCount 20 live');
  });

  it('filters by tag, status and author country, and sorts by activity or creation', async () => {
    const uz = await t.user({ countryCode: 'UZ' });
    await join(uz);
    const older = await start(uz, 'Chiqindilarni ajratib yig‘ish', ['solid-waste']);
    const newer = await start(owner, 'Otobüs hatları', ['public-transport']);
    await t.http().post(`/api/v1/channels/${forumId}/messages`).set(auth(owner)).send({ clientId: t.unique('bump-'), body: 'bump', threadId: older.message.id }).expect(201);
    const byActivity = (await t.http().get(`/api/v1/channels/${forumId}/threads`).set(auth(uz)).expect(200)).body as { id: string }[];
    expect(byActivity.findIndex((x) => x.id === older.thread.id)).toBeLessThan(byActivity.findIndex((x) => x.id === newer.thread.id));
    const byCreated = (await t.http().get(`/api/v1/channels/${forumId}/threads`).query({ sort: 'created' }).set(auth(uz)).expect(200)).body as { id: string }[];
    expect(byCreated.findIndex((x) => x.id === newer.thread.id)).toBeLessThan(byCreated.findIndex((x) => x.id === older.thread.id));
    const waste = (await t.http().get(`/api/v1/channels/${forumId}/threads`).query({ tag: 'solid-waste' }).set(auth(uz)).expect(200)).body as { id: string; tags: string[] }[];
    expect(waste.map((x) => x.id)).toEqual([older.thread.id]);
    const fromUz = (await t.http().get(`/api/v1/channels/${forumId}/threads`).query({ countryCode: 'uz' }).set(auth(uz)).expect(200)).body as { author: { countryCode: string } }[];
    expect(fromUz.length).toBeGreaterThan(0);
    expect(fromUz.every((x) => x.author.countryCode === 'UZ')).toBe(true);
    const page = await t.http().get(`/api/v1/channels/${forumId}/threads`).query({ limit: 1 }).set(auth(uz)).expect(200);
    expect(page.body).toHaveLength(1);
    const next = await t.http().get(`/api/v1/channels/${forumId}/threads`).query({ limit: 1, cursor: page.headers['x-next-cursor'] }).set(auth(uz)).expect(200);
    expect(next.body[0].id).not.toBe(page.body[0].id);
    await t.http().get(`/api/v1/channels/${forumId}/threads`).query({ status: 'closed' }).set(auth(uz)).expect(400);
  });

  it('marks a solution (author, channel owner or admin), notifies followers, and followers hear of replies', async () => {
    const author = await t.user({ countryCode: 'MK' });
    const follower = await t.user({ countryCode: 'AL' });
    const replier = await t.user({ countryCode: 'XK' });
    const stranger = await t.user({ countryCode: 'HU' });
    for (const s of [author, follower, replier, stranger]) await join(s);
    const started = await start(author, 'Kulturno nasledstvo', ['cultural-heritage']);
    await t.http().post(`/api/v1/threads/${started.thread.id}/follow`).set(auth(follower)).expect(204);
    const reply = (await t.http().post(`/api/v1/channels/${forumId}/messages`).set(auth(replier)).send({ clientId: t.unique('ans-'), body: 'Ние го направивме така…', threadId: started.message.id }).expect(201)).body;
    await waitForQueuesIdle(t);
    const replyRows: { user_id: string }[] = await sql(`select user_id from notifications where message_id = ? and kind = 'reply'`, [reply.id]);
    expect(replyRows.map((r) => r.user_id).sort()).toEqual([author.user.id, follower.user.id].sort());
    // The replier now follows too.
    expect((await t.http().get(`/api/v1/threads/${started.thread.id}`).set(auth(replier)).expect(200)).body.thread.following).toBe(true);

    await t.http().post(`/api/v1/threads/${started.thread.id}/solution`).set(auth(stranger)).send({ messageId: reply.id }).expect(403);
    await t.http().post(`/api/v1/threads/${started.thread.id}/solution`).set(auth(author)).send({ messageId: started.message.id }).expect(400);
    const solved = (await t.http().post(`/api/v1/threads/${started.thread.id}/solution`).set(auth(author)).send({ messageId: reply.id }).expect(200)).body;
    expect(solved).toMatchObject({ status: 'solved', solutionMessageId: reply.id });
    await waitForQueuesIdle(t);
    const solvedRows: { user_id: string }[] = await sql(`select user_id from notifications where kind = 'thread_solved' and message_id = ?`, [reply.id]);
    expect(solvedRows.map((r) => r.user_id).sort()).toEqual([follower.user.id, replier.user.id].sort());
    const open = (await t.http().get(`/api/v1/channels/${forumId}/threads`).query({ status: 'solved' }).set(auth(stranger)).expect(200)).body as { id: string }[];
    expect(open.map((x) => x.id)).toContain(started.thread.id);
    // The channel owner may mark it too.
    await t.http().post(`/api/v1/threads/${started.thread.id}/solution`).set(auth(owner)).send({ messageId: reply.id }).expect(200);

    // Unfollowing stops reply notifications.
    await t.http().delete(`/api/v1/threads/${started.thread.id}/follow`).set(auth(follower)).expect(204);
    const second = (await t.http().post(`/api/v1/channels/${forumId}/messages`).set(auth(replier)).send({ clientId: t.unique('ans-'), body: 'one more', threadId: started.message.id }).expect(201)).body;
    await waitForQueuesIdle(t);
    const rows2: { user_id: string }[] = await sql(`select user_id from notifications where message_id = ? and kind = 'reply'`, [second.id]);
    expect(rows2.map((r) => r.user_id)).toEqual([author.user.id]);
  });

  it('hides threads of private forums from outsiders', async () => {
    const insider = await t.user();
    const outsider = await t.user();
    const secret = (await t.http().post('/api/v1/channels').set(auth(insider)).send({ kind: 'forum', name: 'Private forum', visibility: 'private' }).expect(201)).body;
    const th = (await t.http().post(`/api/v1/channels/${secret.id}/threads`).set(auth(insider)).send({ clientId: t.unique('p-'), title: 'Secret', body: 'x', tags: [] }).expect(201)).body;
    await t.http().get(`/api/v1/threads/${th.thread.id}`).set(auth(outsider)).expect(404);
    await t.http().get(`/api/v1/channels/${secret.id}/threads`).set(auth(outsider)).expect(404);
    await t.http().post(`/api/v1/threads/${th.thread.id}/follow`).set(auth(outsider)).expect(404);
    await t.http().post(`/api/v1/threads/${th.thread.id}/solution`).set(auth(outsider)).send({ messageId: th.message.id }).expect(404);
  });
});
