import { EntityManager, MikroORM } from '@mikro-orm/core';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import type { AuthUser } from '@lib/auth';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { AppError } from '@lib/errors';
import { JobQueue } from '@lib/queue';
import { AuditService } from '../audit/audit.service';
import { passwordResetMail } from './mail-templates';
import { AccountsService, ARGON2, type TokenPair } from './accounts.service';
import type { RequestMeta } from './request-meta';
import type { ResetPasswordDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle.service';
import { PasswordReset } from './password-reset.entity';
import { hashToken, TokensService } from './tokens.service';
import { TwoFactorService } from './two-factor.service';
import { User } from './user.entity';

const RESET_TTL_MS = 3600_000;

/** Forgotten passwords (reset by an e-mailed single-use link) and password changes. */
@Injectable()
export class PasswordService implements OnApplicationShutdown {
  private readonly logger = new Logger('Passwords');
  /** Reset e-mails being prepared after the request was answered. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly em: EntityManager,
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly twoFactor: TwoFactorService,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Answers at once, the same for every address (after the per-IP and per-address limits, which count unknown
   * addresses too); looking the address up and e-mailing the link happen after the answer, so its timing says
   * nothing either.
   */
  async forgot(email: string, meta: RequestMeta): Promise<void> {
    await this.throttle.checkResetRequest(meta.ip ?? 'unknown', email);
    const work = this.sendResetLink(email, meta)
      .catch((err: unknown) => this.logger.error({ err }, 'Could not send a password-reset e-mail'))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Resolves when every reset e-mail asked for so far is queued (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  private async sendResetLink(email: string, meta: RequestMeta): Promise<void> {
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { email, deactivated: false });
    if (!user) return;
    const { token, hash: tokenHash } = this.tokens.opaque();
    const reset = em.create(PasswordReset, { user, tokenHash, expiresAt: new Date(Date.now() + RESET_TTL_MS), ip: meta.ip?.slice(0, 64) ?? null });
    em.persist(reset);
    this.audit.record(em, { action: 'password_reset_requested', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip });
    await em.flush();
    const url = `${this.config.publicUrl}/reset?token=${encodeURIComponent(token)}`;
    const mail = passwordResetMail(user.locale, { name: user.displayName, url });
    await this.jobs.add('mail.send', { to: user.email, ...mail }, `password-reset-${reset.id}`);
  }

  /**
   * Sets the new password from a valid link and signs in, as login does (with the second factor when 2FA is on);
   * every other session of the user ends and its sockets are disconnected. Reused, expired and unknown tokens
   * each answer their own 400 and change nothing.
   */
  async reset(dto: ResetPasswordDto, meta: RequestMeta): Promise<TokenPair> {
    await this.throttle.checkIp(meta.ip ?? 'unknown');
    const row = await this.em.findOne(PasswordReset, { tokenHash: hashToken(dto.token) }, { populate: ['user'] });
    if (!row || row.user.deactivated) throw new AppError('reset_token_invalid');
    if (row.usedAt) throw new AppError('reset_token_used');
    if (row.expiresAt.getTime() < Date.now()) throw new AppError('reset_token_expired');
    const user = row.user;
    await this.throttle.checkAccount(user.email);
    if (user.totpEnabledAt) {
      if (!dto.otp && !dto.recoveryCode) throw new AppError('otp_required');
      if (!(await this.twoFactor.verify(this.em, user, dto, meta))) {
        await this.throttle.failed(user.email);
        this.audit.record(this.em, { action: 'login_failed', actorId: user.id, targetType: 'email', targetId: user.email, ip: meta.ip, details: { reason: 'reset_wrong_otp' } });
        await this.em.flush();
        throw new AppError('otp_invalid');
      }
    }
    const passwordHash = await hash(dto.password, ARGON2);
    const ended = await this.em.transactional(async (em) => {
      // Conditional: of two resets racing with one link, one wins.
      const claimed = await em.nativeUpdate(PasswordReset, { id: row.id, usedAt: null }, { usedAt: new Date() });
      if (claimed !== 1) throw new AppError('reset_token_used');
      await em.nativeUpdate(PasswordReset, { user: user.id, usedAt: null }, { usedAt: new Date() });
      await em.nativeUpdate(User, { id: user.id }, { passwordHash });
      const ids = await this.accounts.endSessions(em, user.id, 'password_reset');
      this.audit.record(em, { action: 'password_reset', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip, details: { sessionsEnded: ids.length } });
      await em.flush();
      return ids;
    });
    this.accounts.disconnectSessions(ended);
    await this.throttle.succeeded(user.email);
    return this.accounts.startSession(this.em, user, meta);
  }

  /** Needs the current password; every other session ends (this one stays). */
  async change(caller: AuthUser, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const user = await this.em.findOne(User, { id: caller.id }, { populate: ['passwordHash'] });
    if (!user) throw new AppError('unauthorized');
    await this.throttle.checkIp(meta.ip ?? 'unknown');
    await this.throttle.checkAccount(user.email);
    if (!(await verify(user.passwordHash, currentPassword).catch(() => false))) {
      await this.throttle.failed(user.email);
      throw new AppError('wrong_password');
    }
    user.passwordHash = await hash(newPassword, ARGON2);
    const ended = await this.accounts.endSessions(this.em, user.id, 'password_changed', caller.sessionId);
    await this.em.nativeUpdate(PasswordReset, { user: user.id, usedAt: null }, { usedAt: new Date() });
    this.audit.record(this.em, { action: 'password_changed', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip, details: { sessionsEnded: ended.length } });
    await this.em.flush();
    this.accounts.disconnectSessions(ended);
    await this.throttle.succeeded(user.email);
  }
}
