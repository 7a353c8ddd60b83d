import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session } from './api';
import { isRtl, locale, t, timeZone, uiLanguage } from './i18n';
import { location$, match, navigate } from './router';
import { channels, connect, connection, disconnect, unreadNotifications } from './realtime';
import { Sidebar } from './components/sidebar';
import { Loading } from './components/ui';
import { ForgotView, LoginView, RegisterView, ResetView, SetupView } from './screens/auth';
import type { AccountUser } from './accounts';
import { ChannelView } from './screens/chat';
import { ChannelsView, DirectView } from './screens/channels';

/** Loads a screen module on first use, so the first page only downloads what it shows. */
function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  return function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (!C) void load().then((c) => setC(() => (loaded = c)));
    }, []);
    return C ? <C {...props} /> : <Loading />;
  };
}

const ForumView = lazy(() => import('./screens/forums').then((m) => m.ForumView));
const ThreadView = lazy(() => import('./screens/forums').then((m) => m.ThreadView));
const SearchView = lazy(() => import('./screens/search').then((m) => m.SearchView));
const NotificationsView = lazy(() => import('./screens/notifications').then((m) => m.NotificationsView));
const NoticesList = lazy(() => import('./screens/notices').then((m) => m.NoticesList));
const NoticeDetail = lazy(() => import('./screens/notices').then((m) => m.NoticeDetail));
const NoticeComposer = lazy(() => import('./screens/notices').then((m) => m.NoticeComposer));
const NoticeReport = lazy(() => import('./screens/notices').then((m) => m.NoticeReport));
const ProfileView = lazy(() => import('./screens/profile').then((m) => m.ProfileView));
const AdminView = lazy(() => import('./screens/admin').then((m) => m.AdminView));
const AuditView = lazy(() => import('./screens/audit').then((m) => m.AuditView));
const PublicChannelView = lazy(() => import('./screens/search').then((m) => m.PublicChannelView));
const TwoFactorRequiredView = lazy(() => import('./screens/profile').then((m) => m.TwoFactorRequiredView));

export function App() {
  const s = session.value;
  const { path } = location$.value;

  // The UI language and zone follow the profile; the document direction follows the language.
  useEffect(() => {
    if (s?.user.locale) locale.value = s.user.locale;
    if (s?.user.timeZone) timeZone.value = s.user.timeZone;
  }, [s?.user.locale, s?.user.timeZone]);
  useEffect(() => {
    document.documentElement.lang = uiLanguage.value;
    document.documentElement.dir = isRtl(uiLanguage.value) ? 'rtl' : 'ltr';
  }, [uiLanguage.value]);
  // An admin or organizer who must still set up two-factor sign-in gets only that screen, and no socket.
  const setupRequired = !!(s?.user as AccountUser | undefined)?.twoFactorSetupRequired;
  useEffect(() => {
    if (s && !setupRequired) connect();
    else disconnect();
  }, [!!s, setupRequired]);

  // Unread mentions and notifications in the tab title: "(3) Birlik".
  const attention = channels.value.reduce((n, c) => n + c.mentionCount, 0) + unreadNotifications.value;
  useEffect(() => {
    document.title = attention ? `(${attention}) ${t('app.name')}` : t('app.name');
  }, [attention]);

  // Alt+↑ / Alt+↓: previous / next channel in the sidebar's order; Escape closes the replies panel.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        const links = [...document.querySelectorAll<HTMLAnchorElement>('.sidebar a[data-channel-kind]')];
        const at = links.findIndex((a) => a.getAttribute('aria-current') === 'page');
        const next = links[(at + (e.key === 'ArrowDown' ? 1 : links.length - 1)) % links.length];
        if (next) {
          e.preventDefault();
          navigate(new URL(next.href).pathname);
          next.focus();
        }
      } else if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) {
        const m = /^\/c\/([^/]+)\/r\//.exec(location$.value.path);
        if (m) navigate(`/c/${m[1]}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (path === '/register') return <RegisterView />;
  if (path === '/setup') return <SetupView />;
  if (path === '/reset') return <ResetView />;
  if (!s) return path === '/forgot' ? <ForgotView /> : <LoginView />;
  if (setupRequired) return <TwoFactorRequiredView />;

  return (
    <div class="app">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <Sidebar />
      <main id="main">
        <ConnectionBanner />
        <Route path={path} />
      </main>
    </div>
  );
}

function ConnectionBanner() {
  const state = connection.value;
  if (state === 'online') return null;
  const text = state === 'reconnecting' ? t('conn.reconnecting') : state === 'offline' ? t('conn.offline') : t('conn.connecting');
  return (
    <div class={`banner ${state}`} role="status" aria-live="polite" data-connection={state}>
      {text}
    </div>
  );
}

function Route({ path }: { path: string }) {
  let p: Record<string, string> | null;
  // A message found by search: read-only in a public channel I am not in, else the channel itself.
  if ((p = match('/c/:id/m/:messageId', path)) && !channels.value.some((c) => c.id === p!.id)) return <PublicChannelView key={p.id} channelId={p.id} messageId={p.messageId} />;
  if ((p = match('/c/:id', path)) || (p = match('/c/:id/r/:rootId', path)) || (p = match('/c/:id/m/:messageId', path))) {
    const channel = channels.value.find((c) => c.id === p!.id);
    if (channel?.kind === 'forum') return <ForumView channel={channel} />;
    return <ChannelView key={p.id} channelId={p.id} rootId={p.rootId ?? null} />;
  }
  if (path === '/channels') return <ChannelsView />;
  if (path === '/channels/direct') return <DirectView />;
  if ((p = match('/threads/:id', path))) return <ThreadView key={p.id} id={p.id} />;
  if (path === '/notices') return <NoticesList />;
  if (path === '/notices/new') return <NoticeComposer />;
  if ((p = match('/notices/:id/report', path))) return <NoticeReport key={p.id} id={p.id} />;
  if ((p = match('/notices/:id', path))) return <NoticeDetail key={p.id} id={p.id} />;
  if (path === '/notifications') return <NotificationsView />;
  if (path === '/search') return <SearchView />;
  if (path === '/profile') return <ProfileView />;
  if (path === '/admin/audit') return <AuditView />;
  if (path === '/admin' || (p = match('/admin/:tab', path))) return <AdminView tab={p?.tab ?? 'members'} />;
  return <Home />;
}

/** `/`: opens my country channel (else the first channel) once the list is in. */
function Home() {
  const list = channels.value;
  useEffect(() => {
    const home = list.find((c) => c.kind === 'country') ?? list.find((c) => c.kind === 'announcement') ?? list[0];
    if (home) navigate(`/c/${home.id}`, true);
  }, [list.length]);
  return <Loading />;
}
