import { useState } from 'preact/hooks';
import type { WireAuth, WireMe } from '@lib/contract';
import { get, patch, post, query, setSession } from '../api';
import { errorCode, errorField, type AccountAuth, type InvitationLookup } from '../accounts';
import { countryName, formatDateTime } from '../format';
import { LANGUAGE_NAMES, UI_LANGUAGES, locale, t, uiLanguage, type StringKey } from '../i18n';
import { Link, location$, navigate } from '../router';
import { ErrorNote, Field, Loading, OtpInput, useAsync, useSubmit } from '../components/ui';

function signedIn(auth: WireAuth): void {
  setSession({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, user: auth.user });
  navigate('/', true);
}

/** The language of the sign-in pages, before there is a profile to read it from. */
function LanguagePicker() {
  return (
    <Field label={t('auth.language')}>
      <select value={uiLanguage.value} onChange={(e) => (locale.value = e.currentTarget.value)}>
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Messages for the account errors a sign-in, reset or registration form can meet, by catalog code. */
const ACCOUNT_ERRORS: Record<string, StringKey> = {
  otp_invalid: 'accounts.error.otpInvalid',
  invalid_credentials: 'accounts.error.invalidCredentials',
  login_throttled: 'accounts.error.throttled',
  reset_throttled: 'accounts.error.throttled',
  reset_token_used: 'accounts.reset.used',
  reset_token_expired: 'accounts.reset.expired',
  reset_token_invalid: 'accounts.reset.invalid',
};

/** Rethrows an API error with the translated message of its code, where there is one. */
export function translated(err: unknown): never {
  const key = ACCOUNT_ERRORS[errorCode(err) ?? ''];
  throw key ? new Error(t(key)) : err;
}

/** The second step of signing in (and of a reset) when two-factor sign-in is on: a 6-digit code or a recovery code. */
function SecondFactorFields(props: { otp: string; setOtp: (v: string) => void; useRecovery: boolean; setUseRecovery: (v: boolean) => void }) {
  return (
    <div class="stack" data-second-factor>
      <p>{props.useRecovery ? t('accounts.otp.recoveryPrompt') : t('accounts.otp.prompt')}</p>
      {props.useRecovery ? (
        // Keyed: a different element, so the code field's pattern and input mode are not carried over.
        <Field key="recovery" label={t('accounts.otp.recoveryLabel')}>
          <input required autoComplete="off" spellcheck={false} maxLength={40} value={props.otp} onInput={(e) => props.setOtp(e.currentTarget.value)} />
        </Field>
      ) : (
        <Field key="otp" label={t('accounts.otp.label')}>
          <OtpInput value={props.otp} onValue={props.setOtp} />
        </Field>
      )}
      <button
        type="button"
        class="link"
        onClick={() => {
          props.setUseRecovery(!props.useRecovery);
          props.setOtp('');
        }}
      >
        {props.useRecovery ? t('accounts.otp.useCode') : t('accounts.otp.useRecovery')}
      </button>
    </div>
  );
}

const secondFactor = (otp: string, useRecovery: boolean): Record<string, string> =>
  !otp ? {} : useRecovery ? { recoveryCode: otp.trim() } : { otp };

export function LoginView() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Shown once the server answers otp_required: the password was right, the code is still needed.
  const [needOtp, setNeedOtp] = useState(false);
  const [otp, setOtp] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const { busy, error, onSubmit } = useSubmit(async () => {
    try {
      signedIn(await post<AccountAuth>('/auth/login', { email, password, ...(needOtp ? secondFactor(otp, useRecovery) : {}) }));
    } catch (err) {
      if (errorCode(err) === 'otp_required') {
        setNeedOtp(true);
        return;
      }
      if (errorCode(err) === 'otp_invalid') setOtp('');
      translated(err);
    }
  });
  return (
    <main class="auth">
      <form class="card stack" onSubmit={onSubmit}>
        <h1>{t('app.name')}</h1>
        <p class="muted">{t('app.tagline')}</p>
        <Field label={t('auth.email')}>
          <input type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} readOnly={needOtp} />
        </Field>
        <Field label={t('auth.password')}>
          <input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} readOnly={needOtp} />
        </Field>
        {needOtp && <SecondFactorFields otp={otp} setOtp={setOtp} useRecovery={useRecovery} setUseRecovery={setUseRecovery} />}
        <ErrorNote error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {t('auth.signIn')}
        </button>
        <p>
          <Link href="/forgot">{t('accounts.forgot.link')}</Link>
        </p>
        <LanguagePicker />
      </form>
    </main>
  );
}

/** `/forgot`: asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotView() {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, onSubmit } = useSubmit(async () => {
    await post('/auth/password/forgot', { email: email.trim() }).catch(translated);
    setSentTo(email.trim());
  });
  return (
    <main class="auth">
      <form class="card stack" onSubmit={onSubmit}>
        <h1>{t('accounts.forgot.title')}</h1>
        <p class="muted">{t('accounts.forgot.intro')}</p>
        <Field label={t('auth.email')}>
          <input type="email" autoComplete="username" required maxLength={320} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </Field>
        <div role="status">{sentTo && <p class="ok">{t('accounts.forgot.sent', { email: sentTo })}</p>}</div>
        <ErrorNote error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {t('accounts.forgot.submit')}
        </button>
        <p>
          <Link href="/">{t('accounts.backToSignIn')}</Link>
        </p>
        <LanguagePicker />
      </form>
    </main>
  );
}

/** `/reset?token=`: a new password from the e-mailed link; signs in, and every other session ends. */
export function ResetView() {
  const token = location$.value.query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [needOtp, setNeedOtp] = useState(false);
  const [otp, setOtp] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [dead, setDead] = useState<string | null>(null);
  const { busy, error, onSubmit, setError } = useSubmit(async () => {
    if (password !== confirm) return setError(t('accounts.password.mismatch'));
    try {
      signedIn(await post<AccountAuth>('/auth/password/reset', { token, password, ...(needOtp ? secondFactor(otp, useRecovery) : {}) }));
    } catch (err) {
      const code = errorCode(err);
      if (code === 'otp_required') return setNeedOtp(true);
      if (code === 'reset_token_used' || code === 'reset_token_expired' || code === 'reset_token_invalid') return setDead(t(ACCOUNT_ERRORS[code]));
      translated(err);
    }
  });
  if (!token || dead) {
    return (
      <main class="auth">
        <div class="card stack">
          <h1>{t('accounts.reset.title')}</h1>
          <p class="error" role="alert">
            {dead ?? t('auth.missingToken')}
          </p>
          <p>
            <Link href="/forgot">{t('accounts.reset.again')}</Link>
          </p>
        </div>
      </main>
    );
  }
  return (
    <main class="auth">
      <form class="card stack" onSubmit={onSubmit}>
        <h1>{t('accounts.reset.title')}</h1>
        <p class="muted">{t('accounts.reset.intro')}</p>
        <Field label={t('accounts.password.new')} hint={t('auth.passwordHint')}>
          <input type="password" autoComplete="new-password" required minLength={10} maxLength={200} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <Field label={t('accounts.password.confirm')}>
          <input type="password" autoComplete="new-password" required minLength={10} maxLength={200} value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
        </Field>
        {needOtp && <SecondFactorFields otp={otp} setOtp={setOtp} useRecovery={useRecovery} setUseRecovery={setUseRecovery} />}
        <ErrorNote error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {t('accounts.reset.submit')}
        </button>
      </form>
    </main>
  );
}

/** What the invitation link is for (registration page), or why it no longer works. */
function InvitationSummary({ token, onInvalid }: { token: string; onInvalid: (invalid: boolean) => void }) {
  const lookup = useAsync(async () => {
    try {
      const inv = await get<InvitationLookup>(`/auth/invitation${query({ token })}`);
      onInvalid(false);
      return { inv, reason: null };
    } catch (err) {
      if (errorCode(err) !== 'invitation_invalid') throw err;
      onInvalid(true);
      return { inv: null, reason: errorField(err, 'reason') ?? 'unknown' };
    }
  }, [token]);
  if (lookup.loading && !lookup.data) return <Loading />;
  if (lookup.error) return <ErrorNote error={t('state.error', { message: lookup.error.message })} />;
  const { inv, reason } = lookup.data!;
  if (!inv) {
    const key = (['expired', 'revoked', 'used'].includes(reason!) ? `accounts.invitation.${reason}` : 'accounts.invitation.unknown') as StringKey;
    return (
      <p class="error" role="alert" data-invitation-invalid={reason}>
        {t(key)}
      </p>
    );
  }
  return (
    <dl class="card" data-invitation>
      <dt>{t('auth.email')}</dt>
      <dd>{inv.email}</dd>
      <dt>{t('accounts.invitation.member')}</dt>
      <dd>
        {inv.memberName} ({countryName(inv.countryCode)})
      </dd>
      <dt>{t('accounts.invitation.invitedBy')}</dt>
      <dd>{inv.invitedBy.displayName}</dd>
      <dt>{t('accounts.invitation.expires')}</dt>
      <dd>{formatDateTime(inv.expiresAt)}</dd>
    </dl>
  );
}

/** Registration from an invitation link (`/register?token=`) and the first admin's set-up link (`/setup?token=`). */
function TokenForm({ endpoint, title, submit }: { endpoint: string; title: string; submit: string }) {
  const token = location$.value.query.get('token') ?? '';
  const [form, setForm] = useState({ email: '', displayName: '', title: '', password: '' });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const setup = endpoint === '/setup';
  // The registration form stays hidden for a link that no longer works (the summary says why).
  const [invalid, setInvalid] = useState<boolean | null>(setup ? false : null);
  const { busy, error, onSubmit } = useSubmit(async () => {
    const body: Record<string, string> = { token, password: form.password, displayName: form.displayName };
    if (setup) body.email = form.email;
    else Object.assign(body, { locale: locale.value, timeZone: zone }, form.title.trim() ? { title: form.title.trim() } : {});
    const auth = await post<WireAuth>(endpoint, body).catch((err: unknown) => {
      if (errorCode(err) === 'invitation_invalid') setInvalid(true);
      throw err;
    });
    setSession({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, user: auth.user });
    // The set-up form takes no profile fields: the language and zone chosen here are saved right after.
    if (setup) auth.user = await patch<WireMe>('/me', { locale: locale.value, timeZone: zone }).catch(() => auth.user);
    signedIn(auth);
  });
  return (
    <main class="auth">
      <form class="card stack" onSubmit={onSubmit}>
        <h1>{title}</h1>
        {!token && <ErrorNote error={t('auth.missingToken')} />}
        {!setup && token && <InvitationSummary key={invalid === true ? 'dead' : 'live'} token={token} onInvalid={setInvalid} />}
        {invalid === true ? null : (
          <>
        {setup && (
          <Field label={t('auth.email')}>
            <input type="email" autoComplete="username" required value={form.email} onInput={set('email')} />
          </Field>
        )}
        <Field label={t('auth.displayName')}>
          <input required maxLength={100} autoComplete="name" value={form.displayName} onInput={set('displayName')} />
        </Field>
        {!setup && (
          <Field label={t('auth.title')}>
            <input maxLength={100} value={form.title} onInput={set('title')} />
          </Field>
        )}
        <Field label={t('auth.password')} hint={t('auth.passwordHint')}>
          <input type="password" autoComplete="new-password" required minLength={10} value={form.password} onInput={set('password')} />
        </Field>
        <LanguagePicker />
        <p class="muted">
          {t('auth.timeZone')}: {zone}
        </p>
        <ErrorNote error={error} />
        <button class="primary" type="submit" disabled={busy || !token || invalid !== false}>
          {submit}
        </button>
          </>
        )}
      </form>
    </main>
  );
}

export const RegisterView = () => <TokenForm endpoint="/auth/register" title={t('auth.registerTitle')} submit={t('auth.register')} />;
export const SetupView = () => <TokenForm endpoint="/setup" title={t('auth.setupTitle')} submit={t('auth.setup')} />;
