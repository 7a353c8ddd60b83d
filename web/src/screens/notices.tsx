import { useEffect, useRef, useState } from 'preact/hooks';
import { MEMBER_KINDS, type MemberKind, type WireAudienceReach, type WireCountry, type WireMember, type WireNotice, type WireNoticeAudience, type WireNoticeReport } from '@lib/contract';
import { download, get, getPage, post, query, session } from '../api';
import { ErrorNote, Field, Loading, Page, useAsync, useSubmit } from '../components/ui';
import { countryName, formatDateTime, formatNumber, formatPercent, languageName } from '../format';
import { t, timeZone, tn, type StringKey } from '../i18n';
import { Markdown } from '../markdown';
import { Link, navigate } from '../router';
import { noticesTick, refreshUnreadNotifications } from '../realtime';
import './notices.css';

const PAGE_SIZE = 30;

/** Languages a notice can be written in: those of the union's member countries. */
const LANGUAGES = ['tr', 'az', 'kk', 'ky', 'uz', 'tk', 'tt', 'ba', 'ug', 'crh', 'gag', 'mn', 'ru', 'en', 'ar', 'ur', 'fa', 'bs', 'sq', 'sr', 'hr', 'mk', 'bg', 'ro', 'hu', 'uk', 'tg', 'ckb', 'so', 'sw', 'fr'];


type Priority = WireNotice['priority'];

function isOrganizer(): boolean {
  const role = session.value?.user.role;
  return role === 'organizer' || role === 'admin';
}

function kindLabel(kind: string): string {
  return MEMBER_KINDS.includes(kind as MemberKind) ? t(`notices.kind.${kind}` as StringKey) : kind;
}

function percent(n: number, of: number): string {
  return formatPercent(of ? n / of : 0);
}

/** The notice's title (or body) language should follow its text, not the UI: the h1 of Page gets dir="auto". */
function useAutoDirTitle(ready: boolean): void {
  useEffect(() => {
    if (ready) document.getElementById('page-title')?.setAttribute('dir', 'auto');
  }, [ready]);
}

function PriorityPill({ priority }: { priority: Priority }) {
  if (priority === 'normal') return null;
  return <span class={`pill-${priority}`}>{t(`notices.priority.${priority}`)}</span>;
}

/** Unread / read / acknowledged, for a notice I received. */
function MyState({ notice }: { notice: WireNotice }) {
  if (notice.readAt === undefined) return null;
  if (notice.ackedAt) return <span class="tag notice-state acked">{t('notices.state.acked')}</span>;
  if (notice.readAt) {
    return (
      <span class="tag notice-state read">
        {t('notices.state.read')}
        {notice.requiresAck ? ` · ${t('notices.state.ackNeeded')}` : ''}
      </span>
    );
  }
  return <span class="tag notice-state unread">{t('notices.state.unread')}</span>;
}

function when(n: WireNotice): string {
  if (n.sentAt) return t('notices.sentAt', { date: formatDateTime(n.sentAt) });
  if (n.status === 'scheduled' && n.scheduledAt) return t('notices.scheduledFor', { date: formatDateTime(n.scheduledAt) });
  if (n.status === 'scheduled' && n.deliverAtLocalTime) return t('notices.localTimeFor', { ...n.deliverAtLocalTime });
  return t('notices.createdAt', { date: formatDateTime(n.createdAt) });
}

// --- List ----------------------------------------------------------------------------------------------

export function NoticesList() {
  const tick = noticesTick.value;
  const first = useAsync(() => getPage<WireNotice>(`/notices${query({ limit: PAGE_SIZE })}`), [tick]);
  const [older, setOlder] = useState<{ items: WireNotice[]; next: string | null } | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const me = session.value?.user.id;

  const firstIds = new Set(first.data?.items.map((n) => n.id));
  const items = [...(first.data?.items ?? []), ...(older?.items.filter((n) => !firstIds.has(n.id)) ?? [])];
  const next = older ? older.next : (first.data?.next ?? null);

  const loadMore = async () => {
    if (!next) return;
    setMoreBusy(true);
    setMoreError(null);
    try {
      const page = await getPage<WireNotice>(`/notices${query({ limit: PAGE_SIZE, cursor: next })}`);
      setOlder({ items: [...(older?.items ?? []), ...page.items], next: page.next });
    } catch (e) {
      setMoreError(e instanceof Error ? e.message : String(e));
    } finally {
      setMoreBusy(false);
    }
  };

  return (
    <Page
      title={t('nav.notices')}
      actions={
        isOrganizer() && (
          <Link class="button primary" href="/notices/new">
            {t('notices.new')}
          </Link>
        )
      }
    >
      <ErrorNote error={first.error} />
      {!first.data && first.loading && <Loading />}
      {first.data && !items.length && <p class="muted">{t('state.empty')}</p>}
      {items.length > 0 && (
        <ul class="notice-list">
          {items.map((n) => (
            <li key={n.id} class={`card notice-item ${n.readAt === null ? 'unread' : ''}`} data-testid="notice-item">
              <div class="row">
                <Link href={`/notices/${n.id}`} class="notice-link" dir="auto">
                  {n.title}
                </Link>
                <PriorityPill priority={n.priority} />
                <MyState notice={n} />
              </div>
              <div class="row muted notice-meta">
                <span>{when(n)}</span>
                {n.authorId === me && isOrganizer() && (
                  <>
                    <span>{t(`notices.status.${n.status}`)}</span>
                    <span>{tn('notices.recipients.one', 'notices.recipients.other', n.recipientCount)}</span>
                    <Link href={`/notices/${n.id}/report`}>{t('notices.report')}</Link>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={moreError} />
      {next && (
        <button type="button" onClick={() => void loadMore()} disabled={moreBusy}>
          {moreBusy ? t('state.loading') : t('action.loadMore')}
        </button>
      )}
    </Page>
  );
}

// --- Detail --------------------------------------------------------------------------------------------

export function NoticeDetail({ id }: { id: string }) {
  const { data: notice, error, loading, setData } = useAsync(() => get<WireNotice>(`/notices/${encodeURIComponent(id)}`), [id]);
  const [actionError, setActionError] = useState<string | null>(null);
  const [acking, setAcking] = useState(false);
  const readSent = useRef(false);
  useAutoDirTitle(!!notice);

  // Opening the notice marks it read (once).
  useEffect(() => {
    if (!notice || notice.readAt !== null || readSent.current) return;
    readSent.current = true;
    post<WireNotice>(`/notices/${encodeURIComponent(id)}/read`).then(
      (n) => {
        setData(n);
        void refreshUnreadNotifications().catch(() => undefined); // reading the notice read its notification
      },
      (e: unknown) => setActionError(e instanceof Error ? e.message : String(e)),
    );
  }, [notice]);

  const acknowledge = async () => {
    setAcking(true);
    setActionError(null);
    try {
      setData(await post<WireNotice>(`/notices/${encodeURIComponent(id)}/ack`));
      void refreshUnreadNotifications().catch(() => undefined);
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    } finally {
      setAcking(false);
    }
  };

  if (!notice) {
    return (
      <Page title={t('nav.notices')}>
        <ErrorNote error={error} />
        {loading && <Loading />}
      </Page>
    );
  }

  const recipient = notice.readAt !== undefined;
  return (
    <Page
      title={notice.title}
      actions={
        <>
          <Link class="button" href="/notices">
            {t('notices.back')}
          </Link>
          {isOrganizer() && (
            <Link class="button" href={`/notices/${notice.id}/report`}>
              {t('notices.report')}
            </Link>
          )}
        </>
      }
    >
      <div class="row muted notice-meta">
        <PriorityPill priority={notice.priority} />
        <span>{when(notice)}</span>
        <span lang={notice.language}>{t('notices.inLanguage', { language: languageName(notice.language) })}</span>
        <MyState notice={notice} />
      </div>
      {isOrganizer() && (
        <div class="row muted notice-meta">
          <span>{t(`notices.status.${notice.status}`)}</span>
          <span>{tn('notices.recipients.one', 'notices.recipients.other', notice.recipientCount)}</span>
          {notice.audience && <span>{audienceSummary(notice.audience)}</span>}
          {notice.requiresAck && notice.remindAfterHours && <span>{t('notices.remindsAfter', { n: notice.remindAfterHours })}</span>}
        </div>
      )}
      <article class="card notice-body" dir="auto" lang={notice.language}>
        <Markdown text={notice.body} />
      </article>
      {notice.requiresAck && recipient && (
        <div class="notice-ack">
          {notice.ackedAt ? (
            <p class="ok" role="status">
              {t('notices.ackedAt', { time: formatDateTime(notice.ackedAt) })}
            </p>
          ) : (
            <>
              <p>{t('notices.ackHint')}</p>
              <button type="button" class="primary" onClick={() => void acknowledge()} disabled={acking}>
                {t('notices.ack')}
              </button>
            </>
          )}
        </div>
      )}
      <ErrorNote error={actionError} />
    </Page>
  );
}

function audienceSummary(a: WireNoticeAudience): string {
  if (a.all) return t('notices.audience.all');
  const parts: string[] = [];
  if (a.countryCodes?.length) parts.push(a.countryCodes.map((c) => countryName(c)).join(', '));
  if (a.memberKinds?.length) parts.push(a.memberKinds.map(kindLabel).join(', '));
  if (a.memberIds?.length) parts.push(tn('notices.memberCount.one', 'notices.memberCount.other', a.memberIds.length));
  return parts.join(' · ');
}

// --- Composer ------------------------------------------------------------------------------------------

interface TranslationRow {
  key: number;
  language: string;
  title: string;
  body: string;
}

/** A wall-clock "YYYY-MM-DDTHH:MM" in `zone` → the ISO instant. */
function zonedToIso(local: string, zone: string): string {
  const [d, tm = '00:00'] = local.split('T');
  const [y, mo, day] = d.split('-').map(Number);
  const [h, mi] = tm.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, day, h, mi);
  try {
    const offset = (ts: number) => {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }).formatToParts(new Date(ts));
      const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(ts / 1000) * 1000;
    };
    let ts = wall - offset(wall);
    ts = wall - offset(ts);
    return new Date(ts).toISOString();
  } catch {
    return new Date(local).toISOString();
  }
}

function defaultLanguage(): string {
  const base = (session.value?.user.locale ?? 'en').toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(base) ? base : 'en';
}

function LanguageOptions() {
  const sorted = [...LANGUAGES].sort((a, b) => languageName(a).localeCompare(languageName(b)));
  return (
    <>
      {sorted.map((l) => (
        <option key={l} value={l}>
          {languageName(l)}
        </option>
      ))}
    </>
  );
}

export function NoticeComposer() {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [language, setLanguage] = useState(defaultLanguage);
  const [translations, setTranslations] = useState<TranslationRow[]>([]);
  const [priority, setPriority] = useState<Priority>('normal');
  const [requiresAck, setRequiresAck] = useState(true);
  const [audienceMode, setAudienceMode] = useState<'all' | 'some'>('all');
  const [countryCodes, setCountryCodes] = useState<string[]>([]);
  const [memberKinds, setMemberKinds] = useState<string[]>([]);
  const [members, setMembers] = useState<WireMember[]>([]);
  const [delivery, setDelivery] = useState<'now' | 'at' | 'local'>('now');
  const [at, setAt] = useState('');
  const [localDate, setLocalDate] = useState('');
  const [localTime, setLocalTime] = useState('09:00');
  const [remind, setRemind] = useState('');
  const nextKey = useRef(1);

  const memberIds = members.map((m) => m.id);
  const audience: WireNoticeAudience | null =
    audienceMode === 'all' ? { all: true } : countryCodes.length || memberKinds.length || memberIds.length ? { countryCodes, memberKinds, memberIds } : null;

  const submit = useSubmit(async () => {
    const tr: Record<string, { title: string; body: string }> = {};
    for (const row of translations) {
      if (row.language === language || tr[row.language]) throw new Error(t('notices.translation.duplicate', { language: languageName(row.language) }));
      tr[row.language] = { title: row.title, body: row.body };
    }
    const payload = {
      title,
      body,
      language,
      ...(translations.length ? { translations: tr } : {}),
      priority,
      requiresAck,
      audience: audience ?? { countryCodes, memberKinds, memberIds },
      ...(delivery === 'at' ? { scheduledAt: zonedToIso(at, timeZone.value) } : {}),
      ...(delivery === 'local' ? { deliverAtLocalTime: { date: localDate, time: localTime } } : {}),
      ...(requiresAck && remind.trim() ? { remindAfterHours: Number(remind) } : {}),
    };
    const created = await post<{ id: string; status: string; recipientCount: number }>('/notices', payload);
    navigate(`/notices/${created.id}/report`);
  });

  if (!isOrganizer()) {
    return (
      <Page title={t('notices.new')}>
        <p class="error" role="alert">
          {t('notices.forbidden')}
        </p>
      </Page>
    );
  }

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  const updateRow = (key: number, patch: Partial<TranslationRow>) => setTranslations((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const addRow = () => {
    const used = new Set([language, ...translations.map((r) => r.language)]);
    const lang = ['en', 'ru', 'tr', ...LANGUAGES].find((l) => !used.has(l)) ?? 'en';
    setTranslations((rows) => [...rows, { key: nextKey.current++, language: lang, title: '', body: '' }]);
  };

  return (
    <Page title={t('notices.new')} actions={<Link class="button" href="/notices">{t('action.cancel')}</Link>}>
      <form class="stack notice-form" onSubmit={submit.onSubmit}>
        <Field label={t('notices.field.title')}>
          <input value={title} onInput={(e) => setTitle(e.currentTarget.value)} required maxLength={300} dir="auto" />
        </Field>
        <Field label={t('notices.field.body')} hint={t('notices.field.bodyHint')}>
          <textarea value={body} onInput={(e) => setBody(e.currentTarget.value)} required maxLength={20000} rows={8} dir="auto" />
        </Field>
        <Field label={t('notices.field.language')}>
          <select value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
            <LanguageOptions />
          </select>
        </Field>

        <fieldset class="stack">
          <legend>{t('notices.translations')}</legend>
          <p class="muted">{t('notices.translations.hint')}</p>
          {translations.map((row, i) => (
            <div key={row.key} class="stack notice-translation" role="group" aria-label={t('notices.translation.n', { n: i + 1 })}>
              <Field label={t('notices.translation.language')}>
                <select value={row.language} onChange={(e) => updateRow(row.key, { language: e.currentTarget.value })}>
                  <LanguageOptions />
                </select>
              </Field>
              <Field label={t('notices.translation.title')}>
                <input value={row.title} onInput={(e) => updateRow(row.key, { title: e.currentTarget.value })} required maxLength={300} dir="auto" lang={row.language} />
              </Field>
              <Field label={t('notices.translation.body')}>
                <textarea value={row.body} onInput={(e) => updateRow(row.key, { body: e.currentTarget.value })} required maxLength={20000} rows={5} dir="auto" lang={row.language} />
              </Field>
              <div>
                <button type="button" class="danger" onClick={() => setTranslations((rows) => rows.filter((r) => r.key !== row.key))}>
                  {t('notices.translation.remove', { language: languageName(row.language) })}
                </button>
              </div>
            </div>
          ))}
          <div>
            <button type="button" onClick={addRow}>
              {t('notices.translation.add')}
            </button>
          </div>
        </fieldset>

        <Field label={t('notices.field.priority')}>
          <select value={priority} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
            <option value="normal">{t('notices.priority.normal')}</option>
            <option value="high">{t('notices.priority.high')}</option>
            <option value="urgent">{t('notices.priority.urgent')}</option>
          </select>
        </Field>
        <label class="notice-check">
          <input type="checkbox" checked={requiresAck} onChange={(e) => setRequiresAck(e.currentTarget.checked)} />
          {t('notices.field.requiresAck')}
        </label>
        {requiresAck && (
          <Field label={t('notices.field.remind')} hint={t('notices.field.remindHint')}>
            <input type="number" min={1} max={720} step={1} value={remind} onInput={(e) => setRemind(e.currentTarget.value)} />
          </Field>
        )}

        <fieldset class="stack">
          <legend>{t('notices.audience')}</legend>
          <label class="notice-check">
            <input type="radio" name="audience" checked={audienceMode === 'all'} onChange={() => setAudienceMode('all')} />
            {t('notices.audience.all')}
          </label>
          <label class="notice-check">
            <input type="radio" name="audience" checked={audienceMode === 'some'} onChange={() => setAudienceMode('some')} />
            {t('notices.audience.some')}
          </label>
          {audienceMode === 'some' && (
            <>
              <p class="muted">{t('notices.audience.hint')}</p>
              <CountryChoice value={countryCodes} onToggle={(code, on) => setCountryCodes((l) => toggle(l, code, on))} />
              <fieldset>
                <legend>{t('notices.memberKinds')}</legend>
                <div class="notice-check-grid">
                  {MEMBER_KINDS.map((k) => (
                    <label key={k} class="notice-check">
                      <input type="checkbox" checked={memberKinds.includes(k)} onChange={(e) => setMemberKinds((l) => toggle(l, k, e.currentTarget.checked))} />
                      {kindLabel(k)}
                    </label>
                  ))}
                </div>
              </fieldset>
              <MemberChoice
                selected={members}
                onToggle={(m, on) => setMembers((l) => (on ? (l.some((x) => x.id === m.id) ? l : [...l, m]) : l.filter((x) => x.id !== m.id)))}
              />
            </>
          )}
          <AudienceReach audience={audience} />
        </fieldset>

        <fieldset class="stack">
          <legend>{t('notices.delivery')}</legend>
          <label class="notice-check">
            <input type="radio" name="delivery" checked={delivery === 'now'} onChange={() => setDelivery('now')} />
            {t('notices.delivery.now')}
          </label>
          <label class="notice-check">
            <input type="radio" name="delivery" checked={delivery === 'at'} onChange={() => setDelivery('at')} />
            {t('notices.delivery.at')}
          </label>
          {delivery === 'at' && (
            <Field label={t('notices.delivery.instant')} hint={t('notices.delivery.instantHint', { zone: timeZone.value })}>
              <input type="datetime-local" value={at} onInput={(e) => setAt(e.currentTarget.value)} required />
            </Field>
          )}
          <label class="notice-check">
            <input type="radio" name="delivery" checked={delivery === 'local'} onChange={() => setDelivery('local')} />
            {t('notices.delivery.local')}
          </label>
          {delivery === 'local' && (
            <div class="row">
              <Field label={t('notices.delivery.date')}>
                <input type="date" value={localDate} onInput={(e) => setLocalDate(e.currentTarget.value)} required />
              </Field>
              <Field label={t('notices.delivery.time')}>
                <input type="time" value={localTime} onInput={(e) => setLocalTime(e.currentTarget.value)} required />
              </Field>
            </div>
          )}
        </fieldset>

        <ErrorNote error={submit.error} />
        <div class="row">
          <button type="submit" class="primary" disabled={submit.busy}>
            {submit.busy ? t('state.loading') : t('notices.send')}
          </button>
        </div>
      </form>
    </Page>
  );
}

/** Whom the audience reaches now (POST /notices/audience), asked again a moment after each change. */
function AudienceReach({ audience }: { audience: WireNoticeAudience | null }) {
  const [reach, setReach] = useState<WireAudienceReach | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useRef(0);
  const key = JSON.stringify(audience);

  useEffect(() => {
    const id = ++run.current;
    setReach(null);
    setError(null);
    if (!audience) return;
    const timer = setTimeout(() => {
      post<WireAudienceReach>('/notices/audience', { audience }).then(
        (r) => id === run.current && setReach(r),
        (e: unknown) => id === run.current && setError(e instanceof Error ? e.message : String(e)),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [key]);

  return (
    <section class="notice-reach stack" aria-labelledby="notice-reach-title" aria-live="polite" data-reach={reach ? 'ready' : 'pending'}>
      <h3 id="notice-reach-title">{t('notices.reach')}</h3>
      {!audience && <p class="muted">{t('notices.reach.choose')}</p>}
      {audience && <ErrorNote error={error} />}
      {audience && !reach && !error && <p class="muted">{t('notices.reach.loading')}</p>}
      {reach && (
        <>
          <dl class="notice-reach-totals">
            <div>
              <dt>{t('notices.reach.officials')}</dt>
              <dd data-reach-officials>{formatNumber(reach.officials)}</dd>
            </div>
            <div>
              <dt>{t('notices.members')}</dt>
              <dd data-reach-members>{formatNumber(reach.members)}</dd>
            </div>
          </dl>
          {reach.officials === 0 && (
            <p class="error" role="alert">
              {t('notices.reach.nobody')}
            </p>
          )}
          {reach.byCountry.length > 0 && (
            <table class="notice-reach-table">
              <caption>{t('notices.report.byCountry')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notices.report.country')}</th>
                  <th scope="col">{t('notices.reach.officials')}</th>
                  <th scope="col">{t('notices.members')}</th>
                </tr>
              </thead>
              <tbody>
                {reach.byCountry.map((c) => (
                  <tr key={c.countryCode} data-country={c.countryCode}>
                    <th scope="row">{countryName(c.countryCode)}</th>
                    <td>{formatNumber(c.officials)}</td>
                    <td>{formatNumber(c.members)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function CountryChoice({ value, onToggle }: { value: string[]; onToggle: (code: string, on: boolean) => void }) {
  const { data, error, loading } = useAsync(() => get<WireCountry[]>('/countries'), []);
  const sorted = [...(data ?? [])].sort((a, b) => countryName(a.code, a.name).localeCompare(countryName(b.code, b.name)));
  return (
    <fieldset>
      <legend>{t('notices.countries')}</legend>
      <ErrorNote error={error} />
      {loading && !data && <Loading />}
      <div class="notice-check-grid">
        {sorted.map((c) => (
          <label key={c.code} class="notice-check">
            <input type="checkbox" checked={value.includes(c.code)} onChange={(e) => onToggle(c.code, e.currentTarget.checked)} />
            {countryName(c.code, c.name)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function MemberChoice({ selected, onToggle }: { selected: WireMember[]; onToggle: (m: WireMember, on: boolean) => void }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<WireMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useRef(0);

  useEffect(() => {
    const id = ++run.current;
    const text = q.trim();
    if (!text) {
      setResults(null);
      return;
    }
    const timer = setTimeout(() => {
      getPage<WireMember>(`/members${query({ q: text, limit: 20 })}`).then(
        (page) => {
          if (id !== run.current) return;
          setResults(page.items);
          setError(null);
        },
        (e: unknown) => {
          if (id === run.current) setError(e instanceof Error ? e.message : String(e));
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  const label = (m: WireMember) => `${m.name} — ${countryName(m.countryCode)} · ${kindLabel(m.kind)}`;
  const chosen = new Set(selected.map((m) => m.id));
  const found = results?.filter((m) => !chosen.has(m.id));
  return (
    <fieldset class="stack">
      <legend>{t('notices.members')}</legend>
      {selected.length > 0 && (
        <div role="group" aria-label={t('notices.members.selected')} class="stack">
          <span class="field-label">{t('notices.members.selected')}</span>
          {selected.map((m) => (
            <label key={m.id} class="notice-check">
              <input type="checkbox" checked onChange={() => onToggle(m, false)} />
              <span dir="auto">{label(m)}</span>
            </label>
          ))}
        </div>
      )}
      <Field label={t('notices.members.search')} hint={t('notices.members.searchHint')}>
        <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} maxLength={100} />
      </Field>
      <ErrorNote error={error} />
      {results && !results.length && <p class="muted">{t('notices.members.none')}</p>}
      {found && found.length > 0 && (
        <div role="group" aria-label={t('notices.members.results')} class="stack">
          {found.map((m) => (
            <label key={m.id} class="notice-check">
              <input type="checkbox" checked={false} onChange={(e) => e.currentTarget.checked && onToggle(m, true)} />
              <span dir="auto">{label(m)}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

// --- Report --------------------------------------------------------------------------------------------

/** Member names already looked up (kept across reports and refreshes). */
const memberNames = new Map<string, string>();
const triedMembers = new Set<string>();
const triedCountries = new Set<string>();
const MAX_SINGLE_LOOKUPS = 50;
const MAX_COUNTRY_LOOKUPS = 40;
const MAX_PAGES_PER_COUNTRY = 5;

/** Resolves the names of the members a report lists, with a bounded number of requests. */
function useMemberNames(report: WireNoticeReport | undefined): { name: (id: string) => string; error: string | null } {
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!report) return;
    const ids = [...new Set([...report.byMember.map((m) => m.memberId), ...report.pending.map((p) => p.memberId).filter((m): m is string => !!m)])];
    const missing = ids.filter((id) => !memberNames.has(id) && !triedMembers.has(id));
    if (!missing.length) return;
    let alive = true;
    const fail = (e: unknown) => {
      if (alive) setError(e instanceof Error ? e.message : String(e));
    };
    let work: Promise<unknown>;
    if (missing.length <= MAX_SINGLE_LOOKUPS) {
      for (const id of missing) triedMembers.add(id);
      work = Promise.all(missing.map((id) => get<WireMember>(`/members/${encodeURIComponent(id)}`).then((m) => memberNames.set(id, m.name), fail)));
    } else {
      // Many members: list them country by country instead of one request each.
      const countries = report.byCountry.map((c) => c.countryCode).filter((c) => !triedCountries.has(c)).slice(0, MAX_COUNTRY_LOOKUPS);
      for (const c of countries) triedCountries.add(c);
      if (!countries.length) for (const id of missing) triedMembers.add(id);
      work = Promise.all(
        countries.map(async (code) => {
          try {
            let cursor: string | null | undefined;
            for (let i = 0; i < MAX_PAGES_PER_COUNTRY; i++) {
              const page = await getPage<WireMember>(`/members${query({ countryCode: code, limit: 200, cursor })}`);
              for (const m of page.items) memberNames.set(m.id, m.name);
              cursor = page.next;
              if (!cursor) break;
            }
          } catch (e) {
            fail(e);
          }
        }),
      );
    }
    void work.then(() => alive && setVersion((v) => v + 1));
    return () => {
      alive = false;
    };
  }, [report]);
  return { name: (id) => memberNames.get(id) ?? id, error };
}

const REFRESH_MS = 5000;
const PENDING_STEP = 100;

export function NoticeReport({ id }: { id: string }) {
  const tick = noticesTick.value;
  const path = `/notices/${encodeURIComponent(id)}`;
  const notice = useAsync(() => get<WireNotice>(path), [id]);
  const report = useAsync(() => get<WireNoticeReport>(`${path}/report`), [id, tick]);
  // The header's status ("Sending") follows delivery: read again with the figures until it is sent.
  const sent = notice.data?.status === 'sent';
  const reloadNotice = notice.reload;
  useEffect(() => {
    if (!report.data || sent) return;
    reloadNotice();
  }, [report.data]);
  const names = useMemberNames(report.data);
  const [pendingShown, setPendingShown] = useState(PENDING_STEP);
  const [csvBusy, setCsvBusy] = useState(false);
  const [csvError, setCsvError] = useState<string | null>(null);
  const { reload } = report;

  // Acknowledgements by others show up without a reload of the page.
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const downloadCsv = async () => {
    setCsvBusy(true);
    setCsvError(null);
    try {
      await download(`${path}/report?format=csv`, `notice-${id}.csv`);
    } catch (e) {
      setCsvError(e instanceof Error ? e.message : String(e));
    } finally {
      setCsvBusy(false);
    }
  };

  const r = report.data;
  return (
    <Page
      class="notice-report"
      title={t('notices.reportTitle')}
      actions={
        <>
          <Link class="button" href={`/notices/${id}`}>
            {t('notices.open')}
          </Link>
          <button type="button" onClick={() => void downloadCsv()} disabled={csvBusy}>
            {t('notices.report.csv')}
          </button>
        </>
      }
    >
      {notice.data && (
        <p class="notice-report-subject">
          <Link href={`/notices/${id}`} dir="auto">
            {notice.data.title}
          </Link>{' '}
          <PriorityPill priority={notice.data.priority} /> <span class="muted">{when(notice.data)} · {t(`notices.status.${notice.data.status}`)}</span>
        </p>
      )}
      <ErrorNote error={notice.error} />
      <ErrorNote error={report.error} />
      <ErrorNote error={csvError} />
      {!r && report.loading && <Loading />}
      {r && (
        <>
          <p class="muted">{t('notices.report.autoRefresh')}</p>
          <h2>{t('notices.report.totals')}</h2>
          <dl class="notice-totals">
            <div class="card">
              <dt>{t('notices.report.recipients')}</dt>
              <dd>{formatNumber(r.recipientCount)}</dd>
            </div>
            <div class="card">
              <dt>{t('notices.report.delivered')}</dt>
              <dd>
                {formatNumber(r.delivered)} <small class="muted">{percent(r.delivered, r.recipientCount)}</small>
              </dd>
            </div>
            <div class="card">
              <dt>{t('notices.report.read')}</dt>
              <dd>
                {formatNumber(r.read)} <small class="muted">{percent(r.read, r.recipientCount)}</small>
              </dd>
            </div>
            <div class="card">
              <dt>{t('notices.report.acked')}</dt>
              <dd>
                <span data-testid="notice-acked-count">{formatNumber(r.acked)}</span> <small class="muted">{percent(r.acked, r.recipientCount)}</small>
              </dd>
            </div>
          </dl>

          <h2>{t('notices.report.byCountry')}</h2>
          {r.byCountry.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('notices.report.country')}</th>
                  <th scope="col">{t('notices.report.acked')}</th>
                  <th scope="col">{t('notices.report.read')}</th>
                  <th scope="col">{t('notices.report.recipients')}</th>
                  <th scope="col">{t('notices.report.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {r.byCountry.map((c) => (
                  <tr key={c.countryCode}>
                    <th scope="row">{countryName(c.countryCode)}</th>
                    <td>{formatNumber(c.acked)}</td>
                    <td>{formatNumber(c.read)}</td>
                    <td>{formatNumber(c.recipients)}</td>
                    <td class="notice-bar-cell">
                      <ProgressBar {...c} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('state.empty')}</p>
          )}

          <h2>{t('notices.report.byMember')}</h2>
          <ErrorNote error={names.error && t('notices.report.namesError', { message: names.error })} />
          {r.byMember.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('notices.report.member')}</th>
                  <th scope="col">{t('notices.report.acked')}</th>
                  <th scope="col">{t('notices.report.read')}</th>
                  <th scope="col">{t('notices.report.recipients')}</th>
                  <th scope="col">{t('notices.report.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {r.byMember.map((m) => (
                  <tr key={m.memberId}>
                    <th scope="row" dir="auto">
                      {names.name(m.memberId)}
                    </th>
                    <td>{formatNumber(m.acked)}</td>
                    <td>{formatNumber(m.read)}</td>
                    <td>{formatNumber(m.recipients)}</td>
                    <td class="notice-bar-cell">
                      <ProgressBar {...m} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('state.empty')}</p>
          )}

          <h2>
            {t('notices.report.pending')} <span class="muted">({formatNumber(r.pending.length)})</span>
          </h2>
          {r.pending.length ? (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('notices.report.name')}</th>
                    <th scope="col">{t('notices.report.member')}</th>
                    <th scope="col">{t('notices.report.country')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.pending.slice(0, pendingShown).map((p) => (
                    <tr key={p.userId}>
                      <td dir="auto">{p.displayName || p.userId}</td>
                      <td dir="auto">{p.memberId ? names.name(p.memberId) : ''}</td>
                      <td>{countryName(p.countryCode)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {r.pending.length > pendingShown && (
                <button type="button" onClick={() => setPendingShown((n) => n + PENDING_STEP)}>
                  {t('action.loadMore')}
                </button>
              )}
            </>
          ) : r.recipientCount ? (
            <p class="ok">{t('notices.report.noPending')}</p>
          ) : (
            <p class="muted">{t('state.empty')}</p>
          )}
        </>
      )}
    </Page>
  );
}

/** Acknowledged (solid) then read-but-not-acknowledged (light), as parts of the recipients. */
function ProgressBar({ recipients, read, acked }: { recipients: number; read: number; acked: number }) {
  const pct = (n: number) => `${recipients ? Math.min(100, (n / recipients) * 100) : 0}%`;
  return (
    <div class="bar" role="img" aria-label={t('notices.report.barLabel', { acked: percent(acked, recipients), read: percent(read, recipients) })}>
      <span class="acked" style={{ width: pct(acked) }} />
      <span class="read" style={{ width: pct(Math.max(0, read - acked)) }} />
    </div>
  );
}
