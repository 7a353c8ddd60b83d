import { useEffect, useState } from 'preact/hooks';
import type { WireCategory, WireMessage, WireMyChannel, WireThread } from '@lib/contract';
import { del, get, getPage, newClientId, post, query, session, type Page as ApiPage } from '../api';
import { formatDateTime } from '../format';
import { pickText } from '@lib/i18n/languages';
import { t, tn, uiLanguage } from '../i18n';
import { Link, location$, match, navigate } from '../router';
import { activeChannelId, channels, connection, ingestAll, markRead, message, messagesTick, replies } from '../realtime';
import { Composer, MessageItem, PendingItem, pendingFor } from '../components/message';
import { ErrorNote, Field, Loading, Page, useAsync, useSubmit, useAction } from '../components/ui';
import { channelLabel } from './chat';
import './forums.css';

type Thread = WireThread;
type Category = WireCategory;

let categoriesOnce: Promise<Category[]> | null = null;
function loadCategories(): Promise<Category[]> {
  categoriesOnce ??= get<Category[]>('/categories').catch((e: unknown) => {
    categoriesOnce = null;
    throw e;
  });
  return categoriesOnce;
}

/** A category's label in the UI language (every UI language has one; the related language, then English, otherwise). */
function tagLabel(slug: string, categories: Category[] | undefined): string {
  const c = categories?.find((x) => x.slug === slug);
  if (!c) return slug;
  return pickText(c.labels, uiLanguage.value) ?? slug;
}

function Tags({ tags, categories }: { tags: string[]; categories: Category[] | undefined }) {
  return (
    <>
      {tags.map((tag) => (
        <span key={tag} class="tag" dir="auto">
          {tagLabel(tag, categories)}
        </span>
      ))}
    </>
  );
}

function Status({ status }: { status: Thread['status'] }) {
  return status === 'solved' ? (
    <span class="pill-solved" data-testid="thread-status">
      {t('forums.state.solved')}
    </span>
  ) : (
    <span class="pill-open" data-testid="thread-status">
      {t('forums.state.open')}
    </span>
  );
}

const enc = encodeURIComponent;

/** A translated sentence with a {date} placeholder, the date as a <time> element in my zone. */
function WithDate({ text, iso }: { text: string; iso: string }) {
  const [before, after = ''] = text.split('{date}');
  return (
    <>
      {before}
      <time dateTime={iso}>{formatDateTime(iso)}</time>
      {after}
    </>
  );
}

/** A forum channel (`/c/:id`); `/c/:id/r/:rootId` (a link to a thread's root message) opens that thread. */
export function ForumView({ channel }: { channel: WireMyChannel }) {
  const rootId = match('/c/:id/r/:rootId', location$.value.path)?.rootId;
  if (rootId) return <ThreadByRoot key={rootId} channel={channel} rootId={rootId} />;
  return <ForumThreads key={channel.id} channel={channel} />;
}

/** Finds the thread whose root message is `rootId` and replaces the location with its page. */
function ThreadByRoot({ channel, rootId }: { channel: WireMyChannel; rootId: string }) {
  const found = useAsync(async () => {
    let cursor: string | null = null;
    for (;;) {
      const page: ApiPage<Thread> = await getPage<Thread>(`/channels/${enc(channel.id)}/threads${query({ limit: 200, cursor })}`);
      const thread = page.items.find((x) => x.rootMessageId === rootId);
      if (thread) return thread;
      if (!page.next) return null;
      cursor = page.next;
    }
  }, [channel.id, rootId]);
  useEffect(() => {
    if (found.data) navigate(`/threads/${enc(found.data.id)}`, true);
  }, [found.data]);
  return (
    <Page title={channelLabel(channel)}>
      {found.loading && <Loading />}
      <ErrorNote error={found.error} />
      {found.data === null && (
        <p role="alert">
          {t('state.notFound')} <Link href={`/c/${enc(channel.id)}`}>{t('forums.backTo', { name: channelLabel(channel) })}</Link>
        </p>
      )}
    </Page>
  );
}

function ForumThreads({ channel }: { channel: WireMyChannel }) {
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState<'' | 'open' | 'solved'>('');
  const [sort, setSort] = useState<'activity' | 'created'>('activity');
  const [composing, setComposing] = useState(false);
  const categories = useAsync(loadCategories, []);
  const path = (cursor: string | null) => `/channels/${enc(channel.id)}/threads${query({ tag, status, sort, limit: 50, cursor })}`;
  const list = useAsync(() => getPage<Thread>(path(null)), [channel.id, tag, status, sort]);
  const more = useSubmit(async () => {
    if (!list.data?.next) return;
    const page = await getPage<Thread>(path(list.data.next));
    list.setData({ items: [...list.data.items, ...page.items], next: page.next });
  });
  const cats = categories.data;

  // The forum on screen is being read: its badge clears, and stays clear while new posts arrive.
  useEffect(() => {
    activeChannelId.value = channel.id;
    return () => {
      if (activeChannelId.value === channel.id) activeChannelId.value = null;
    };
  }, [channel.id]);
  useEffect(() => {
    if (!document.hidden) markRead(channel.id, channel.lastSeq);
  }, [channel.id, channel.lastSeq]);

  return (
    <Page
      title={channelLabel(channel)}
      class="forum"
      actions={
        <button type="button" class="primary" aria-expanded={composing} onClick={() => setComposing(!composing)}>
          {t('forums.newThread')}
        </button>
      }
    >
      {channel.description && (
        <p class="muted" dir="auto">
          {channel.description}
        </p>
      )}
      <ErrorNote error={categories.error} />
      {composing && <NewThreadForm channel={channel} categories={cats} onCancel={() => setComposing(false)} />}

      <form class="row filters" aria-label={t('forums.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('forums.category')}>
          <select value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
            <option value="">{t('forums.allCategories')}</option>
            {cats?.map((c) => (
              <option key={c.slug} value={c.slug}>
                {tagLabel(c.slug, cats)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('forums.status')}>
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as typeof status)}>
            <option value="">{t('forums.status.all')}</option>
            <option value="open">{t('forums.status.open')}</option>
            <option value="solved">{t('forums.status.solved')}</option>
          </select>
        </Field>
        <Field label={t('forums.sort')}>
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as typeof sort)}>
            <option value="activity">{t('forums.sort.activity')}</option>
            <option value="created">{t('forums.sort.created')}</option>
          </select>
        </Field>
      </form>

      <h2 class="sr-only">{t('forums.threads')}</h2>
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <p class="muted">{tag || status ? t('forums.noThreads') : t('state.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul class="thread-list" aria-busy={list.loading}>
          {list.data.items.map((th) => (
            <li key={th.id} class="card" data-testid="thread">
              <h3>
                <Link href={`/threads/${enc(th.id)}`} dir="auto">
                  {th.title}
                </Link>
              </h3>
              <div class="row">
                {th.status === 'solved' && <span class="pill-solved">{t('forums.state.solved')}</span>}
                <Tags tags={th.tags} categories={cats} />
              </div>
              <p class="meta-line muted">
                <span>{tn('forums.replies.one', 'forums.replies.other', th.replyCount)}</span>
                <span>{t('forums.startedBy', { name: th.author.displayName })}</span>
                <span>
                  <WithDate text={t('forums.lastActivity')} iso={th.lastActivityAt} />
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {list.data?.next && (
        <form onSubmit={more.onSubmit}>
          <button type="submit" disabled={more.busy}>
            {t('action.loadMore')}
          </button>
        </form>
      )}
      <ErrorNote error={more.error} />
    </Page>
  );
}

function NewThreadForm({ channel, categories, onCancel }: { channel: WireMyChannel; categories: Category[] | undefined; onCancel: () => void }) {
  // One clientId per draft: sending again after a lost answer does not create a second thread.
  const [clientId] = useState(newClientId);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const submit = useSubmit(async () => {
    const res = await post<{ thread: Thread; message: WireMessage }>(`/channels/${enc(channel.id)}/threads`, { clientId, title, body, tags });
    ingestAll([res.message]);
    navigate(`/threads/${enc(res.thread.id)}`);
  });
  const toggle = (slug: string, on: boolean) => setTags(on ? [...tags, slug] : tags.filter((x) => x !== slug));

  return (
    <form class="stack card new-thread" onSubmit={submit.onSubmit} aria-labelledby="new-thread-title">
      <h2 id="new-thread-title">{t('forums.newThread')}</h2>
      <Field label={t('forums.title')}>
        <input value={title} onInput={(e) => setTitle(e.currentTarget.value)} required maxLength={300} dir="auto" autoFocus />
      </Field>
      <Field label={t('forums.body')} hint={t('forums.bodyHint')}>
        <textarea value={body} onInput={(e) => setBody(e.currentTarget.value)} required maxLength={10000} rows={6} dir="auto" />
      </Field>
      {categories && categories.length > 0 && (
        <fieldset>
          <legend>{t('forums.categories')}</legend>
          <div class="category-choices">
            {categories.map((c) => (
              <label key={c.slug}>
                <input type="checkbox" checked={tags.includes(c.slug)} onChange={(e) => toggle(c.slug, e.currentTarget.checked)} />
                {tagLabel(c.slug, categories)}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <ErrorNote error={submit.error} />
      <div class="row">
        <button type="submit" class="primary" disabled={submit.busy}>
          {t('forums.post')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}

/** `/threads/:id`: the thread's root message and replies, live from the message store, and a reply box. */
export function ThreadView({ id }: { id: string }) {
  const res = useAsync(() => get<{ thread: Thread; messages: WireMessage[] }>(`/threads/${enc(id)}`), [id]);
  const categories = useAsync(loadCategories, []);
  const [thread, setThread] = useState<Thread | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    if (!res.data) return;
    ingestAll(res.data.messages);
    setThread(res.data.thread);
  }, [res.data]);

  if (res.error) {
    return (
      <Page title={t('nav.forums')}>
        <ErrorNote error={res.error} />
      </Page>
    );
  }
  if (!thread) return <Loading />;

  void messagesTick.value; // re-render when the store changes (live replies, edits, reactions)
  const channelId = thread.channelId;
  const channel = channels.value.find((c) => c.id === channelId);
  const root = message(channelId, thread.rootMessageId);
  const list = replies(channelId, thread.rootMessageId);
  const pending = pendingFor(channelId, thread.rootMessageId);
  const online = connection.value === 'online';
  const user = session.value?.user;
  const canMark = !!user && (thread.author.id === user.id || user.role === 'admin' || channel?.role === 'owner');

  const toggleFollow = () =>
    run(async () => {
      if (thread.following) await del(`/threads/${enc(thread.id)}/follow`);
      else await post(`/threads/${enc(thread.id)}/follow`);
      setThread({ ...thread, following: !thread.following });
    });
  const markSolution = (messageId: string) =>
    run(async () => {
      const updated = await post<Thread>(`/threads/${enc(thread.id)}/solution`, { messageId });
      setThread({ ...thread, ...updated });
    });

  return (
    <Page
      title={thread.title}
      class="thread"
      actions={
        <button type="button" onClick={toggleFollow} disabled={busy}>
          {thread.following ? t('forums.unfollow') : t('forums.follow')}
        </button>
      }
    >
      <p>
        <Link href={`/c/${enc(channelId)}`}>{channel ? t('forums.backTo', { name: channelLabel(channel) }) : t('action.back')}</Link>
      </p>
      <div class="row">
        <Status status={thread.status} />
        <Tags tags={thread.tags} categories={categories.data} />
      </div>
      <ErrorNote error={categories.error} />
      <ErrorNote error={error} />
      <div class="thread-root card">{root && <MessageItem message={root} channel={channel} />}</div>

      <h2>
        {t('forums.repliesHeading')} <span class="muted">({list.length})</span>
      </h2>
      {list.length === 0 && pending.length === 0 && <p class="muted">{t('forums.noReplies')}</p>}
      <ol class="thread-replies">
        {list.map((m) => {
          const isSolution = m.id === thread.solutionMessageId;
          return (
            <li key={m.id}>
              <MessageItem
                message={m}
                channel={channel}
                class={isSolution ? 'solution' : ''}
                extra={
                  isSolution ? (
                    <p class="ok solution-label" data-testid="solution">
                      <span aria-hidden="true">✔ </span>
                      {t('forums.solution')}
                    </p>
                  ) : canMark && !m.deletedAt ? (
                    <p class="solution-label">
                      <button type="button" class="link" disabled={busy} onClick={() => markSolution(m.id)}>
                        {t('forums.markSolution')}
                      </button>
                    </p>
                  ) : null
                }
              />
            </li>
          );
        })}
        {pending.map((p) => (
          <li key={p.clientId}>
            <PendingItem p={p} online={online} />
          </li>
        ))}
      </ol>
      <Composer channelId={channelId} threadId={thread.rootMessageId} label={t('forums.reply')} />
    </Page>
  );
}
