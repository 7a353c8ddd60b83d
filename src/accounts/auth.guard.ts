import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DURING_2FA_SETUP_KEY, PUBLIC_KEY, ROLES_KEY, type AuthUser } from '@lib/auth';
import type { Role } from '@lib/contract';
import { AppError } from '@lib/errors';
import { AccountsService } from './accounts.service';

/**
 * Global guard: a valid access token of an active user and a live session, two-factor sign-in set up where the
 * admins require it, then the route's roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new AppError('unauthorized');
    const user = await this.accounts.authenticate(token);
    if (!user) throw new AppError('unauthorized', { message: 'Invalid or expired access token' });
    req.user = user;
    if (user.twoFactorSetupRequired && !this.reflector.getAllAndOverride<boolean>(DURING_2FA_SETUP_KEY, targets)) {
      throw new AppError('2fa_setup_required');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) throw new AppError('forbidden');
    return true;
  }
}
