import type { WireMyChannel } from '@lib/contract';
import { post, session, setSession } from '../api';
import { t } from '../i18n';
import { Link, location$ } from '../router';
import { channels, presence, unreadNotifications } from '../realtime';
import { channelLabel } from '../screens/chat';
import { Badge } from './ui';

/** A direct channel is named after its people; I see the others. */
function directName(c: WireMyChannel): string {
  const me = session.value?.user.displayName;
  const others = c.name.split(', ').filter((n) => n !== me);
  return others.join(', ') || c.name;
}

function ChannelLink({ c }: { c: WireMyChannel }) {
  const href = `/c/${c.id}`;
  const current = location$.value.path === href || location$.value.path.startsWith(`${href}/`);
  const name = c.kind === 'direct' ? directName(c) : channelLabel(c);
  return (
    <li>
      <Link href={href} aria-current={current ? 'page' : undefined} class={c.unreadCount ? 'unread' : ''} data-channel-kind={c.kind}>
        <span aria-hidden="true">{c.kind === 'direct' ? '@' : c.kind === 'forum' ? '💬' : '#'}</span>
        <span class="name">{name}</span>
        <Badge n={c.mentionCount} kind="mention" label={t('badge.mentions', { n: c.mentionCount })} />
        <Badge n={c.mentionCount ? 0 : c.unreadCount} label={t('badge.unread', { n: c.unreadCount })} />
      </Link>
    </li>
  );
}

function Section({ title, list }: { title: string; list: WireMyChannel[] }) {
  if (!list.length) return null;
  return (
    <div>
      <h2>{title}</h2>
      <ul>
        {list.map((c) => (
          <ChannelLink key={c.id} c={c} />
        ))}
      </ul>
    </div>
  );
}

export function Sidebar() {
  const user = session.value!.user;
  const all = channels.value;
  const byName = (a: WireMyChannel, b: WireMyChannel) => channelLabel(a).localeCompare(channelLabel(b));
  const country = all.filter((c) => c.kind === 'country').sort((a, b) => Number(b.countryCode === user.countryCode) - Number(a.countryCode === user.countryCode));
  const path = location$.value.path;
  const nav = (href: string, label: string, extra?: preact.ComponentChildren) => (
    <li>
      <Link href={href} aria-current={path === href || path.startsWith(`${href}/`) ? 'page' : undefined}>
        <span class="name">{label}</span>
        {extra}
      </Link>
    </li>
  );
  const signOut = () => {
    const s = session.value;
    if (s) void post('/auth/logout', { refreshToken: s.refreshToken }).catch(() => undefined);
    setSession(null);
  };
  return (
    <nav class="sidebar" aria-label={t('nav.main')}>
      <div class="brand">{t('app.name')}</div>
      <ul>
        {nav('/search', t('nav.search'))}
        {nav('/notifications', t('nav.notifications'), <Badge n={unreadNotifications.value} kind="mention" label={t('badge.unread', { n: unreadNotifications.value })} />)}
        {nav('/notices', t('nav.notices'))}
      </ul>
      <Section title={t('nav.myCountry')} list={country} />
      <Section title={t('nav.announcements')} list={all.filter((c) => c.kind === 'announcement')} />
      <Section title={t('nav.topics')} list={all.filter((c) => c.kind === 'topic').sort(byName)} />
      <Section title={t('nav.forums')} list={all.filter((c) => c.kind === 'forum').sort(byName)} />
      <div>
        <h2>{t('nav.direct')}</h2>
        <ul>
          {all
            .filter((c) => c.kind === 'direct')
            .map((c) => (
              <ChannelLink key={c.id} c={c} />
            ))}
          {nav('/channels/direct', `+ ${t('chat.newDirect')}`)}
          {nav('/channels', t('chat.browse'))}
        </ul>
      </div>
      <ul>
        {nav('/profile', t('nav.profile'))}
        {user.role !== 'official' && nav('/admin', t('nav.admin'))}
      </ul>
      <div class="me">
        <p>
          <span class={`dot ${presence.value[user.id] ?? 'online'}`} aria-hidden="true" /> {user.displayName}
        </p>
        <button type="button" onClick={signOut}>
          {t('auth.signOut')}
        </button>
      </div>
    </nav>
  );
}
