import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@lib/contract';

export interface AuthUser {
  id: string;
  role: Role;
  memberId: string | null;
  countryCode: string | null;
  locale: string;
  sessionId: string;
  /** Two-factor sign-in is required of this account and not on yet: only the set-up routes answer. */
  twoFactorSetupRequired?: boolean;
}

export const PUBLIC_KEY = 'birlik:public';
export const ROLES_KEY = 'birlik:roles';
export const DURING_2FA_SETUP_KEY = 'birlik:during-2fa-setup';

/** The route needs no access token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The route answers an account that must still set up two-factor sign-in (profile, 2FA, password, sessions). */
export const AllowDuring2faSetup = () => SetMetadata(DURING_2FA_SETUP_KEY, true);

/** Only these roles may call the route (checked by AuthGuard after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

/** The caller's IP address (Express resolves X-Forwarded-For when `trust proxy` is set). */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<{ ip?: string; socket?: { remoteAddress?: string } }>();
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
});
