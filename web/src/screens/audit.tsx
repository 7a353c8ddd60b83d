import { useEffect, useState } from 'preact/hooks';
import type { WireAuditEvent, WireUser } from '@lib/contract';
import { get, getPage, query, session, type Page as ApiPage } from '../api';
import { ErrorNote, Field, Loading, Page, useAction, useAsync } from '../components/ui';
import { formatDateTime } from '../format';
import { ENGLISH_KEYS, t, timeZone, type StringKey } from '../i18n';
import { Link, location$, navigate } from '../router';
import './admin.css';

/** One row of `GET /audit` (AuditEventDto). */
export type AuditEvent = WireAuditEvent;

const PAGE = 50;
/** The actions this app has names for; others (added later on the server) show as their code. */
const KNOWN_ACTIONS = ENGLISH_KEYS.filter((k) => k.startsWith('audit.action.')).map((k) => k.slice('audit.action.'.length));

function actionLabel(action: string): string {
  const key = `audit.action.${action}` as StringKey;
  return KNOWN_ACTIONS.includes(action) ? t(key) : action;
}

/** The instant a wall-clock date starts in an IANA zone ("2026-12-01" in Asia/Almaty → 2026-11-30T19:00:00Z). */
export function startOfDayIn(date: string, zone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const offset = (at: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(at)
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - at;
  };
  let at = guess - offset(guess);
  at = guess - offset(at); // a zone whose offset changes that day
  return new Date(at).toISOString();
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

const names = new Map<string, Promise<string>>();
/** A user's display name, fetched once per page load; the id when they cannot be read. */
function userName(id: string): Promise<string> {
  let p = names.get(id);
  if (!p) {
    p = get<WireUser>(`/users/${encodeURIComponent(id)}`).then(
      (u) => u.displayName,
      () => id,
    );
    names.set(id, p);
  }
  return p;
}

/** `/admin/audit?action=&actorId=&targetId=&from=&to=`: the audit log, newest first, for administrators. */
export function AuditView() {
  const me = session.value?.user;
  const params = location$.value.query;
  const filters = {
    action: params.get('action') ?? '',
    actorId: params.get('actorId') ?? '',
    targetId: params.get('targetId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const key = JSON.stringify(filters);
  const [form, setForm] = useState(filters);
  useEffect(() => setForm(filters), [key]);

  const path = (cursor: string | null) =>
    `/audit${query({
      action: filters.action,
      actorId: filters.actorId,
      targetId: filters.targetId,
      from: filters.from ? startOfDayIn(filters.from, timeZone.value) : undefined,
      to: filters.to ? startOfDayIn(nextDay(filters.to), timeZone.value) : undefined,
      limit: PAGE,
      cursor,
    })}`;
  const isAdmin = me?.role === 'admin';
  const list = useAsync(() => (isAdmin ? getPage<AuditEvent>(path(null)) : Promise.resolve<ApiPage<AuditEvent>>({ items: [], next: null })), [key, isAdmin]);
  const more = useAction();
  const [actors, setActors] = useState<Record<string, string>>({});
  const items = list.data?.items ?? [];
  const actorIds = [...new Set(items.map((e) => e.actorId).filter((x): x is string => !!x))].filter((id) => !(id in actors));
  useEffect(() => {
    if (!actorIds.length) return;
    void Promise.all(actorIds.map(async (id) => [id, await userName(id)] as const)).then((pairs) => setActors((a) => ({ ...a, ...Object.fromEntries(pairs) })));
  }, [actorIds.join()]);

  if (!isAdmin) {
    return (
      <Page title={t('audit.title')}>
        <p class="error" role="alert">
          {t('audit.adminsOnly')}
        </p>
      </Page>
    );
  }

  const apply = (e: Event) => {
    e.preventDefault();
    navigate(`/admin/audit${query(form)}`);
  };
  const loadMore = () =>
    more.run(async () => {
      if (!list.data?.next) return;
      const page = await getPage<AuditEvent>(path(list.data.next));
      list.setData({ items: [...list.data.items, ...page.items], next: page.next });
    });
  const actions = [...new Set([...KNOWN_ACTIONS, ...items.map((e) => e.action), ...(filters.action ? [filters.action] : [])])];

  return (
    <Page title={t('audit.title')} class="audit" actions={<Link href="/admin">{t('nav.admin')}</Link>}>
      <form class="row filters" aria-label={t('admin.filters')} onSubmit={apply}>
        <Field label={t('audit.filter.action')}>
          <select value={form.action} onChange={(e) => setForm({ ...form, action: e.currentTarget.value })}>
            <option value="">{t('audit.filter.anyAction')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.filter.actor')}>
          <input value={form.actorId} maxLength={36} onInput={(e) => setForm({ ...form, actorId: e.currentTarget.value.trim() })} />
        </Field>
        <Field label={t('audit.filter.target')}>
          <input value={form.targetId} maxLength={320} onInput={(e) => setForm({ ...form, targetId: e.currentTarget.value.trim() })} />
        </Field>
        <Field label={t('audit.filter.from')}>
          <input type="date" value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />
        </Field>
        <Field label={t('audit.filter.to')}>
          <input type="date" value={form.to} min={form.from || undefined} onInput={(e) => setForm({ ...form, to: e.currentTarget.value })} />
        </Field>
        <button type="submit" class="primary">
          {t('audit.filter.apply')}
        </button>
        <button type="button" onClick={() => navigate('/admin/audit')}>
          {t('audit.filter.reset')}
        </button>
      </form>
      <ErrorNote error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && !items.length && <p class="muted">{t('audit.none')}</p>}
      {items.length > 0 && (
        <div class="admin-table">
          <table aria-busy={list.loading} data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.time')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.target')}</th>
                <th scope="col">{t('audit.col.ip')}</th>
                <th scope="col">{t('audit.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                  <td>
                    <time dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
                  </td>
                  <td>{actionLabel(e.action)}</td>
                  <td dir="auto">
                    {e.actorId ? (
                      <Link href={`/admin/audit${query({ ...filters, actorId: e.actorId })}`}>{actors[e.actorId] ?? e.actorId}</Link>
                    ) : (
                      t('audit.system')
                    )}
                  </td>
                  <td>
                    {e.targetId ? (
                      <Link href={`/admin/audit${query({ ...filters, targetId: e.targetId })}`}>
                        {e.targetType ? `${e.targetType}: ` : ''}
                        <code>{e.targetId}</code>
                      </Link>
                    ) : (
                      ''
                    )}
                  </td>
                  <td>{e.ip ?? ''}</td>
                  <td>{e.details ? <code dir="ltr">{JSON.stringify(e.details)}</code> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorNote error={more.error} />
      {list.data?.next && (
        <button type="button" onClick={loadMore} disabled={more.busy}>
          {t('action.loadMore')}
        </button>
      )}
    </Page>
  );
}
