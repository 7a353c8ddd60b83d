import { useEffect, useState } from 'preact/hooks';
import type { ChannelRole, WireChannel, WireChannelMember, WireMyChannel, WireUser } from '@lib/contract';
import { del, getPage, patch, post, query, session } from '../api';
import { countryName } from '../format';
import { t, type StringKey } from '../i18n';
import { navigate } from '../router';
import { applyChannelUpdate, channelChanges, loadChannels } from '../realtime';
import { ErrorNote, Field, Loading, useAction, useAsync } from './ui';
import './channel-settings.css';

const PAGE = 200;

/** What the signed-in user may do in this channel (the server decides; this only hides what it would refuse). */
export function channelPowers(channel: WireMyChannel) {
  const user = session.value?.user;
  const admin = user?.role === 'admin';
  const role: ChannelRole = channel.myRole ?? channel.role;
  const owned = channel.kind === 'topic' || channel.kind === 'forum';
  const owner = owned && role === 'owner';
  return {
    admin,
    role,
    owned,
    /** Rename and describe: an owner or an admin (country and announcement channels: admins). */
    edit: channel.kind !== 'direct' && (admin || owner),
    archive: owned && (admin || owner),
    /** Set roles: owners and admins; in a country channel, admins appoint moderators. */
    roles: (owned && (admin || owner)) || (channel.kind === 'country' && admin),
    moderate: admin || role === 'owner' || role === 'moderator',
    add: owned && !channel.archived && (channel.visibility === 'public' || admin || owner),
    leave: !(channel.kind === 'announcement' || channel.kind === 'direct' || (channel.kind === 'country' && channel.countryCode === user?.countryCode)),
  };
}

/** The members and settings panel of a channel: members with roles, adding, removing, rename, archive, leave. */
export function ChannelSettings({ channel, onClose }: { channel: WireMyChannel; onClose: () => void }) {
  const powers = channelPowers(channel);
  const tick = channelChanges.value[channel.id] ?? 0;
  const [limit, setLimit] = useState(PAGE);
  const list = useAsync(() => getPage<WireChannelMember>(`/channels/${encodeURIComponent(channel.id)}/members${query({ limit })}`), [channel.id, tick, limit]);
  const action = useAction();
  const members = list.data?.items ?? [];
  const me = session.value?.user.id;

  const setRole = (m: WireChannelMember, role: ChannelRole) =>
    action.run(async () => {
      await patch(`/channels/${channel.id}/members/${m.user.id}`, { role });
      list.reload();
    });
  const remove = (m: WireChannelMember) => {
    if (!confirm(t('channels.confirmRemove', { name: m.user.displayName }))) return;
    action.run(async () => {
      await del(`/channels/${channel.id}/members/${m.user.id}`);
      list.reload();
    });
  };
  const leave = () =>
    action.run(async () => {
      await post(`/channels/${channel.id}/leave`);
      await loadChannels();
      navigate('/');
    });
  const roleChoices: ChannelRole[] = channel.kind === 'country' ? ['moderator', 'member'] : ['owner', 'moderator', 'member'];
  const fixedMember = (m: WireChannelMember) => channel.kind === 'announcement' || channel.kind === 'direct' || (channel.kind === 'country' && m.user.countryCode === channel.countryCode);
  // The last owner cannot step down (the server answers last_channel_owner): no such buttons.
  const owners = members.filter((m) => m.role === 'owner').length;
  const canSetRole = (m: WireChannelMember) => powers.roles && !(m.role === 'owner' && owners <= 1);
  const canRemove = (m: WireChannelMember) =>
    m.user.id !== me && !fixedMember(m) && powers.moderate && (m.role !== 'owner' || powers.admin || powers.role === 'owner');

  return (
    <aside class="panel channel-settings" aria-labelledby="settings-title">
      <header class="chat-header">
        <h2 id="settings-title">{t('channels.settings')}</h2>
        <button type="button" onClick={onClose} aria-label={t('channels.close')}>
          ✕
        </button>
      </header>
      <div class="settings-body stack">
        {channel.archived && (
          <p class="notice-archived" role="status">
            {t('channels.archived')}
          </p>
        )}
        {powers.edit && <EditChannel channel={channel} />}
        {powers.archive && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              action.run(async () => {
                applyChannelUpdate(await patch<WireChannel>(`/channels/${channel.id}`, { archived: !channel.archived }));
              })
            }
          >
            {channel.archived ? t('channels.unarchive') : t('channels.archive')}
          </button>
        )}
        <ErrorNote error={action.error ?? list.error} />

        <section aria-labelledby="members-title">
          <h3 id="members-title">
            {t('channels.members')} <span class="muted">({channel.memberCount})</span>
          </h3>
          {(channel.kind === 'announcement' || channel.kind === 'direct' || channel.kind === 'country') && <p class="muted">{t('channels.noOwner')}</p>}
          {list.loading && !list.data ? (
            <Loading />
          ) : (
            <ul class="member-list" aria-label={t('channels.members')}>
              {sortMembers(members).map((m) => (
                <li key={m.user.id} class="member-row" data-testid="channel-member">
                  <span class="member-name">
                    {m.user.displayName} {m.user.id === me && <span class="muted">{t('channels.you')}</span>}
                    <span class="muted"> {countryName(m.user.countryCode)}</span>
                  </span>
                  <span class={`tag role-${m.role}`}>{t(`channels.role.${m.role}` as StringKey)}</span>
                  {(canSetRole(m) || canRemove(m)) && (
                    <span class="member-actions" role="group" aria-label={t('channels.memberActions', { name: m.user.displayName })}>
                      {canSetRole(m) &&
                        roleChoices
                          .filter((r) => r !== m.role)
                          .map((r) => (
                            <button key={r} type="button" disabled={action.busy} onClick={() => setRole(m, r)}>
                              {t(r === 'owner' ? 'channels.makeOwner' : r === 'moderator' ? 'channels.makeModerator' : 'channels.makeMember')}
                            </button>
                          ))}
                      {canRemove(m) && (
                        <button type="button" class="danger" disabled={action.busy} onClick={() => remove(m)}>
                          {t('channels.remove')}
                        </button>
                      )}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {list.data?.next && (
            <button type="button" class="link" onClick={() => setLimit(limit + PAGE)}>
              {t('channels.more')}
            </button>
          )}
        </section>

        {powers.add && <AddPeople channel={channel} memberIds={new Set(members.map((m) => m.user.id))} onAdded={list.reload} />}

        {powers.leave && (
          <div class="stack">
            <button type="button" class="danger" disabled={action.busy} onClick={leave}>
              {t('chat.leave')}
            </button>
            {channel.myRole === 'owner' && <small class="muted">{t('channels.leaveHint')}</small>}
          </div>
        )}
      </div>
    </aside>
  );
}

const ORDER: Record<ChannelRole, number> = { owner: 0, moderator: 1, member: 2 };
function sortMembers(list: WireChannelMember[]): WireChannelMember[] {
  return [...list].sort((a, b) => ORDER[a.role] - ORDER[b.role] || a.user.displayName.localeCompare(b.user.displayName));
}

function EditChannel({ channel }: { channel: WireMyChannel }) {
  const [name, setName] = useState(channel.name);
  const [description, setDescription] = useState(channel.description ?? '');
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    setName(channel.name);
    setDescription(channel.description ?? '');
  }, [channel.name, channel.description]);
  const fixedName = channel.kind === 'country' || channel.kind === 'announcement';
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        action.run(async () => {
          const body: Record<string, string | null> = { description: description.trim() || null };
          if (!fixedName) body.name = name;
          applyChannelUpdate(await patch<WireChannel>(`/channels/${channel.id}`, body));
          setSaved(true);
        });
      }}
    >
      {!fixedName && (
        <Field label={t('chat.channelName')}>
          <input required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
      )}
      <Field label={t('chat.description')}>
        <textarea maxLength={1000} rows={2} value={description} onInput={(e) => setDescription(e.currentTarget.value)} dir="auto" />
      </Field>
      <div class="row">
        <button class="primary" type="submit" disabled={action.busy}>
          {t('action.save')}
        </button>
        {saved && (
          <span class="muted" role="status">
            {t('channels.saved')}
          </span>
        )}
      </div>
      <ErrorNote error={action.error} />
    </form>
  );
}

/** Finds officials in the directory and adds them; their sockets join the channel at once. */
function AddPeople({ channel, memberIds, onAdded }: { channel: WireMyChannel; memberIds: Set<string>; onAdded: () => void }) {
  const [q, setQ] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const found = useAsync(() => (q.trim() ? getPage<WireUser>(`/users${query({ q, limit: 20 })}`).then((p) => p.items) : Promise.resolve([])), [q]);
  const action = useAction();
  const add = (u: WireUser) =>
    action.run(async () => {
      await post(`/channels/${channel.id}/members`, { userIds: [u.id] });
      setAdded(t('channels.added', { name: u.displayName }));
      onAdded();
    });
  return (
    <section class="stack" aria-labelledby="add-title">
      <h3 id="add-title">{t('channels.addPeople')}</h3>
      <Field label={t('channels.search')}>
        <input type="search" value={q} onInput={(e) => (setQ(e.currentTarget.value), setAdded(null))} />
      </Field>
      <ul class="member-list">
        {(found.data ?? [])
          .filter((u) => !memberIds.has(u.id) && !u.deactivated)
          .map((u) => (
            <li key={u.id} class="member-row">
              <span class="member-name">
                {u.displayName} <span class="muted">{countryName(u.countryCode)}</span>
              </span>
              <button type="button" disabled={action.busy} onClick={() => add(u)} aria-label={t('channels.addNamed', { name: u.displayName })}>
                {t('chat.add')}
              </button>
            </li>
          ))}
      </ul>
      {added && (
        <p class="muted" role="status">
          {added}
        </p>
      )}
      <ErrorNote error={action.error ?? found.error} />
    </section>
  );
}
