import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from './user.entity';

export interface AuthUser {
  id: string;
  role: Role;
  memberId: string | null;
  countryCode: string | null;
  locale: string;
  sessionId: string;
}

export const PUBLIC_KEY = 'birlik:public';
export const ROLES_KEY = 'birlik:roles';

/** The route needs no access token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

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
