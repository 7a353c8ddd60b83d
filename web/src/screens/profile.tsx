import { useState } from 'preact/hooks';
import type { WireNotificationPrefs, WireUser } from '@lib/realtime/wire';
import { get, patch, updateUser } from '../api';
import { ErrorNote, Field, Loading, Page, useAsync, useSubmit } from '../components/ui';
import { countryName, languageName } from '../format';
import { LANGUAGE_NAMES, UI_LANGUAGES, t, type StringKey } from '../i18n';

/** Languages of the union without a UI dictionary: the interface falls back to English, dates follow the language. */
const OTHER_LANGUAGES = ['ky', 'uz', 'bs', 'sq', 'tk'] as const;
const EMAIL_MODES: WireNotificationPrefs['email'][] = ['instant', 'digest', 'off'];

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
  const me = useAsync(() => get<WireUser>('/me'), []);
  return (
    <Page title={t('profile.title')}>
      {me.error && <ErrorNote error={t('state.error', { message: me.error.message })} />}
      {me.loading && !me.data && <Loading />}
      {me.data && <ProfileForm me={me.data} onSaved={me.setData} />}
    </Page>
  );
}

interface FormState {
  displayName: string;
  title: string;
  locale: string;
  timeZone: string;
  email: WireNotificationPrefs['email'];
  quiet: boolean;
  start: string;
  end: string;
}

function formOf(u: WireUser): FormState {
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

function ProfileForm({ me, onSaved }: { me: WireUser; onSaved: (u: WireUser) => void }) {
  const [form, setForm] = useState<FormState>(() => formOf(me));
  // The form as last saved: "Saved" shows while nothing has changed since.
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const { displayName, title, locale, timeZone, email, quiet, start, end } = form;

  const { busy, error, onSubmit } = useSubmit(async () => {
    setSavedAs(null);
    const answer = await patch<WireUser>('/me', {
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
