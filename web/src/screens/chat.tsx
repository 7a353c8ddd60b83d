import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WireChannel, WireMessage, WireMyChannel } from '@lib/contract';
import { get, post, session } from '../api';
import { countryName, dayKey, formatDay } from '../format';
import { t, tn } from '../i18n';
import { location$, navigate } from '../router';
import {
  activeChannelId,
  channels,
  connection,
  hasOlder,
  loadChannels,
  loadOlder,
  loadReplies,
  markRead,
  message,
  messagesTick,
  openChannel,
  replies,
  topLevel,
  typing,
  watchPresence,
} from '../realtime';
import { Composer, MessageItem, PendingItem, pendingFor } from '../components/message';
import { VirtualList, type Row } from '../components/virtual-list';
import { ErrorNote, Loading } from '../components/ui';
import { ChannelSettings } from '../components/channel-settings';

/** A channel's name as shown: a country channel in the UI language, the announcement channel translated. */
export function channelLabel(c: WireChannel): string {
  if (c.kind === 'country') return countryName(c.countryCode, c.name);
  if (c.kind === 'announcement') return t('nav.announcements');
  return c.name;
}

export function canPost(c: WireChannel): boolean {
  if (c.archived) return false;
  return c.kind !== 'announcement' || session.value?.user.role !== 'official';
}

/** Why the composer is closed: archived, or the announcement channel. */
function readOnlyText(c: WireChannel): string {
  return c.archived ? t('channels.archived') : t('chat.readOnly');
}

/** A channel: its messages (virtualized, day separators in my zone), typing, the composer, and a replies panel. */
export function ChannelView({ channelId, rootId }: { channelId: string; rootId: string | null }) {
  const channel = channels.value.find((c) => c.id === channelId);
  if (!channel) return <NotMember channelId={channelId} />;
  return <Chat channel={channel} rootId={rootId} />;
}

function Chat({ channel, rootId }: { channel: WireMyChannel; rootId: string | null }) {
  const [error, setError] = useState<Error | null>(null);
  const [ready, setReady] = useState(false);
  const loadingOlder = useRef(false);
  messagesTick.value; // re-render on every store change
  const online = connection.value === 'online';

  useEffect(() => {
    activeChannelId.value = channel.id;
    openChannel(channel.id).then(() => setReady(true), setError);
    return () => {
      if (activeChannelId.value === channel.id) activeChannelId.value = null;
    };
  }, [channel.id]);

  // Reading the channel while it is on screen.
  useEffect(() => {
    if (ready && !document.hidden) markRead(channel.id, channel.lastSeq);
  }, [ready, channel.lastSeq]);

  const list = topLevel(channel.id);
  const authors = list.slice(-200).map((m) => m.author.id).join(',');
  useEffect(() => {
    if (online && authors) watchPresence(authors.split(','));
  }, [authors, online]);
  const pending = pendingFor(channel.id, null);
  const rows = useMemo(() => buildRows(list, channel, (id) => navigate(`/c/${channel.id}/r/${id}`), pending, online, !hasOlder(channel.id)), [messagesTick.value, channel, pending.length, online, pending.map((p) => p.error).join()]);
  const onNearTop = () => {
    if (loadingOlder.current || !hasOlder(channel.id) || !ready) return;
    loadingOlder.current = true;
    loadOlder(channel.id)
      .catch(setError)
      .finally(() => (loadingOlder.current = false));
  };
  const name = channelLabel(channel);
  const settings = !rootId && location$.value.query.get('panel') === 'settings';

  return (
    <div class={`chat ${rootId || settings ? 'with-panel' : ''}`}>
      <section class="chat-main" aria-labelledby="channel-title">
        <header class="chat-header">
          <h1 id="channel-title" tabIndex={-1}>
            {channel.kind === 'direct' ? '@ ' : '# '}
            {name}
          </h1>
          {channel.archived && <span class="tag">{t('channels.archivedTag')}</span>}
          <span class="muted" data-testid="member-count">
            {tn('chat.members.one', 'chat.members.other', channel.memberCount)}
          </span>
          <button
            type="button"
            aria-expanded={settings}
            onClick={() => navigate(settings ? `/c/${channel.id}` : `/c/${channel.id}?panel=settings`)}
          >
            {t('channels.openSettings')}
          </button>
        </header>
        {channel.description && <p class="muted" style={{ margin: '0.4rem 1rem' }}>{channel.description}</p>}
        <ErrorNote error={error} />
        {!ready && !error ? <Loading /> : <VirtualList rows={rows} label={t('chat.messagesIn', { name })} onNearTop={onNearTop} testId="message-list" />}
        <Typing channelId={channel.id} threadId={null} />
        <Composer channelId={channel.id} disabled={!canPost(channel)} disabledText={readOnlyText(channel)} />
      </section>
      {rootId && <RepliesPanel channel={channel} rootId={rootId} />}
      {settings && <ChannelSettings channel={channel} onClose={() => navigate(`/c/${channel.id}`)} />}
    </div>
  );
}

function buildRows(list: WireMessage[], channel: WireMyChannel, reply: (id: string) => void, pending: ReturnType<typeof pendingFor>, online: boolean, complete: boolean): Row[] {
  const rows: Row[] = [];
  if (complete)
    rows.push({
      key: 'start',
      anchor: false,
      render: () => <p class="muted" style={{ padding: '1rem' }}>{t('chat.beginning')}</p>,
    });
  let day = '';
  for (const m of list) {
    const d = dayKey(m.createdAt);
    if (d !== day) {
      day = d;
      rows.push({ key: `day-${d}`, anchor: false, render: () => <div class="day" role="separator">{formatDay(m.createdAt)}</div> });
    }
    rows.push({ key: m.id, render: () => <MessageItem message={m} channel={channel} onReply={() => reply(m.id)} /> });
  }
  for (const p of pending) rows.push({ key: `p-${p.clientId}`, render: () => <PendingItem p={p} online={online} /> });
  return rows;
}

export function Typing({ channelId, threadId }: { channelId: string; threadId: string | null }) {
  const names = Object.values(typing.value[channelId] ?? {})
    .filter((u) => (u.threadId ?? null) === threadId)
    .map((u) => u.name);
  return (
    <div class="typing" aria-live="polite">
      {names.length === 1 ? t('chat.typing.one', { name: names[0] }) : names.length > 1 ? t('chat.typing.many', { names: names.join(', ') }) : ''}
    </div>
  );
}

function RepliesPanel({ channel, rootId }: { channel: WireMyChannel; rootId: string }) {
  const [error, setError] = useState<Error | null>(null);
  messagesTick.value;
  useEffect(() => {
    loadReplies(channel.id, rootId).catch(setError);
  }, [rootId]);
  const root = message(channel.id, rootId);
  const list = replies(channel.id, rootId);
  const pending = pendingFor(channel.id, rootId);
  const online = connection.value === 'online';
  return (
    <aside class="panel" aria-labelledby="replies-title">
      <header class="chat-header">
        <h2 id="replies-title">{t('chat.thread')}</h2>
        <button type="button" onClick={() => navigate(`/c/${channel.id}`)} aria-label={t('chat.closeThread')}>
          ✕
        </button>
      </header>
      <ErrorNote error={error} />
      <div class="messages" role="log" aria-label={t('chat.thread')}>
        {root && <MessageItem message={root} channel={channel} />}
        <hr />
        {list.map((m) => (
          <MessageItem key={m.id} message={m} channel={channel} />
        ))}
        {pending.map((p) => (
          <PendingItem key={p.clientId} p={p} online={online} />
        ))}
      </div>
      <Typing channelId={channel.id} threadId={rootId} />
      <Composer channelId={channel.id} threadId={rootId} label={t('chat.reply')} disabled={!canPost(channel)} disabledText={readOnlyText(channel)} />
    </aside>
  );
}

/** A channel I am not in: a public one can be joined; otherwise it does not exist for me. */
function NotMember({ channelId }: { channelId: string }) {
  const [channel, setChannel] = useState<WireChannel | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    get<WireChannel>(`/channels/${encodeURIComponent(channelId)}`)
      .then(setChannel, setError)
      .finally(() => setLoaded(true));
  }, [channelId, channels.value.length]);
  if (!loaded) return <Loading />;
  return (
    <section class="page">
      <h1>{channel ? channelLabel(channel) : t('state.notFound')}</h1>
      <ErrorNote error={error && !channel ? t('state.notFound') : null} />
      {channel && (
        <>
          <p>{t('chat.notMember')}</p>
          {channel.visibility === 'public' && (
            <button class="primary" type="button" onClick={() => post(`/channels/${channel.id}/join`).then(() => loadChannels(), setError)}>
              {t('chat.join')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
