import { useEffect, useRef, useState } from 'preact/hooks';
import { MEMBER_KINDS, ROLES, type MemberKind, type Role, type WireCountry, type WireImportResult, type WireInvitation, type WireMember, type WireUser } from '@lib/contract';
import { del, get, getPage, patch, post, query, session, updateUser } from '../api';
import { errorCode, type AccountUser, type InvitationRow, type InvitationStatus } from '../accounts';
import { ErrorNote, Field, Loading, Page, useAction, useAsync, useSubmit } from '../components/ui';
import { countryName, formatDateTime, formatNumber } from '../format';
import { t, tn, type StringKey } from '../i18n';
import { Link, location$ } from '../router';
import './admin.css';

const TABS = ['members', 'invitations', 'users'] as const;
type Tab = (typeof TABS)[number];
/** The server's limit for a CSV import (MAX_IMPORT_BYTES in src/directory/directory.controller.ts). */
const MAX_IMPORT_MB = 5;

type InvitationAnswer = WireInvitation;
type ImportAnswer = WireImportResult;

const kindLabel = (k: MemberKind) => t(`admin.kind.${k}` as StringKey);
const roleLabel = (r: Role) => t(`admin.role.${r}` as StringKey);

/* ---------- shared pieces ---------- */

function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value]);
  return v;
}

function withCursor(path: string, cursor: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
}

/** A cursor-paged list: the first page loads when `path` changes; `loadMore()` appends the next. */
function usePaged<T extends { id: string }>(path: string) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  const load = (cursor: string | null) => {
    const id = ++run.current;
    setLoading(true);
    setError(null);
    getPage<T>(cursor ? withCursor(path, cursor) : path).then(
      (page) => {
        if (id !== run.current) return;
        setItems((prev) => {
          if (!cursor) return page.items;
          const seen = new Set(prev.map((i) => i.id));
          return [...prev, ...page.items.filter((i) => !seen.has(i.id))];
        });
        setNext(page.next);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== run.current) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
  };
  useEffect(() => load(null), [path, tick]);
  return {
    items,
    next,
    loading,
    error,
    loadMore: () => next && load(next),
    reload: () => setTick((n) => n + 1),
    replace: (item: T) => setItems((prev) => prev.map((i) => (i.id === item.id ? item : i))),
    prepend: (item: T) => setItems((prev) => [item, ...prev.filter((i) => i.id !== item.id)]),
  };
}

function PagedFooter(props: { loading: boolean; error: Error | null; next: string | null; count: number; onMore: () => void }) {
  return (
    <>
      <ErrorNote error={props.error && t('state.error', { message: props.error.message })} />
      {props.loading && <Loading />}
      {!props.loading && !props.error && props.count === 0 && <p class="muted">{t('state.empty')}</p>}
      {props.next && !props.loading && (
        <p>
          <button type="button" onClick={props.onMore}>
            {t('action.loadMore')}
          </button>
        </p>
      )}
    </>
  );
}

/** Members by id, fetched once per page load (the user table and the pickers show names, the API gives ids). */
const memberCache = new Map<string, Promise<WireMember>>();
function fetchMember(id: string): Promise<WireMember> {
  let p = memberCache.get(id);
  if (!p) {
    p = get<WireMember>(`/members/${encodeURIComponent(id)}`);
    p.catch(() => memberCache.delete(id));
    memberCache.set(id, p);
  }
  return p;
}
function remember(m: WireMember) {
  memberCache.set(m.id, Promise.resolve(m));
}

function MemberName({ id }: { id: string | null }) {
  const m = useAsync(() => (id ? fetchMember(id) : Promise.resolve(null)), [id]);
  if (!id) return <span class="muted">—</span>;
  if (m.error) return <span class="muted">{id}</span>;
  return <>{m.data?.name ?? '…'}</>;
}

function countryLabel(code: string, countries: WireCountry[]): string {
  return countryName(code, countries.find((c) => c.code === code)?.name);
}

/** `id` and `aria-describedby` come from the enclosing Field, which labels the control through them. */
interface ControlIds {
  id?: string;
  'aria-describedby'?: string;
}

function CountrySelect(props: ControlIds & { countries: WireCountry[]; value: string; onChange: (code: string) => void; emptyLabel: string; required?: boolean }) {
  const sorted = props.countries
    .map((c) => ({ code: c.code, name: countryName(c.code, c.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <select id={props.id} aria-describedby={props['aria-describedby']} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} required={props.required}>
      <option value="">{props.emptyLabel}</option>
      {props.value && !sorted.some((c) => c.code === props.value) && <option value={props.value}>{props.value}</option>}
      {sorted.map((c) => (
        <option key={c.code} value={c.code}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

function KindSelect(props: ControlIds & { value: string; onChange: (k: string) => void; emptyLabel?: string; required?: boolean }) {
  return (
    <select id={props.id} aria-describedby={props['aria-describedby']} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} required={props.required}>
      {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
      {MEMBER_KINDS.map((k) => (
        <option key={k} value={k}>
          {kindLabel(k)}
        </option>
      ))}
    </select>
  );
}

/** Picks a member: a search box (GET /members?q=) and a select of the matches. */
function MemberPicker(props: { label: string; value: string; onChange: (id: string) => void; countries: WireCountry[]; anyLabel?: string; required?: boolean }) {
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const found = useAsync(
    () =>
      getPage<WireMember>(`/members${query({ q: dq, limit: 50 })}`).then((page) => {
        page.items.forEach(remember);
        return page;
      }),
    [dq],
  );
  const selected = useAsync(() => (props.value ? fetchMember(props.value) : Promise.resolve(null)), [props.value]);
  const matches = found.data?.items ?? [];
  const label = (m: WireMember) => [m.name, m.city, countryLabel(m.countryCode, props.countries)].filter(Boolean).join(' · ');
  const current = selected.data && !matches.some((m) => m.id === selected.data!.id) ? selected.data : null;
  return (
    <div class="admin-picker">
      <div class="row">
        <Field label={t('admin.member.search')} hint={t('admin.members.searchHint')}>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} maxLength={100} />
        </Field>
        <Field label={props.label}>
          <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} required={props.required}>
            <option value="">{props.anyLabel ?? t('admin.member.choose')}</option>
            {current && <option value={current.id}>{label(current)}</option>}
            {matches.map((m) => (
              <option key={m.id} value={m.id}>
                {label(m)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <span role="status" class="muted">
        {found.loading ? t('state.loading') : dq && !matches.length ? t('admin.member.noMatch') : ''}
      </span>
      <ErrorNote error={found.error} />
    </div>
  );
}

/* ---------- the screen ---------- */

/** `/admin/:tab`: members, invitations and users, for organizers (read-only where admins only) and admins. */
export function AdminView({ tab }: { tab: string }) {
  const me = session.value?.user;
  const allowed = me && me.role !== 'official';
  const countries = useAsync(() => (allowed ? get<WireCountry[]>('/countries') : Promise.resolve([])), [allowed]);
  if (!me || !allowed) {
    return (
      <Page title={t('nav.admin')}>
        <p class="error" role="alert">
          {t('admin.notAllowed')}
        </p>
      </Page>
    );
  }
  const current = (TABS as readonly string[]).includes(tab) ? (tab as Tab) : null;
  const isAdmin = me.role === 'admin';
  const list = countries.data ?? [];
  return (
    <Page title={t('nav.admin')}>
      <nav class="tabs" aria-label={t('admin.sections')}>
        {TABS.map((k) => (
          <Link key={k} href={`/admin/${k}`} aria-current={current === k ? 'page' : undefined}>
            {t(`admin.tab.${k}` as StringKey)}
          </Link>
        ))}
        {isAdmin && <Link href="/admin/audit">{t('admin.tab.audit')}</Link>}
      </nav>
      <ErrorNote error={countries.error && t('state.error', { message: countries.error.message })} />
      {current === 'members' && <MembersTab countries={list} isAdmin={isAdmin} />}
      {current === 'invitations' && <InvitationsTab countries={list} isAdmin={isAdmin} />}
      {current === 'users' && <UsersTab key={location$.value.query.toString()} countries={list} isAdmin={isAdmin} me={me} />}
      {!current && <p>{t('state.notFound')}</p>}
    </Page>
  );
}

/* ---------- members ---------- */

function MembersTab({ countries, isAdmin }: { countries: WireCountry[]; isAdmin: boolean }) {
  const [countryCode, setCountryCode] = useState('');
  const [kind, setKind] = useState('');
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const members = usePaged<WireMember>(`/members${query({ countryCode, kind, q: dq })}`);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const lastEdited = useRef<string | null>(null);

  // Closing the inline editor gives the focus back to its Edit button.
  useEffect(() => {
    if (editing) lastEdited.current = editing;
    else if (lastEdited.current) {
      document.querySelector<HTMLButtonElement>(`[data-edit="${CSS.escape(lastEdited.current)}"]`)?.focus();
      lastEdited.current = null;
    }
  }, [editing]);

  return (
    <>
      <section aria-labelledby="members-h">
        <h2 id="members-h">{t('admin.members.title')}</h2>
        {!isAdmin && <p class="muted">{t('admin.members.readOnly')}</p>}
        <form class="row admin-filters" role="search" aria-label={t('admin.filters')} onSubmit={(e) => e.preventDefault()}>
          <Field label={t('admin.filter.country')}>
            <CountrySelect countries={countries} value={countryCode} onChange={setCountryCode} emptyLabel={t('admin.filter.anyCountry')} />
          </Field>
          <Field label={t('admin.filter.kind')}>
            <KindSelect value={kind} onChange={setKind} emptyLabel={t('admin.filter.anyKind')} />
          </Field>
          <Field label={t('admin.filter.search')} hint={t('admin.members.searchHint')}>
            <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} maxLength={100} />
          </Field>
        </form>
        <p role="status" class="ok">
          {status}
        </p>
        <div class="admin-table">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.member.name')}</th>
                <th scope="col">{t('admin.member.kind')}</th>
                <th scope="col">{t('admin.member.country')}</th>
                <th scope="col">{t('admin.member.cityCol')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.items.map((m) =>
                editing === m.id ? (
                  <tr key={m.id}>
                    <td colSpan={5}>
                      <MemberForm
                        countries={countries}
                        initial={m}
                        submitLabel={t('action.save')}
                        onCancel={() => setEditing(null)}
                        onSubmit={async (body) => {
                          const saved = await patch<WireMember>(`/members/${encodeURIComponent(m.id)}`, body);
                          remember(saved);
                          members.replace(saved);
                          setStatus(t('admin.saved', { name: saved.name }));
                          setEditing(null);
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={m.id}>
                    <th scope="row">{m.name}</th>
                    <td>{kindLabel(m.kind)}</td>
                    <td>{countryLabel(m.countryCode, countries)}</td>
                    <td>{m.city ?? ''}</td>
                    <td class="row">
                      {isAdmin && (
                        <button type="button" data-edit={m.id} aria-label={t('admin.member.editLabel', { name: m.name })} onClick={() => setEditing(m.id)}>
                          {t('action.edit')}
                        </button>
                      )}
                      <Link href={`/admin/users${query({ memberId: m.id })}`} aria-label={t('admin.member.officialsOf', { name: m.name })}>
                        {t('admin.member.officials')}
                      </Link>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
        <PagedFooter loading={members.loading} error={members.error} next={members.next} count={members.items.length} onMore={members.loadMore} />
      </section>

      {isAdmin && (
        <section aria-labelledby="member-new-h" class="card">
          <h2 id="member-new-h">{t('admin.member.createTitle')}</h2>
          <MemberForm
            countries={countries}
            submitLabel={t('action.create')}
            resetOnSubmit
            onSubmit={async (body) => {
              const created = await post<WireMember>('/members', body);
              remember(created);
              members.prepend(created);
              setStatus(t('admin.member.created', { name: created.name }));
            }}
          />
        </section>
      )}

      {isAdmin && <ImportSection onImported={members.reload} />}
    </>
  );
}

interface MemberBody {
  name: string;
  kind: string;
  countryCode: string;
  city: string | null;
}

function MemberForm(props: {
  countries: WireCountry[];
  initial?: WireMember;
  submitLabel: string;
  resetOnSubmit?: boolean;
  onSubmit: (body: MemberBody) => Promise<void>;
  onCancel?: () => void;
}) {
  const init = props.initial;
  const [name, setName] = useState(init?.name ?? '');
  const [kind, setKind] = useState<string>(init?.kind ?? 'municipality');
  const [countryCode, setCountryCode] = useState(init?.countryCode ?? '');
  const [city, setCity] = useState(init?.city ?? '');
  const nameInput = useRef<HTMLInputElement>(null);
  // The inline editor opens with the focus in its first field.
  useEffect(() => {
    if (init) nameInput.current?.focus();
  }, []);
  const { busy, error, onSubmit } = useSubmit(async () => {
    await props.onSubmit({ name: name.trim(), kind, countryCode, city: city.trim() || null });
    if (props.resetOnSubmit) {
      setName('');
      setCity('');
    }
  });
  return (
    <form
      class="stack admin-member-form"
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && props.onCancel) props.onCancel();
      }}
    >
      <div class="row">
        <Field label={t('admin.member.name')}>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={300} ref={nameInput} />
        </Field>
        <Field label={t('admin.member.kind')}>
          <KindSelect value={kind} onChange={setKind} required />
        </Field>
        <Field label={t('admin.member.country')}>
          <CountrySelect countries={props.countries} value={countryCode} onChange={setCountryCode} emptyLabel={t('admin.member.chooseCountry')} required />
        </Field>
        <Field label={t('admin.member.city')}>
          <input value={city} onInput={(e) => setCity(e.currentTarget.value)} maxLength={200} />
        </Field>
      </div>
      <ErrorNote error={error} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('action.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function ImportSection({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportAnswer | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const { busy, error, onSubmit } = useSubmit(async () => {
    setResult(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_MB * 1024 * 1024) throw new Error(t('admin.import.tooLarge', { mb: MAX_IMPORT_MB }));
    const body = new FormData();
    body.append('file', file);
    const answer = await post<ImportAnswer>('/members/import', body);
    setResult(answer);
    setFile(null);
    if (input.current) input.current.value = '';
    if (answer.created || answer.updated) onImported();
  });
  return (
    <section aria-labelledby="import-h" class="card">
      <h2 id="import-h">{t('admin.import.title')}</h2>
      <form class="stack" onSubmit={onSubmit}>
        <Field label={t('admin.import.file')} hint={t('admin.import.hint', { mb: MAX_IMPORT_MB })}>
          <input ref={input} type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </Field>
        <details>
          <summary>{t('admin.import.kindCodes')}</summary>
          <ul>
            {MEMBER_KINDS.map((k) => (
              <li key={k}>
                <code>{k}</code> — {kindLabel(k)}
              </li>
            ))}
          </ul>
        </details>
        <ErrorNote error={error} />
        <div class="row">
          <button type="submit" class="primary" disabled={busy || !file}>
            {t('admin.import.submit')}
          </button>
          {busy && <span class="muted">{t('state.loading')}</span>}
        </div>
      </form>
      <div role="status">
        {result && (
          <p class={result.errors.length ? '' : 'ok'}>
            {t('admin.import.summary', {
              created: result.created,
              updated: result.updated,
              unchanged: result.unchanged,
              errors: result.errors.length,
            })}
          </p>
        )}
      </div>
      {result && result.errors.length > 0 && (
        <div class="admin-table">
          <table>
            <caption>{tn('admin.import.errorsCaption.one', 'admin.import.errorsCaption.other', result.errors.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.import.line')}</th>
                <th scope="col">{t('admin.import.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((e, i) => (
                <tr key={i}>
                  <td>{formatNumber(e.line)}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/* ---------- invitations ---------- */

interface SentInvitation extends InvitationAnswer {
  email: string;
  memberId: string;
  role: Role;
}

function InvitationsTab({ countries, isAdmin }: { countries: WireCountry[]; isAdmin: boolean }) {
  const [email, setEmail] = useState('');
  const [memberId, setMemberId] = useState('');
  const [role, setRole] = useState<Role>('official');
  const [sent, setSent] = useState<SentInvitation[]>([]);
  const roles = isAdmin ? ROLES : (['official'] as const);
  const [listVersion, setListVersion] = useState(0);
  const { busy, error, onSubmit } = useSubmit(async () => {
    const answer = await post<InvitationAnswer>('/invitations', { email: email.trim(), memberId, role });
    setSent((prev) => [{ ...answer, email: email.trim(), memberId, role }, ...prev]);
    setEmail('');
    setListVersion((n) => n + 1);
  });
  return (
    <>
      {isAdmin && <StaffTwoFactorSetting />}
      <section aria-labelledby="invite-h">
        <h2 id="invite-h">{t('admin.invite.title')}</h2>
        <form class="stack" onSubmit={onSubmit}>
          <Field label={t('auth.email')}>
            <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} required maxLength={320} autoComplete="off" />
          </Field>
          <MemberPicker label={t('admin.filter.member')} value={memberId} onChange={setMemberId} countries={countries} required />
          <Field label={t('admin.filter.role')} hint={isAdmin ? undefined : t('admin.invite.roleHint')}>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </Field>
          <ErrorNote error={error} />
          <div>
            <button type="submit" class="primary" disabled={busy}>
              {t('admin.invite.submit')}
            </button>
          </div>
        </form>
      </section>
      <div role="status">{sent[0] && <p class="ok">{t('admin.invite.sent', { email: sent[0].email })}</p>}</div>
      {sent.length > 0 && (
        <section aria-labelledby="invites-h">
          <h2 id="invites-h">{t('admin.invite.createdNow')}</h2>
          {sent.map((inv) => (
            <InvitationCard key={inv.id} inv={inv} />
          ))}
        </section>
      )}
      <InvitationList key={listVersion} />
    </>
  );
}

const INVITATION_STATUSES: readonly InvitationStatus[] = ['pending', 'accepted', 'expired', 'revoked'];
const statusLabel = (s: InvitationStatus) => t(`accounts.invitations.status.${s}` as StringKey);

/** Sent invitations (an organizer's own, an admin's all) by status, with resend and revoke. */
function InvitationList() {
  const [status, setStatus] = useState<InvitationStatus | ''>('pending');
  const paged = usePaged<InvitationRow>(`/invitations${query({ status })}`);
  const act = useAction();
  const [resent, setResent] = useState<SentInvitation | null>(null);
  const resend = (row: InvitationRow) =>
    act.run(async () => {
      const answer = await post<InvitationAnswer>(`/invitations/${encodeURIComponent(row.id)}/resend`);
      setResent({ ...answer, email: row.email, memberId: row.memberId, role: row.role });
      paged.reload();
    });
  const revoke = (row: InvitationRow) =>
    act.run(async () => {
      if (!window.confirm(t('accounts.invitations.revokeConfirm', { email: row.email }))) return;
      await del(`/invitations/${encodeURIComponent(row.id)}`);
      setResent(null);
      paged.reload();
    });
  return (
    <section aria-labelledby="invitation-list-h" data-invitation-list>
      <h2 id="invitation-list-h">{t('accounts.invitations.title')}</h2>
      <Field label={t('accounts.invitations.filter')}>
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value as InvitationStatus | '')}>
          <option value="">{t('accounts.invitations.status.all')}</option>
          {INVITATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </Field>
      <ErrorNote error={act.error} />
      <div role="status">{resent && <p class="ok">{t('admin.invite.sent', { email: resent.email })}</p>}</div>
      {resent && <InvitationCard key={`${resent.id}-${resent.expiresAt}`} inv={resent} />}
      {paged.items.length > 0 && (
        <div class="admin-table">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('auth.email')}</th>
                <th scope="col">{t('accounts.invitation.member')}</th>
                <th scope="col">{t('admin.filter.role')}</th>
                <th scope="col">{t('accounts.invitations.statusColumn')}</th>
                <th scope="col">{t('accounts.invitation.invitedBy')}</th>
                <th scope="col">{t('accounts.invitation.expires')}</th>
                <th scope="col">
                  <span class="sr-only">{t('accounts.invitations.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {paged.items.map((row) => (
                <tr key={row.id} data-invitation-id={row.id} data-status={row.status}>
                  <td>{row.email}</td>
                  <td>
                    {row.memberName} ({countryName(row.countryCode)})
                  </td>
                  <td>{roleLabel(row.role)}</td>
                  <td>{statusLabel(row.status)}</td>
                  <td>{row.invitedBy.displayName}</td>
                  <td>{formatDateTime(row.expiresAt)}</td>
                  <td class="row">
                    {(row.status === 'pending' || row.status === 'expired') && (
                      <>
                        <button type="button" disabled={act.busy} onClick={() => resend(row)}>
                          {t('accounts.invitations.resend')}
                        </button>
                        <button type="button" class="danger" disabled={act.busy} onClick={() => revoke(row)}>
                          {t('accounts.invitations.revoke')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PagedFooter loading={paged.loading} error={paged.error} next={paged.next} count={paged.items.length} onMore={paged.loadMore} />
    </section>
  );
}

/** Admins: require two-factor sign-in of admins and organizers (off by default). */
function StaffTwoFactorSetting() {
  const settings = useAsync(() => get<{ require2faForStaff: boolean }>('/settings'), []);
  const act = useAction();
  const me = session.value?.user as AccountUser | undefined;
  const set = (value: boolean) =>
    act.run(async () => {
      try {
        settings.setData(await patch<{ require2faForStaff: boolean }>('/settings', { require2faForStaff: value }));
      } catch (err) {
        throw errorCode(err) === '2fa_not_enabled' ? new Error(t('accounts.settings.ownFirst')) : err;
      }
    });
  return (
    <section class="card stack" aria-labelledby="security-h" data-setting="require2faForStaff">
      <h2 id="security-h">{t('accounts.settings.title')}</h2>
      {settings.loading && !settings.data && <Loading />}
      <ErrorNote error={settings.error && t('state.error', { message: settings.error.message })} />
      {settings.data && (
        <label class="row">
          <input type="checkbox" checked={settings.data.require2faForStaff} disabled={act.busy} onChange={(e) => set(e.currentTarget.checked)} />
          <span>
            {t('accounts.settings.require2fa')}
            <br />
            <small class="muted">{t('accounts.settings.require2faHint')}</small>
          </span>
        </label>
      )}
      {settings.data && !settings.data.require2faForStaff && me && me.twoFactorEnabled === false && (
        <p class="muted">
          <Link href="/profile">{t('accounts.settings.ownFirst')}</Link>
        </p>
      )}
      <ErrorNote error={act.error} />
    </section>
  );
}

function InvitationCard({ inv }: { inv: SentInvitation }) {
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const copy = async () => {
    setError(null);
    try {
      await navigator.clipboard.writeText(inv.url);
      setCopied(true);
    } catch (e) {
      setCopied(false);
      setError(t('admin.invite.copyFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <article class="card stack">
      <h3>
        {inv.email} — {roleLabel(inv.role)}, <MemberName id={inv.memberId} />
      </h3>
      <div class="row admin-link">
        <Field label={t('admin.invite.link')}>
          <input readOnly value={inv.url} onFocus={(e) => e.currentTarget.select()} />
        </Field>
        <button type="button" onClick={() => void copy()}>
          {t('admin.invite.copy')}
        </button>
        <span role="status" class="ok">
          {copied ? t('admin.invite.copied') : ''}
        </span>
      </div>
      <ErrorNote error={error} />
      <p class="muted">{t('admin.invite.expires', { date: formatDateTime(inv.expiresAt) })}</p>
    </article>
  );
}

/* ---------- users ---------- */

function UsersTab({ countries, isAdmin, me }: { countries: WireCountry[]; isAdmin: boolean; me: WireUser }) {
  const initial = location$.value.query;
  const [q, setQ] = useState(initial.get('q') ?? '');
  const [countryCode, setCountryCode] = useState(initial.get('countryCode') ?? '');
  const [memberId, setMemberId] = useState(initial.get('memberId') ?? '');
  const [role, setRole] = useState(initial.get('role') ?? '');
  const dq = useDebounced(q.trim());
  const users = usePaged<WireUser>(`/users${query({ q: dq, countryCode, memberId, role })}`);
  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t('admin.users.title')}</h2>
      <form class="stack admin-filters" role="search" aria-label={t('admin.filters')} onSubmit={(e) => e.preventDefault()}>
        <div class="row">
          <Field label={t('admin.filter.search')} hint={t('admin.users.searchHint')}>
            <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} maxLength={100} />
          </Field>
          <Field label={t('admin.filter.country')}>
            <CountrySelect countries={countries} value={countryCode} onChange={setCountryCode} emptyLabel={t('admin.filter.anyCountry')} />
          </Field>
          <Field label={t('admin.filter.role')}>
            <select value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              <option value="">{t('admin.filter.anyRole')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <MemberPicker label={t('admin.filter.member')} value={memberId} onChange={setMemberId} countries={countries} anyLabel={t('admin.filter.anyMember')} />
      </form>
      <div class="admin-table">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.name')}</th>
              {isAdmin && <th scope="col">{t('auth.email')}</th>}
              <th scope="col">{t('admin.filter.role')}</th>
              <th scope="col">{t('admin.filter.member')}</th>
              <th scope="col">{t('admin.filter.country')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              {isAdmin && <th scope="col">{t('admin.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {users.items.map((u) => (
              <UserRow key={u.id} user={u} isAdmin={isAdmin} me={me} countries={countries} onChange={users.replace} />
            ))}
          </tbody>
        </table>
      </div>
      <PagedFooter loading={users.loading} error={users.error} next={users.next} count={users.items.length} onMore={users.loadMore} />
    </section>
  );
}

function UserRow(props: { user: WireUser; isAdmin: boolean; me: WireUser; countries: WireCountry[]; onChange: (u: WireUser) => void }) {
  const u = props.user;
  const [role, setRole] = useState<Role>(u.role);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => setRole(u.role), [u.role]);

  const save = async (body: { role?: Role; deactivated?: boolean }) => {
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const answer = await patch<WireUser>(`/users/${encodeURIComponent(u.id)}`, body);
      props.onChange(answer);
      if (answer.id === props.me.id && session.value) updateUser({ ...session.value.user, role: answer.role, deactivated: answer.deactivated });
      setStatus(t('admin.saved', { name: answer.displayName }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setRole(u.role);
    } finally {
      setBusy(false);
    }
  };
  const changeRole = () => {
    if (u.id === props.me.id && role !== 'admin' && !window.confirm(t('admin.users.confirmSelfDemote'))) return;
    void save({ role });
  };
  const toggle = () => {
    if (!u.deactivated && !window.confirm(t('admin.users.confirmDeactivate', { name: u.displayName }))) return;
    void save({ deactivated: !u.deactivated });
  };

  return (
    <tr class={u.deactivated ? 'admin-deactivated' : undefined}>
      <th scope="row">
        {u.displayName}
        {u.title && <div class="muted">{u.title}</div>}
      </th>
      {props.isAdmin && <td>{u.email ?? ''}</td>}
      <td>
        {props.isAdmin ? (
          <div class="row">
            <label>
              <span class="sr-only">{t('admin.users.roleOf', { name: u.displayName })}</span>
              <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)} disabled={busy}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {roleLabel(r)}
                  </option>
                ))}
              </select>
            </label>
            {role !== u.role && (
              <button type="button" class="primary" onClick={changeRole} disabled={busy}>
                {t('admin.users.changeRole')}
              </button>
            )}
          </div>
        ) : (
          roleLabel(u.role)
        )}
      </td>
      <td>
        <MemberName id={u.memberId} />
      </td>
      <td>{u.countryCode ? countryLabel(u.countryCode, props.countries) : ''}</td>
      <td>{u.deactivated ? t('admin.users.deactivated') : t('admin.users.active')}</td>
      {props.isAdmin && (
        <td>
          <button
            type="button"
            class={u.deactivated ? undefined : 'danger'}
            onClick={toggle}
            disabled={busy}
            aria-label={t(u.deactivated ? 'admin.users.reactivateLabel' : 'admin.users.deactivateLabel', { name: u.displayName })}
          >
            {u.deactivated ? t('admin.users.reactivate') : t('admin.users.deactivate')}
          </button>
          <span role="status" class="ok">
            {status}
          </span>
          <ErrorNote error={error} />
        </td>
      )}
    </tr>
  );
}
