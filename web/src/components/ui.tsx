import { cloneElement, isValidElement, type ComponentChildren } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

/** Loads data when `deps` change; `reload()` loads again. Stale answers (deps changed meanwhile) are dropped. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): { data: T | undefined; error: Error | null; loading: boolean; reload: () => void; setData: (d: T) => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const id = ++run.current;
    setLoading(true);
    fn().then(
      (d) => {
        if (id !== run.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== run.current) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** A page of the main area: one h1, then the content. */
export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren; class?: string }) {
  return (
    <section class={`page ${props.class ?? ''}`} aria-labelledby="page-title">
      <header class="page-header">
        <h1 id="page-title" tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function Loading() {
  return (
    <p class="muted" role="status">
      {t('state.loading')}
    </p>
  );
}

export function ErrorNote({ error }: { error: Error | string | null | undefined }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}

/**
 * A labelled form control. A single control gets an id and a <label for>, so its accessible name is exactly the
 * label (a wrapping label would add a select's current option); the hint is its description.
 */
export function Field(props: { label: string; hint?: string; children: ComponentChildren }) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const child = props.children;
  if (isValidElement(child)) {
    const own = (child.props as { id?: string }).id;
    return (
      <div class="field">
        <label class="field-label" for={own ?? id}>
          {props.label}
        </label>
        {cloneElement(child, { id: own ?? id, 'aria-describedby': hintId })}
        {props.hint && (
          <small class="muted" id={hintId}>
            {props.hint}
          </small>
        )}
      </div>
    );
  }
  return (
    <label class="field">
      <span class="field-label">{props.label}</span>
      {child}
      {props.hint && <small class="muted">{props.hint}</small>}
    </label>
  );
}

/** A count pill; `label` is read by screen readers ("3 unread"). */
export function Badge(props: { n: number; label: string; kind?: 'mention' | 'unread' }) {
  if (!props.n) return null;
  return (
    <span class={`badge ${props.kind ?? 'unread'}`} aria-label={props.label} title={props.label}>
      {props.n > 99 ? '99+' : props.n}
    </span>
  );
}

/** Runs one action at a time: tracks busy state and the error shown to the user. */
export function useAction(): { busy: boolean; error: string | null; run: (action: () => Promise<void>) => void; setError: (e: string | null) => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    action().then(
      () => setBusy(false),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  };
  return { busy, error, run, setError };
}

/** Wraps a submit handler: prevents the default, then runs it as `useAction` does. */
export function useSubmit(action: () => Promise<void>): { busy: boolean; error: string | null; onSubmit: (e: Event) => void; setError: (e: string | null) => void } {
  const { busy, error, run, setError } = useAction();
  const onSubmit = (e: Event) => {
    e.preventDefault();
    run(action);
  };
  return { busy, error, onSubmit, setError };
}

/** The 6-digit code of an authenticator app (sign-in and turning two-factor sign-in on); keeps digits only. */
export function OtpInput(props: { value: string; onValue: (v: string) => void; id?: string; 'aria-describedby'?: string }) {
  return (
    <input
      id={props.id}
      aria-describedby={props['aria-describedby']}
      required
      inputMode="numeric"
      pattern="[0-9]{6}"
      maxLength={6}
      autoComplete="one-time-code"
      value={props.value}
      onInput={(e) => props.onValue(e.currentTarget.value.replace(/\D/g, ''))}
    />
  );
}
