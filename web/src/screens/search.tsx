import { useEffect, useRef, useState } from 'preact/hooks';
import type { WireChannel, WireCountry, WireMessage, WireSearchHit } from '@lib/contract';
import { get, post, query } from '../api';
import { countryName, formatDateTime } from '../format';
import { t, tn } from '../i18n';
import { Markdown, Snippet } from '../markdown';
import { Link, location$, navigate } from '../router';
import { channelUpdates, channels, loadChannels } from '../realtime';
import { ErrorNote, Field, Loading, Page, useAction, useAsync } from '../components/ui';
import { channelLabel } from './chat';
import './forums.css';

type Kind = '' | 'messages' | 'threads';
const PAGE = 50;
const MAX = 100; // the API's largest limit; search answers are not paged

const enc = encodeURIComponent;

/** Where a hit opens: a thread's page, a reply's thread (replies panel, or the forum thread), else its channel. */
function target(hit: WireSearchHit): string {
  if (hit.kind === 'thread') return `/threads/${enc(hit.id)}`;
  // A channel I am not in (search only finds public ones there): the message, read-only.
  if (!channels.value.some((c) => c.id === hit.channelId)) return `/c/${enc(hit.channelId)}/m/${enc(hit.id)}`;
  if (hit.threadId) return `/c/${enc(hit.channelId)}/r/${enc(hit.threadId)}`;
  const channel = channels.value.find((c) => c.id === hit.channelId);
  // The first post of a forum thread: the forum view finds the thread it starts.
  if (channel?.kind === 'forum') return `/c/${enc(hit.channelId)}/r/${enc(hit.id)}`;
  return `/c/${enc(hit.channelId)}`;
}

/** `/search?q=&kind=&countryCode=`: the query lives in the URL, so results can be linked and the back button works. */
export function SearchView() {
  const params = location$.value.query;
  const q = (params.get('q') ?? '').trim();
  const kindParam = params.get('kind');
  const kind: Kind = kindParam === 'messages' || kindParam === 'threads' ? kindParam : '';
  const countryCode = params.get('countryCode') ?? '';

  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  // "Show more" asks for the largest answer of this very search; a new search starts small again.
  const searchKey = `${q}\n${kind}\n${countryCode}`;
  const [expanded, setExpanded] = useState<string | null>(null);
  const limit = expanded === searchKey ? MAX : PAGE;

  const countries = useAsync(() => get<WireCountry[]>('/countries'), []);
  const results = useAsync(
    () => (q ? get<WireSearchHit[]>(`/search${query({ q, kind, countryCode, limit })}`) : Promise.resolve(null)),
    [q, kind, countryCode, limit],
  );

  const go = (next: { q?: string; kind?: Kind; countryCode?: string }) => {
    const nq = next.q ?? text.trim();
    if (!nq) return;
    navigate(`/search${query({ q: nq, kind: next.kind ?? kind, countryCode: next.countryCode ?? countryCode })}`);
  };
  const hits = results.data;

  return (
    <Page title={t('nav.search')} class="search">
      <form
        class="row search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: text.trim() });
        }}
      >
        <Field label={t('nav.search')}>
          <input type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder={t('search.placeholder')} required maxLength={200} dir="auto" />
        </Field>
        <Field label={t('search.kind')}>
          <select value={kind} onChange={(e) => go({ kind: e.currentTarget.value as Kind })}>
            <option value="">{t('search.kind.all')}</option>
            <option value="messages">{t('search.kind.messages')}</option>
            <option value="threads">{t('search.kind.threads')}</option>
          </select>
        </Field>
        <Field label={t('search.country')}>
          <select value={countryCode} onChange={(e) => go({ countryCode: e.currentTarget.value })}>
            <option value="">{t('search.allCountries')}</option>
            {countries.data?.map((c) => (
              <option key={c.code} value={c.code}>
                {countryName(c.code, c.name)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary">
          {t('nav.search')}
        </button>
      </form>
      <ErrorNote error={countries.error} />
      {!q && <p class="muted">{t('search.hint')}</p>}
      <ErrorNote error={results.error} />
      {q && results.loading && !hits && <Loading />}
      {hits && (
        <>
          <p class="muted" role="status">
            {hits.length ? tn('search.results.one', 'search.results.other', hits.length) : t('search.none', { q })}
          </p>
          <ol class="search-hits" aria-busy={results.loading}>
            {hits.map((hit) => (
              <Hit key={`${hit.kind}:${hit.id}`} hit={hit} />
            ))}
          </ol>
          {hits.length >= limit && limit < MAX && (
            <button type="button" disabled={results.loading} onClick={() => setExpanded(searchKey)}>
              {t('search.more')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}

function Hit({ hit }: { hit: WireSearchHit }) {
  const channel = channels.value.find((c) => c.id === hit.channelId);
  const kindLabel = hit.kind === 'thread' ? t('search.thread') : hit.threadId ? t('search.reply') : t('search.message');
  const linkText = hit.kind === 'thread' ? t('search.openThread') : channel ? t('search.openIn', { name: channelLabel(channel) }) : t('search.openConversation');
  const link = <Link href={target(hit)}>{linkText}</Link>;
  return (
    <li class="card" data-testid="search-hit">
      <div class="row">
        <span class="tag">{kindLabel}</span>
        {hit.title && (
          <strong dir="auto">
            <Link href={target(hit)}>{hit.title}</Link>
          </strong>
        )}
      </div>
      <p class="snippet" dir="auto">
        <Snippet html={hit.snippet} />
      </p>
      <p class="meta-line muted">
        {hit.author && (
          <span>
            {hit.author.displayName}
            {hit.author.countryCode && ` · ${countryName(hit.author.countryCode)}`}
          </span>
        )}
        <time dateTime={hit.createdAt}>{formatDateTime(hit.createdAt)}</time>
        {!hit.title && link}
      </p>
    </li>
  );
}

const HISTORY_PAGE = 200;
const HISTORY_PAGES = 10;
const CONTEXT = 10;

/** The messages shown around a search hit: its thread for a reply, else the top-level messages before and after it. */
async function around(channelId: string, messageId: string): Promise<{ messages: WireMessage[]; found: boolean }> {
  const path = (q: Record<string, string | number | undefined>) => `/channels/${enc(channelId)}/messages${query({ limit: HISTORY_PAGE, ...q })}`;
  let loaded: WireMessage[] = [];
  let hit: WireMessage | undefined;
  let before: number | undefined;
  for (let i = 0; i < HISTORY_PAGES && !hit; i++) {
    const page = await get<WireMessage[]>(path({ before }));
    loaded = [...page, ...loaded];
    hit = page.find((m) => m.id === messageId);
    if (page.length < HISTORY_PAGE) break;
    before = page[0].seq;
  }
  if (!hit) return { messages: loaded.filter((m) => !m.threadId).slice(-CONTEXT), found: false };
  if (hit.threadId) {
    const thread = await get<WireMessage[]>(path({ threadId: hit.threadId, after: 0 }));
    const root = loaded.find((m) => m.id === hit!.threadId);
    return { messages: [...(root ? [root] : []), ...thread], found: true };
  }
  const top = loaded.filter((m) => !m.threadId);
  const at = top.findIndex((m) => m.id === messageId);
  return { messages: top.slice(Math.max(0, at - CONTEXT), at + CONTEXT + 1), found: true };
}

/**
 * `/c/:id/m/:messageId` for a public channel I am not in: the message a search found, read-only, with the messages
 * around it, and a button to join. (For a channel I am in, the route opens the channel itself.)
 */
export function PublicChannelView({ channelId, messageId }: { channelId: string; messageId: string }) {
  const channel = useAsync(() => get<WireChannel>(`/channels/${enc(channelId)}`), [channelId]);
  const history = useAsync(() => around(channelId, messageId), [channelId, messageId]);
  const join = useAction();
  const hitRef = useRef<HTMLLIElement>(null);
  useEffect(() => hitRef.current?.scrollIntoView?.({ block: 'center' }), [history.data]);
  const live = channelUpdates.value[channelId];
  const c = channel.data ? { ...channel.data, ...(live ?? {}) } : null;

  if (channel.error) {
    return (
      <Page title={t('state.notFound')}>
        <ErrorNote error={channel.error} />
      </Page>
    );
  }
  if (!c) return <Loading />;
  const name = c.kind === 'country' ? countryName(c.countryCode, c.name) : c.kind === 'announcement' ? t('nav.announcements') : c.name;
  return (
    <Page
      title={`# ${name}`}
      class="public-preview"
      actions={
        c.visibility === 'public' && (
          <button
            type="button"
            class="primary"
            disabled={join.busy}
            onClick={() =>
              join.run(async () => {
                await post(`/channels/${enc(c.id)}/join`);
                await loadChannels();
              })
            }
          >
            {t('chat.join')}
          </button>
        )
      }
    >
      <p class="muted">
        {tn('chat.members.one', 'chat.members.other', c.memberCount)}
        {c.description ? ` · ${c.description}` : ''}
      </p>
      <p class="notice-ack" role="note" data-testid="public-preview-note">
        {t('chat.preview')}
      </p>
      <ErrorNote error={join.error} />
      <ErrorNote error={history.error} />
      {history.loading && !history.data && <Loading />}
      {history.data && (
        <ol class="search-hits preview-messages" aria-label={t('chat.messagesIn', { name })}>
          {history.data.messages.map((m) => {
            const isHit = m.id === messageId;
            return (
              <li key={m.id} ref={isHit ? hitRef : undefined} class={`card${isHit ? ' hit' : ''}`} data-testid="preview-message" aria-current={isHit ? 'true' : undefined} aria-label={isHit ? t('chat.previewHit') : undefined}>
                <p class="meta-line muted">
                  <strong dir="auto">{m.author.displayName}</strong>
                  {m.author.countryCode && <span> · {countryName(m.author.countryCode)}</span>}
                  <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
                </p>
                <div dir="auto">{m.deletedAt || m.body === null ? <p class="muted">{t('chat.deleted')}</p> : <Markdown text={m.body} />}</div>
              </li>
            );
          })}
        </ol>
      )}
    </Page>
  );
}
