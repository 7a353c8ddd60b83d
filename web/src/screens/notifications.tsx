import { useEffect, useRef, useState } from 'preact/hooks';
import type { NotificationKind, WireNotification } from '@lib/contract';
import { getPage, post, query } from '../api';
import { markdownToPlainText } from '@lib/text/markdown-plain';
import { formatDateTime } from '../format';
import { t, type StringKey } from '../i18n';
import { navigate } from '../router';
import { latestNotification, unreadNotifications } from '../realtime';
import { ErrorNote, Loading, Page, useAsync, useAction } from '../components/ui';
import './forums.css';

const ICONS: Record<NotificationKind, string> = {
  mention: '@',
  reply: '↩',
  notice: '📣',
  thread_solved: '✔',
  invited_to_channel: '＋',
};

const LABELS: Record<NotificationKind, StringKey> = {
  mention: 'inbox.kind.mention',
  reply: 'inbox.kind.reply',
  notice: 'inbox.kind.notice',
  thread_solved: 'inbox.kind.thread_solved',
  invited_to_channel: 'inbox.kind.invited_to_channel',
};

const enc = encodeURIComponent;

/** Where a notification leads: its notice, else the channel of its message. */
function target(n: WireNotification): string | null {
  if (n.noticeId) return `/notices/${enc(n.noticeId)}`;
  if (n.channelId) return `/c/${enc(n.channelId)}`;
  return null;
}

/** `/notifications`: newest first, live ones added on top; opening one marks it read. */
export function NotificationsView() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const path = (cursor: string | null) => `/notifications${query({ unread: unreadOnly || undefined, limit: 50, cursor })}`;
  const list = useAsync(() => getPage<WireNotification>(path(null)), [unreadOnly]);
  /** Pushed while this screen is open (`notification:new`). */
  const [live, setLive] = useState<WireNotification[]>([]);
  const { busy, error, run } = useAction();

  const seen = useRef(latestNotification.value);
  const latest = latestNotification.value;
  useEffect(() => {
    if (!latest || latest === seen.current) return;
    seen.current = latest;
    setLive((l) => (l.some((x) => x.id === latest.id) ? l : [latest, ...l]));
  }, [latest]);

  // A complete list of unread ones is the true unread count.
  useEffect(() => {
    if (unreadOnly && list.data && !list.data.next) {
      const ids = new Set(list.data.items.filter((n) => !n.readAt).map((n) => n.id));
      for (const n of live) if (!n.readAt) ids.add(n.id);
      unreadNotifications.value = ids.size;
    }
  }, [list.data]);

  const items = list.data?.items ?? [];
  const shown = [...live.filter((n) => !items.some((x) => x.id === n.id)), ...items];

  const markLocal = (ids: string[] | 'all') => {
    const now = new Date().toISOString();
    const f = (n: WireNotification) => (!n.readAt && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: now } : n);
    setLive((l) => l.map(f));
    if (list.data) list.setData({ ...list.data, items: list.data.items.map(f) });
  };


  const open = (n: WireNotification) =>
    run(async () => {
      if (!n.readAt) {
        await post('/notifications/read', { ids: [n.id] });
        markLocal([n.id]);
        unreadNotifications.value = Math.max(0, unreadNotifications.value - 1);
      }
      const to = target(n);
      if (to) navigate(to);
    });

  const markAll = () =>
    run(async () => {
      await post('/notifications/read', { all: true });
      markLocal('all');
      unreadNotifications.value = 0;
    });

  const loadMore = () =>
    run(async () => {
      if (!list.data?.next) return;
      const page = await getPage<WireNotification>(path(list.data.next));
      list.setData({ items: [...list.data.items, ...page.items], next: page.next });
    });

  return (
    <Page
      title={t('nav.notifications')}
      class="inbox-page"
      actions={
        <>
          <label class="check">
            <input
              type="checkbox"
              checked={unreadOnly}
              onChange={(e) => {
                setUnreadOnly(e.currentTarget.checked);
                setLive([]);
              }}
            />
            {t('inbox.unreadOnly')}
          </label>
          <button type="button" onClick={markAll} disabled={busy}>
            {t('inbox.markAll')}
          </button>
        </>
      }
    >
      <ErrorNote error={error} />
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && shown.length === 0 && <p class="muted">{unreadOnly ? t('inbox.noneUnread') : t('inbox.none')}</p>}
      {shown.length > 0 && (
        <ul class="inbox" aria-busy={list.loading}>
          {shown.map((n) => (
            <Item key={n.id} n={n} open={open} />
          ))}
        </ul>
      )}
      {list.data?.next && (
        <button type="button" onClick={loadMore} disabled={busy}>
          {t('action.loadMore')}
        </button>
      )}
    </Page>
  );
}

function Item({ n, open }: { n: WireNotification; open: (n: WireNotification) => void }) {
  const to = target(n);
  const content = (
    <>
      <span class="icon" aria-hidden="true">
        {ICONS[n.kind] ?? '•'}
      </span>
      <span class="inbox-kind muted">
        {LABELS[n.kind] ? t(LABELS[n.kind]) : n.kind}
        {!n.readAt && <span class="unread-dot"> · {t('inbox.unread')}</span>}
      </span>
      <span class="inbox-title" dir="auto">
        {n.title}
      </span>
      {n.snippet && (
        <span class="inbox-snippet muted" dir="auto">
          {markdownToPlainText(n.snippet)}
        </span>
      )}
      <time class="muted" dateTime={n.createdAt}>
        {formatDateTime(n.createdAt)}
      </time>
    </>
  );
  return (
    <li class={n.readAt ? 'read' : 'unread'} data-testid="notification">
      {to ? (
        <a
          href={to}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            open(n);
          }}
        >
          {content}
        </a>
      ) : (
        <button type="button" class="inbox-button" onClick={() => open(n)}>
          {content}
        </button>
      )}
    </li>
  );
}
