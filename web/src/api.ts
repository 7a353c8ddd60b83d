import { signal } from '@preact/signals';
import type { Page, WireAuth, WireUser } from '@lib/contract';
import { errorText } from './i18n';

const STORAGE_KEY = 'birlik.session';

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: WireUser;
}

function load(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
  } catch {
    return null;
  }
}

/** The signed-in session, kept in localStorage so a reload stays signed in. */
export const session = signal<Session | null>(load());

export function setSession(s: Session | null): void {
  session.value = s;
  if (s) localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
  else localStorage.removeItem(STORAGE_KEY);
}

export function updateUser(user: WireUser): void {
  if (session.value) setSession({ ...session.value, user });
}

window.addEventListener('storage', (e) => {
  if (e.key === STORAGE_KEY) session.value = load();
});

/**
 * An error answer of the API. `code` is the catalog code (`channel_not_found`, `unavailable`, …) to branch on;
 * `message` is what to show: the text for that code in the UI language. `serverMessage` is what the server said
 * (English), joined when it is a list.
 */
export class ApiError extends Error {
  readonly code: string;
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly body: unknown,
    code?: string,
  ) {
    super(errorText(code, status, serverMessage));
    this.code = code ?? '';
  }
}

let refreshing: Promise<boolean> | null = null;

/** Rotates the token pair once, however many requests found the access token expired at the same time. */
export function refreshTokens(): Promise<boolean> {
  const s = session.value;
  if (!s) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: s.refreshToken }),
      });
      if (res.status === 401 || res.status === 400) {
        // Another tab may have rotated it already.
        const fresh = load();
        if (fresh && fresh.refreshToken !== s.refreshToken) {
          session.value = fresh;
          return true;
        }
        setSession(null);
        return false;
      }
      if (!res.ok) return false;
      const auth = (await res.json()) as WireAuth;
      setSession({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, user: auth.user });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export type { Page };

async function request(method: string, path: string, body?: unknown, retry = true): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = session.value?.accessToken;
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  if (res.status === 401 && token && retry && (await refreshTokens())) return request(method, path, body, false);
  if (!res.ok) {
    const data = (await res.json().catch(() => ({}))) as { message?: string | string[]; code?: string };
    const message = Array.isArray(data.message) ? data.message.join('; ') : (data.message ?? res.statusText);
    // A server without codes: a 401 to a request without a token can only be a failed sign-in.
    const code = typeof data.code === 'string' ? data.code : res.status === 401 && !token ? 'invalid_credentials' : undefined;
    throw new ApiError(res.status, message, data, code);
  }
  return res;
}

/** Calls the API; resolves to the JSON body (undefined for 204). */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** A list endpoint: the items and the cursor of the next page (the X-Next-Cursor header). */
export async function getPage<T>(path: string): Promise<Page<T>> {
  const res = await request('GET', path);
  return { items: (await res.json()) as T[], next: res.headers.get('X-Next-Cursor') };
}

/** Downloads a text answer (CSV) as a file. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await request('GET', path);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function newClientId(): string {
  return crypto.randomUUID();
}
