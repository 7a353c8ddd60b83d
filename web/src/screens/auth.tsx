import { useState } from 'preact/hooks';
import type { WireAuth, WireUser } from '@lib/realtime/wire';
import { patch, post, setSession } from '../api';
import { LANGUAGE_NAMES, UI_LANGUAGES, locale, t, uiLanguage } from '../i18n';
import { location$, navigate } from '../router';
import { ErrorNote, Field, useSubmit } from '../components/ui';

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

export function LoginView() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, onSubmit } = useSubmit(async () => signedIn(await post<WireAuth>('/auth/login', { email, password })));
  return (
    <main class="auth">
      <form class="card stack" onSubmit={onSubmit}>
        <h1>{t('app.name')}</h1>
        <p class="muted">{t('app.tagline')}</p>
        <Field label={t('auth.email')}>
          <input type="email" autoComplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </Field>
        <Field label={t('auth.password')}>
          <input type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <ErrorNote error={error} />
        <button class="primary" type="submit" disabled={busy}>
          {t('auth.signIn')}
        </button>
        <LanguagePicker />
      </form>
    </main>
  );
}

/** Registration from an invitation link (`/register?token=`) and the first admin's set-up link (`/setup?token=`). */
function TokenForm({ endpoint, title, submit }: { endpoint: string; title: string; submit: string }) {
  const token = location$.value.query.get('token') ?? '';
  const [form, setForm] = useState({ email: '', displayName: '', title: '', password: '' });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const setup = endpoint === '/setup';
  const { busy, error, onSubmit } = useSubmit(async () => {
    const body: Record<string, string> = { token, password: form.password, displayName: form.displayName };
    if (setup) body.email = form.email;
    else Object.assign(body, { locale: locale.value, timeZone: zone }, form.title.trim() ? { title: form.title.trim() } : {});
    const auth = await post<WireAuth>(endpoint, body);
    setSession({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, user: auth.user });
    // The set-up form takes no profile fields: the language and zone chosen here are saved right after.
    if (setup) auth.user = await patch<WireUser>('/me', { locale: locale.value, timeZone: zone }).catch(() => auth.user);
    signedIn(auth);
  });
  return (
    <main class="auth">
      <form class="card stack" onSubmit={onSubmit}>
        <h1>{title}</h1>
        {!token && <ErrorNote error={t('auth.missingToken')} />}
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
        <button class="primary" type="submit" disabled={busy || !token}>
          {submit}
        </button>
      </form>
    </main>
  );
}

export const RegisterView = () => <TokenForm endpoint="/auth/register" title={t('auth.registerTitle')} submit={t('auth.register')} />;
export const SetupView = () => <TokenForm endpoint="/setup" title={t('auth.setupTitle')} submit={t('auth.setup')} />;
