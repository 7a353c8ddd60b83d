import type { InvitationStatus, Role, WireAuth, WireInvitationLookup, WireInvitationRow, WireSession, WireUser } from '@lib/contract';
import { ApiError } from './api';

/** What /me and sign-in answers add about two-factor sign-in. */
export interface AccountUser extends WireUser {
  twoFactorEnabled?: boolean;
  twoFactorSetupRequired?: boolean;
}

export type AccountAuth = WireAuth;

/** `GET /auth/invitation`: what the registration page shows. */
export type InvitationLookup = WireInvitationLookup;
export type { InvitationStatus };
/** `GET /invitations` rows. */
export type InvitationRow = WireInvitationRow;
export type SessionRow = WireSession;

/** The catalog code of an API error (`otp_required`, `reset_token_used`, …), if it is one. */
export function errorCode(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const code = (err.body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A field of the error body (e.g. invitation_invalid's `reason`). */
export function errorField(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const v = (err.body as Record<string, unknown> | null)?.[field];
  return typeof v === 'string' ? v : undefined;
}

/** "Firefox on Linux", roughly, from a User-Agent header; the raw header when nothing is recognised. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && os) return `${browser}, ${os}`;
  return browser ?? os ?? ua.slice(0, 80);
}
