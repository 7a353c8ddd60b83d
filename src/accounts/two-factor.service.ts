import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { verify } from '@node-rs/argon2';
import type { AuthUser } from '@lib/auth';
import { AppError } from '@lib/errors';
import { AuditService } from '../audit/audit.service';
import { SettingsService } from '../settings/settings.service';
import type { RequestMeta } from './request-meta';
import { LoginThrottle } from './login-throttle.service';
import { RecoveryCode } from './recovery-code.entity';
import { recoveryCodeHash, TotpService } from './totp.service';
import { User } from './user.entity';

export type SecondFactor = 'totp' | 'recovery_code';

/** Two-factor sign-in: set-up, the codes that sign in, recovery codes, and the staff requirement. */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly em: EntityManager,
    private readonly totp: TotpService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  /** Whether the admins' setting requires this (active) account to turn two-factor sign-in on first. */
  async setupRequired(user: Pick<User, 'role' | 'totpEnabledAt'>, em: EntityManager = this.em): Promise<boolean> {
    if (user.role === 'official' || user.totpEnabledAt) return false;
    return this.settings.get('require2faForStaff', em);
  }

  /** A new secret, shown once; it takes effect only when a code from it is confirmed (`enable`). */
  async setup(caller: AuthUser): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await this.load(caller.id);
    if (user.totpEnabledAt) throw new AppError('2fa_already_enabled');
    const secret = this.totp.newSecret();
    user.totpPendingSecret = this.totp.seal(secret);
    await this.em.flush();
    return { secret, otpauthUrl: this.totp.otpauthUrl(user.email, secret) };
  }

  /** Confirms the pending secret with a current code; answers the ten recovery codes (stored hashed). */
  async enable(caller: AuthUser, code: string, meta: RequestMeta): Promise<string[]> {
    const user = await this.load(caller.id, ['totpPendingSecret']);
    await this.throttle.checkIp(meta.ip ?? 'unknown');
    await this.throttle.checkAccount(user.email);
    if (user.totpEnabledAt) throw new AppError('2fa_already_enabled');
    const secret = user.totpPendingSecret ? this.totp.open(user.totpPendingSecret) : null;
    if (!secret) throw new AppError('2fa_not_set_up');
    const step = this.totp.step(code, secret);
    if (step === null) {
      await this.throttle.failed(user.email);
      throw new AppError('code_invalid');
    }
    user.totpSecret = user.totpPendingSecret;
    user.totpPendingSecret = null;
    user.totpEnabledAt = new Date();
    user.totpLastStep = step;
    const { codes, hashes } = this.totp.recoveryCodes();
    await this.em.nativeDelete(RecoveryCode, { user: user.id });
    for (const codeHash of hashes) this.em.persist(this.em.create(RecoveryCode, { user, codeHash }));
    this.audit.record(this.em, { action: '2fa_enabled', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip });
    await this.em.flush();
    return codes;
  }

  /** Needs the password and a current code (or a recovery code). Refused where the admins require 2FA of staff. */
  async disable(caller: AuthUser, password: string, code: string, meta: RequestMeta): Promise<void> {
    const user = await this.load(caller.id, ['passwordHash', 'totpSecret']);
    await this.throttle.checkIp(meta.ip ?? 'unknown');
    await this.throttle.checkAccount(user.email);
    if (!user.totpEnabledAt) throw new AppError('2fa_not_enabled');
    if (user.role !== 'official' && (await this.settings.get('require2faForStaff'))) throw new AppError('2fa_required');
    if (!(await verify(user.passwordHash, password).catch(() => false))) {
      await this.throttle.failed(user.email);
      throw new AppError('wrong_password', { message: 'password is wrong' });
    }
    const input = /^\d{6}$/.test(code) ? { otp: code } : { recoveryCode: code };
    if (!(await this.verify(this.em, user, input, meta))) {
      await this.throttle.failed(user.email);
      throw new AppError('code_invalid');
    }
    user.totpSecret = null;
    user.totpPendingSecret = null;
    user.totpEnabledAt = null;
    user.totpLastStep = null;
    await this.em.nativeDelete(RecoveryCode, { user: user.id });
    this.audit.record(this.em, { action: '2fa_disabled', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip });
    await this.em.flush();
  }

  /**
   * Checks a sign-in's second factor and uses it up: a TOTP code is accepted once (never its time step again),
   * a recovery code once. Null when it is wrong.
   */
  async verify(em: EntityManager, user: User, input: { otp?: string; recoveryCode?: string }, meta: RequestMeta): Promise<SecondFactor | null> {
    if (input.otp) {
      await em.populate(user, ['totpSecret']);
      const secret = user.totpSecret ? this.totp.open(user.totpSecret) : null;
      const step = secret ? this.totp.step(input.otp, secret) : null;
      if (step === null) return null;
      const claimed = await em.nativeUpdate(
        User,
        { id: user.id, $or: [{ totpLastStep: null }, { totpLastStep: { $lt: step } }] },
        { totpLastStep: step },
      );
      return claimed === 1 ? 'totp' : null;
    }
    if (input.recoveryCode) {
      const claimed = await em.nativeUpdate(
        RecoveryCode,
        { user: user.id, codeHash: recoveryCodeHash(input.recoveryCode), usedAt: null },
        { usedAt: new Date() },
      );
      if (claimed !== 1) return null;
      const left = await em.count(RecoveryCode, { user: user.id, usedAt: null });
      this.audit.record(em, { action: 'recovery_code_used', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip, details: { left } });
      return 'recovery_code';
    }
    return null;
  }

  private async load(id: string, populate: ('passwordHash' | 'totpSecret' | 'totpPendingSecret')[] = []): Promise<User> {
    const user = await this.em.findOne(User, { id }, { populate });
    if (!user) throw new AppError('unauthorized');
    return user;
  }
}
