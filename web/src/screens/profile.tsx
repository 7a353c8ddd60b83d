import { useState } from 'preact/hooks';
import { EMAIL_MODES, type EmailMode, type WireMe } from '@lib/contract';
import { del, get, patch, post, session, setSession, updateUser } from '../api';
import { describeUserAgent, errorCode, type AccountUser, type SessionRow } from '../accounts';
import { ErrorNote, Field, Loading, OtpInput, Page, useAction, useAsync, useSubmit } from '../components/ui';
import { countryName, formatDateTime, languageName } from '../format';
import { LANGUAGE_NAMES, UI_LANGUAGES, t, type StringKey } from '../i18n';

/** Languages of the union without a UI dictionary: the interface falls back to English, dates follow the language. */
const OTHER_LANGUAGES = ['bs', 'sq', 'tk'] as const;

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set([...zones, 'UTC']);
  if (current) all.add(current);
  return [...all].sort();
}

/** `/profile`: my name, position, language, time zone and notification preferences. */
export function ProfileView() {
  const me = useAsync(() => get<WireMe>('/me'), []);
  return (
    <Page title={t('profile.title')}>
      {me.error && <ErrorNote error={t('state.error', { message: me.error.message })} />}
      {me.loading && !me.data && <Loading />}
      {me.data && <ProfileForm me={me.data} onSaved={me.setData} />}
      {me.data && <ChangePassword />}
      {me.data && <TwoFactor me={me.data} onChange={me.reload} />}
      {me.data && <Sessions />}
    </Page>
  );
}

/** The catalog codes these forms meet, translated; anything else keeps the server's message. */
function accountMessage(err: unknown): never {
  const keys: Record<string, StringKey> = {
    wrong_password: 'accounts.error.wrongPassword',
    code_invalid: 'accounts.error.codeInvalid',
    login_throttled: 'accounts.error.throttled',
    '2fa_required': 'accounts.2fa.requiredNoDisable',
  };
  const key = keys[errorCode(err) ?? ''];
  throw key ? new Error(t(key)) : err;
}

/** Change password: needs the current one; every other session ends. */
function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, onSubmit, setError } = useSubmit(async () => {
    setDone(false);
    if (next !== confirm) return setError(t('accounts.password.mismatch'));
    await post('/me/password', { currentPassword: current, newPassword: next }).catch(accountMessage);
    setCurrent('');
    setNext('');
    setConfirm('');
    setDone(true);
  });
  return (
    <section class="card stack" aria-labelledby="password-h" data-section="password">
      <h2 id="password-h">{t('accounts.password.title')}</h2>
      <form class="stack" onSubmit={onSubmit}>
        <Field label={t('accounts.password.current')}>
          <input type="password" autoComplete="current-password" required maxLength={200} value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </Field>
        <Field label={t('accounts.password.new')} hint={t('auth.passwordHint')}>
          <input type="password" autoComplete="new-password" required minLength={10} maxLength={200} value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        </Field>
        <Field label={t('accounts.password.confirm')}>
          <input type="password" autoComplete="new-password" required minLength={10} maxLength={200} value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
        </Field>
        <ErrorNote error={error} />
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            {t('accounts.password.submit')}
          </button>
          <span role="status" class="ok">
            {done ? t('accounts.password.changed') : ''}
          </span>
        </div>
      </form>
    </section>
  );
}

/** Two-factor sign-in: set up (secret, otpauth URL, first code), recovery codes shown once, turn off. */
export function TwoFactor({ me, onChange }: { me: AccountUser; onChange: () => void }) {
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const start = useAction();
  const begin = () =>
    start.run(async () => {
      setSetup(await post<{ secret: string; otpauthUrl: string }>('/me/2fa/setup'));
      setCode('');
    });
  const enable = useSubmit(async () => {
    const res = await post<{ recoveryCodes: string[] }>('/me/2fa/enable', { code }).catch(accountMessage);
    setRecoveryCodes(res.recoveryCodes);
    setSetup(null);
    setCode('');
  });
  const disable = useSubmit(async () => {
    await post('/me/2fa/disable', { password, code: code.trim() }).catch(accountMessage);
    setPassword('');
    setCode('');
    onChange();
  });
  const finish = () => {
    setRecoveryCodes(null);
    // The account may now do everything again (where the admins require 2FA of staff).
    const s = session.value;
    if (s) setSession({ ...s, user: { ...s.user, twoFactorEnabled: true, twoFactorSetupRequired: false } as AccountUser });
    onChange();
  };

  return (
    <section class="card stack" aria-labelledby="twofactor-h" data-section="two-factor">
      <h2 id="twofactor-h">{t('accounts.2fa.title')}</h2>
      {recoveryCodes ? (
        <div class="stack" data-recovery-codes>
          <p class="ok" role="status">
            {t('accounts.2fa.enabled')}
          </p>
          <p>{t('accounts.2fa.recoveryIntro')}</p>
          <ol class="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <div>
            <button type="button" class="primary" onClick={finish}>
              {t('accounts.2fa.savedCodes')}
            </button>
          </div>
        </div>
      ) : me.twoFactorEnabled ? (
        <form class="stack" onSubmit={disable.onSubmit}>
          <p data-two-factor-state="on">{t('accounts.2fa.on')}</p>
          <Field label={t('auth.password')}>
            <input type="password" autoComplete="current-password" required maxLength={200} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          <Field label={t('accounts.2fa.codeOrRecovery')}>
            <input required autoComplete="one-time-code" maxLength={40} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          </Field>
          <ErrorNote error={disable.error} />
          <div>
            <button type="submit" class="danger" disabled={disable.busy}>
              {t('accounts.2fa.disable')}
            </button>
          </div>
        </form>
      ) : setup ? (
        <form class="stack" onSubmit={enable.onSubmit}>
          <p>{t('accounts.2fa.scan')}</p>
          <dl>
            <dt>{t('accounts.2fa.secret')}</dt>
            <dd>
              <code data-totp-secret>{setup.secret}</code>
            </dd>
            <dt>{t('accounts.2fa.otpauth')}</dt>
            <dd>
              <a href={setup.otpauthUrl} data-otpauth-url>
                {setup.otpauthUrl}
              </a>
            </dd>
          </dl>
          <Field label={t('accounts.otp.label')}>
            <OtpInput value={code} onValue={setCode} />
          </Field>
          <ErrorNote error={enable.error} />
          <div class="row">
            <button type="submit" class="primary" disabled={enable.busy}>
              {t('accounts.2fa.enable')}
            </button>
            <button type="button" onClick={() => setSetup(null)}>
              {t('action.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div class="stack">
          <p data-two-factor-state="off">{t('accounts.2fa.off')}</p>
          <ErrorNote error={start.error} />
          <div>
            <button type="button" class="primary" disabled={start.busy} onClick={begin}>
              {t('accounts.2fa.setUp')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** My sessions (devices), with sign-out of any other. */
function Sessions() {
  const list = useAsync(() => get<SessionRow[]>('/me/sessions'), []);
  const act = useAction();
  const revoke = (id: string) =>
    act.run(async () => {
      await del(`/me/sessions/${encodeURIComponent(id)}`);
      list.reload();
    });
  return (
    <section class="card stack" aria-labelledby="sessions-h" data-section="sessions">
      <h2 id="sessions-h">{t('accounts.sessions.title')}</h2>
      <p class="muted">{t('accounts.sessions.intro')}</p>
      {list.loading && !list.data && <Loading />}
      <ErrorNote error={list.error && t('state.error', { message: list.error.message })} />
      <ErrorNote error={act.error} />
      <ul class="stack sessions">
        {(list.data ?? []).map((s) => (
          <li key={s.id} class="row" data-session={s.id} data-current={s.current ? 'true' : undefined}>
            <span>
              <strong>{describeUserAgent(s.userAgent) ?? t('accounts.sessions.unknownDevice')}</strong>
              {s.current && <span class="badge"> {t('accounts.sessions.current')}</span>}
              <br />
              <small class="muted">
                {t('accounts.sessions.details', { ip: s.ip ?? '—', seen: formatDateTime(s.lastSeenAt), since: formatDateTime(s.createdAt) })}
              </small>
            </span>
            {!s.current && (
              <button type="button" disabled={act.busy} onClick={() => revoke(s.id)}>
                {t('accounts.sessions.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Shown instead of the app to an admin or organizer who must turn on two-factor sign-in first (the admins'
 * setting): the set-up itself, and signing out.
 */
export function TwoFactorRequiredView() {
  const me = useAsync(() => get<AccountUser>('/me'), []);
  const signOut = () => {
    const s = session.value;
    if (s) void post('/auth/logout', { refreshToken: s.refreshToken }).catch(() => undefined);
    setSession(null);
  };
  return (
    <main class="auth">
      <div class="card stack" data-two-factor-required>
        <h1>{t('accounts.2fa.requiredTitle')}</h1>
        <p>{t('accounts.2fa.requiredIntro')}</p>
        {me.data && <TwoFactor me={me.data} onChange={me.reload} />}
        <ErrorNote error={me.error && t('state.error', { message: me.error.message })} />
        <div>
          <button type="button" onClick={signOut}>
            {t('auth.signOut')}
          </button>
        </div>
      </div>
    </main>
  );
}

interface FormState {
  displayName: string;
  title: string;
  locale: string;
  timeZone: string;
  email: EmailMode;
  quiet: boolean;
  start: string;
  end: string;
}

function formOf(u: WireMe): FormState {
  const p = u.notificationPrefs;
  return {
    displayName: u.displayName,
    title: u.title ?? '',
    locale: u.locale,
    timeZone: u.timeZone,
    email: p?.email ?? 'instant',
    quiet: !!p?.quietHours,
    start: p?.quietHours?.start ?? '22:00',
    end: p?.quietHours?.end ?? '07:00',
  };
}

function ProfileForm({ me, onSaved }: { me: WireMe; onSaved: (u: WireMe) => void }) {
  const [form, setForm] = useState<FormState>(() => formOf(me));
  // The form as last saved: "Saved" shows while nothing has changed since.
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const { displayName, title, locale, timeZone, email, quiet, start, end } = form;

  const { busy, error, onSubmit } = useSubmit(async () => {
    setSavedAs(null);
    const answer = await patch<WireMe>('/me', {
      displayName: displayName.trim(),
      title: title.trim() || null,
      locale,
      timeZone,
      notificationPrefs: { email, quietHours: quiet ? { start, end } : null },
    });
    onSaved(answer);
    updateUser(answer);
    const next = formOf(answer);
    setForm(next);
    setSavedAs(JSON.stringify(next));
  });
  const saved = savedAs === JSON.stringify(form);

  const uiLanguages: string[] = [...UI_LANGUAGES];
  const others: string[] = [...OTHER_LANGUAGES];
  // A stored tag outside both lists (e.g. "tr-TR") stays selectable, so saving does not change it silently.
  const extra = [...uiLanguages, ...others].includes(locale) ? null : locale;
  const zones = timeZones(me.timeZone);

  return (
    <form class="stack" onSubmit={onSubmit}>
      <dl class="card">
        <dt>{t('auth.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('profile.role')}</dt>
        <dd>{t(`admin.role.${me.role}` as StringKey)}</dd>
        {me.countryCode && (
          <>
            <dt>{t('profile.country')}</dt>
            <dd>{countryName(me.countryCode)}</dd>
          </>
        )}
      </dl>

      <Field label={t('auth.displayName')}>
        <input value={displayName} onInput={(e) => set('displayName', e.currentTarget.value)} required maxLength={100} autoComplete="name" />
      </Field>
      <Field label={t('auth.title')}>
        <input value={title} onInput={(e) => set('title', e.currentTarget.value)} maxLength={200} autoComplete="organization-title" />
      </Field>

      <Field label={t('auth.language')} hint={t('profile.languageHint')}>
        <select value={locale} onChange={(e) => set('locale', e.currentTarget.value)}>
          {extra && <option value={extra}>{languageName(extra)}</option>}
          <optgroup label={t('profile.languagesTranslated')}>
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('profile.languagesEnglishUi')}>
            {others.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </optgroup>
        </select>
      </Field>

      <Field label={t('auth.timeZone')}>
        <select value={timeZone} onChange={(e) => set('timeZone', e.currentTarget.value)}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </Field>

      <fieldset>
        <legend>{t('profile.emailPrefs')}</legend>
        <div class="stack">
          {EMAIL_MODES.map((mode) => (
            <label key={mode} class="row">
              <input type="radio" name="email" value={mode} checked={email === mode} onChange={() => set('email', mode)} />
              <span>
                {t(`profile.email.${mode}` as StringKey)}
                <small class="muted"> — {t(`profile.email.${mode}.hint` as StringKey)}</small>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('profile.quietHours')}</legend>
        <div class="stack">
          <label class="row">
            <input type="checkbox" checked={quiet} onChange={(e) => set('quiet', e.currentTarget.checked)} />
            <span>{t('profile.quietHours.enable')}</span>
          </label>
          {quiet && (
            <div class="row">
              <Field label={t('profile.quietHours.start')}>
                <input type="time" value={start} onInput={(e) => set('start', e.currentTarget.value)} required />
              </Field>
              <Field label={t('profile.quietHours.end')}>
                <input type="time" value={end} onInput={(e) => set('end', e.currentTarget.value)} required />
              </Field>
            </div>
          )}
          <small class="muted">{t('profile.quietHours.hint', { zone: timeZone })}</small>
        </div>
      </fieldset>

      <ErrorNote error={error} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          {t('action.save')}
        </button>
        <span role="status" class="ok">
          {saved ? t('action.saved') : ''}
        </span>
      </div>
    </form>
  );
}
