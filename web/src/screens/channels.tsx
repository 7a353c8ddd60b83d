import { useState } from 'preact/hooks';
import type { WireChannel, WireUser } from '@lib/contract';
import { get, getPage, post, query, session } from '../api';
import { countryName } from '../format';
import { t } from '../i18n';
import { navigate } from '../router';
import { loadChannels } from '../realtime';
import { ErrorNote, Field, Loading, Page, useAsync, useSubmit } from '../components/ui';

/** Public channels I may join, and a form for a new topic channel or forum. */
export function ChannelsView() {
  const [q, setQ] = useState('');
  const found = useAsync(() => get<WireChannel[]>(`/channels/discover${query({ q })}`), [q]);
  const [error, setError] = useState<string | null>(null);
  const join = (c: WireChannel) =>
    post(`/channels/${c.id}/join`)
      .then(() => loadChannels())
      .then(() => navigate(`/c/${c.id}`), (e: Error) => setError(e.message));
  return (
    <Page title={t('chat.browse')}>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('nav.search')}>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
      </form>
      <ErrorNote error={found.error ?? error} />
      {found.loading && !found.data ? (
        <Loading />
      ) : found.data?.length ? (
        <ul class="stack" style={{ listStyle: 'none', padding: 0 }}>
          {found.data.map((c) => (
            <li key={c.id} class="card row">
              <div style={{ flex: 1 }}>
                <strong>{c.kind === 'country' ? countryName(c.countryCode, c.name) : c.name}</strong> <span class="tag">{c.kind === 'forum' ? t('chat.kind.forum') : c.kind === 'topic' ? t('chat.kind.topic') : c.kind}</span>
                {c.description && <p class="muted">{c.description}</p>}
              </div>
              <button type="button" onClick={() => join(c)} aria-label={`${t('chat.join')}: ${c.name}`}>
                {t('chat.join')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('chat.noChannels')}</p>
      )}
      <NewChannel />
    </Page>
  );
}

function NewChannel() {
  const [form, setForm] = useState({ kind: 'topic', name: '', description: '', visibility: 'public' });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const { busy, error, onSubmit } = useSubmit(async () => {
    const c = await post<WireChannel>('/channels', { ...form, description: form.description.trim() || undefined });
    await loadChannels();
    navigate(`/c/${c.id}`);
  });
  return (
    <form class="card stack" onSubmit={onSubmit}>
      <h2>{t('chat.newChannel')}</h2>
      <Field label={t('chat.kind')}>
        <select value={form.kind} onChange={set('kind')}>
          <option value="topic">{t('chat.kind.topic')}</option>
          <option value="forum">{t('chat.kind.forum')}</option>
        </select>
      </Field>
      <Field label={t('chat.channelName')}>
        <input required maxLength={80} value={form.name} onInput={set('name')} />
      </Field>
      <Field label={t('chat.description')}>
        <input maxLength={500} value={form.description} onInput={set('description')} />
      </Field>
      <Field label={t('chat.visibility')}>
        <select value={form.visibility} onChange={set('visibility')}>
          <option value="public">{t('chat.public')}</option>
          <option value="private">{t('chat.private')}</option>
        </select>
      </Field>
      <ErrorNote error={error} />
      <button class="primary" type="submit" disabled={busy}>
        {t('action.create')}
      </button>
    </form>
  );
}

/** Pick up to seven people; opens the existing direct channel of that set, or a new one. */
export function DirectView() {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<WireUser[]>([]);
  const me = session.value?.user.id;
  const found = useAsync(() => (q.trim() ? getPage<WireUser>(`/users${query({ q, limit: 20 })}`).then((p) => p.items) : Promise.resolve([])), [q]);
  const { busy, error, onSubmit } = useSubmit(async () => {
    const c = await post<WireChannel>('/channels/direct', { userIds: picked.map((u) => u.id) });
    await loadChannels();
    navigate(`/c/${c.id}`);
  });
  return (
    <Page title={t('chat.newDirect')}>
      <form class="stack" onSubmit={onSubmit}>
        <Field label={t('chat.people')}>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </Field>
        <ul class="stack" style={{ listStyle: 'none', padding: 0 }}>
          {(found.data ?? [])
            .filter((u) => u.id !== me && !picked.some((p) => p.id === u.id))
            .map((u) => (
              <li key={u.id} class="row">
                <span style={{ flex: 1 }}>
                  {u.displayName} <span class="muted">{countryName(u.countryCode)}</span>
                </span>
                <button type="button" disabled={picked.length >= 7} onClick={() => setPicked([...picked, u])}>
                  {t('chat.add')}
                </button>
              </li>
            ))}
        </ul>
        {picked.length > 0 && (
          <fieldset>
            <legend>{t('chat.selected')}</legend>
            {picked.map((u) => (
              <button key={u.id} type="button" class="tag" onClick={() => setPicked(picked.filter((p) => p.id !== u.id))}>
                {u.displayName} ✕
              </button>
            ))}
          </fieldset>
        )}
        <ErrorNote error={found.error ?? error} />
        <button class="primary" type="submit" disabled={busy || !picked.length}>
          {t('chat.start')}
        </button>
      </form>
    </Page>
  );
}
