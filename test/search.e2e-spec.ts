import { TestApp, type Session } from './support/app';
import type { WireSearchHit } from '@lib/contract';


/** The same corpus and queries on PostgreSQL (tsvector + GIN) and SQLite (FTS5): the same hits. */
describe('search across scripts', () => {
  let t: TestApp;
  let kz: Session;
  let tr: Session;
  let outsider: Session;
  let forumId: string;
  let privateId: string;
  const ids: Record<string, string> = {};
  const auth = (s: Session) => ({ Authorization: `Bearer ${s.accessToken}` });
  const search = async (s: Session, q: string, extra: Record<string, string> = {}) =>
    (await t.http().get('/api/v1/search').query({ q, ...extra }).set(auth(s)).expect(200)).body as WireSearchHit[];
  const post = async (s: Session, channelId: string, key: string, body: string) => {
    ids[key] = (await t.http().post(`/api/v1/channels/${channelId}/messages`).set(auth(s)).send({ clientId: t.unique(key), body }).expect(201)).body.id;
  };

  beforeAll(async () => {
    t = await TestApp.start({ MESSAGE_RATE_LIMIT_PER_10S: '1000' });
    kz = await t.user({ countryCode: 'KZ' });
    tr = await t.user({ countryCode: 'TR' });
    outsider = await t.user({ countryCode: 'HU' });
    forumId = (await t.http().post('/api/v1/channels').set(auth(kz)).send({ kind: 'forum', name: 'Опыт', visibility: 'public' }).expect(201)).body.id;
    await t.http().post(`/api/v1/channels/${forumId}/join`).set(auth(tr)).expect(200);
    const th = (
      await t
        .http()
        .post(`/api/v1/channels/${forumId}/threads`)
        .set(auth(kz))
        .send({ clientId: 'thread-1', title: 'Пункты временного размещения в Алматы после землетрясения', body: 'Как вы организовали убежища? Тошкент тоже спрашивал.', tags: ['disaster-risk'] })
        .expect(201)
    ).body;
    ids.thread = th.thread.id;
    ids.threadRoot = th.message.id;
    await post(tr, forumId, 'baku', 'BAKI belediyesi ile İSTANBUL toplantısı yapıldı');
    await post(kz, forumId, 'baku-cyr', 'Делегация из Баку прибыла');
    await post(tr, forumId, 'edit-me', 'Eski metin: kanalizasyon');
    await post(tr, forumId, 'delete-me', 'Silinecek mesaj: yağmur suyu');
    await post(tr, forumId, 'script', '<script>alert(1)</script> Almaty');
    privateId = (await t.http().post('/api/v1/channels').set(auth(kz)).send({ kind: 'topic', name: 'Private', visibility: 'private' }).expect(201)).body.id;
    await post(kz, privateId, 'secret', 'Секретный протокол Алматы');
  });
  afterAll(() => t?.close());

  it.each([
    ['Almaty', 'thread'],
    ['Almatı', 'thread'],
    ['ALMATY', 'thread'],
    ['алматы', 'thread'],
    ['Toshkent', 'threadRoot'],
    ['Ташкент', 'threadRoot'],
    ['zemletryaseniya', 'thread'],
    ['Baku', 'baku'],
    ['bakı', 'baku'],
    ['Баку', 'baku'],
    ['istanbul', 'baku'],
    ['İstanbul toplantı', 'baku'],
  ])('"%s" finds %s', async (q, key) => {
    const hits = await search(tr, q);
    expect(hits.map((h) => h.id)).toContain(ids[key]);
  });

  it('finds the Cyrillic message from Latin and the Latin one from Cyrillic', async () => {
    expect((await search(tr, 'Baku')).map((h) => h.id)).toEqual(expect.arrayContaining([ids.baku, ids['baku-cyr']]));
  });

  it('highlights the original words, escaped', async () => {
    const hit = (await search(tr, 'almati')).find((h) => h.id === ids.script)!;
    expect(hit.snippet).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <mark>Almaty</mark>');
    const thread = (await search(tr, 'Алматы', { kind: 'threads' }))[0];
    expect(thread).toMatchObject({ kind: 'thread', id: ids.thread, title: expect.stringContaining('Алматы') });
    expect(thread.snippet).toContain('<mark>Алматы</mark>');
  });

  it('never shows what the caller may not read', async () => {
    expect((await search(kz, 'протокол')).map((h) => h.id)).toEqual([ids.secret]);
    expect(await search(outsider, 'протокол')).toEqual([]);
    expect(await search(tr, 'Секретный')).toEqual([]);
    await t.http().get('/api/v1/search').query({ q: 'Almaty', channelId: privateId }).set(auth(outsider)).expect(404);
  });

  it('filters by channel, country and kind', async () => {
    const byCountry = await search(tr, 'Baku', { countryCode: 'KZ' });
    expect(byCountry.map((h) => h.id)).toEqual([ids['baku-cyr']]);
    const threadsOnly = await search(tr, 'Almaty', { kind: 'threads' });
    expect(threadsOnly.every((h) => h.kind === 'thread')).toBe(true);
    const inForum = await search(kz, 'Almaty', { channelId: forumId });
    expect(inForum.every((h) => h.channelId === forumId)).toBe(true);
    expect(inForum.map((h) => h.id)).not.toContain(ids.secret);
  });

  it('matches the last word as a prefix', async () => {
    expect((await search(tr, 'kanaliz')).map((h) => h.id)).toContain(ids['edit-me']);
    expect((await search(tr, 'toplan')).map((h) => h.id)).toContain(ids.baku);
  });

  it('reflects edits and deletions', async () => {
    await t.http().patch(`/api/v1/messages/${ids['edit-me']}`).set(auth(tr)).send({ body: 'Yeni metin: arıtma tesisi' }).expect(200);
    expect((await search(tr, 'kanalizasyon')).map((h) => h.id)).not.toContain(ids['edit-me']);
    expect((await search(tr, 'arıtma')).map((h) => h.id)).toContain(ids['edit-me']);
    await t.http().delete(`/api/v1/messages/${ids['delete-me']}`).set(auth(tr)).expect(204);
    expect((await search(tr, 'yağmur')).map((h) => h.id)).not.toContain(ids['delete-me']);
  });

  it('refuses an empty query', async () => {
    await t.http().get('/api/v1/search').set(auth(tr)).expect(400);
    await t.http().get('/api/v1/search').query({ q: ' ,;! ' }).set(auth(tr)).expect(400);
    await t.http().get('/api/v1/search').query({ q: 'x', kind: 'people' }).set(auth(tr)).expect(400);
  });
});
