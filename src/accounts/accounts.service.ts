import { EntityManager, MikroORM, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { AuthUser } from '@lib/auth';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import type { Role } from '@lib/contract';
import { containsText } from '@lib/database';
import { AppError } from '@lib/errors';
import { canonicalLocale } from '@lib/http';
import { RealtimePublisher } from '@lib/realtime';
import { fold } from '@lib/text';
import { AuditService } from '../audit/audit.service';
import { ChannelsService } from '../channels/channels.service';
import { SettingsService, type InstanceSettings } from '../settings/settings.service';
import type { LoginDto, RegisterDto, SetupDto } from './dto/auth.dto';
import type { UpdateMeDto, UpdateUserDto } from './dto/user.dto';
import { InvitationsService } from './invitations.service';
import { LoginThrottle } from './login-throttle.service';
import { RefreshToken } from './refresh-token.entity';
import type { RequestMeta } from './request-meta';
import { Session } from './session.entity';
import { SetupToken } from './setup-token.entity';
import { hashToken, TokensService } from './tokens.service';
import { TwoFactorService } from './two-factor.service';
import { User } from './user.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  user: User;
  /** See AuthResponseDto.twoFactorSetupRequired. */
  twoFactorSetupRequired: boolean;
}

/** lastSeenAt of a session is written at most this often by requests (always on refresh and sign-in). */
const LAST_SEEN_EVERY_MS = 60_000;

// Argon2id (Algorithm is a const enum, which isolatedModules cannot read).
export const ARGON2 = { algorithm: 2 as Algorithm };

@Injectable()
export class AccountsService implements OnModuleInit {
  private readonly logger = new Logger('Accounts');
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private dummyHash = '';

  constructor(
    private readonly em: EntityManager,
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly channels: ChannelsService,
    private readonly publisher: RealtimePublisher,
    private readonly twoFactor: TwoFactorService,
    private readonly invitations: InvitationsService,
    private readonly settings: SettingsService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hash('not-a-real-password-0000', ARGON2);
  }

  /** The caller behind an access token: the token is valid, its session live and the user active. */
  async authenticate(accessToken: string, em: EntityManager = this.em): Promise<AuthUser | null> {
    const claims = this.tokens.verifyAccess(accessToken);
    if (!claims) return null;
    const session = await em.findOne(
      Session,
      { id: claims.sid, user: claims.sub, revokedAt: null },
      { populate: ['user'] },
    );
    if (!session || session.user.deactivated) return null;
    const u = session.user;
    if (!session.lastSeenAt || Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
      session.lastSeenAt = new Date();
      await em.flush(); // nothing else is pending before the route runs
    }
    return {
      id: u.id,
      role: u.role,
      memberId: u.member?.id ?? null,
      countryCode: u.countryCode,
      locale: u.locale,
      sessionId: session.id,
      twoFactorSetupRequired: await this.twoFactor.setupRequired(u, em),
    };
  }

  async login(dto: LoginDto, meta: RequestMeta): Promise<TokenPair> {
    await this.throttle.check(meta.ip ?? 'unknown', dto.email);
    const user = await this.em.findOne(User, { email: dto.email }, { populate: ['passwordHash'] });
    const ok = await verify(user?.passwordHash ?? this.dummyHash, dto.password).catch(() => false);
    const failed = async (reason: string, error: 'invalid_credentials' | 'otp_invalid') => {
      await this.throttle.failed(dto.email);
      this.audit.record(this.em, { action: 'login_failed', actorId: user?.id ?? null, targetType: 'email', targetId: dto.email, ip: meta.ip, details: { reason } });
      await this.em.flush();
      return new AppError(error);
    };
    if (!user || !ok || user.deactivated) throw await failed(!user ? 'unknown_email' : !ok ? 'wrong_password' : 'deactivated', 'invalid_credentials');
    let secondFactor: string | undefined;
    if (user.totpEnabledAt) {
      // The password was right, but the failure count stays until the second factor is right too.
      if (!dto.otp && !dto.recoveryCode) throw new AppError('otp_required');
      const used = await this.twoFactor.verify(this.em, user, dto, meta);
      if (!used) throw await failed(dto.otp ? 'wrong_otp' : 'wrong_recovery_code', 'otp_invalid');
      secondFactor = used;
    }
    await this.throttle.succeeded(dto.email);
    this.audit.record(this.em, { action: 'login', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip, ...(secondFactor ? { details: { secondFactor } } : {}) });
    return this.startSession(this.em, user, meta);
  }

  /** Rotates a refresh token. Presenting one that was already rotated revokes its whole session. */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
    const em = this.em;
    const rt = await em.findOne(RefreshToken, { tokenHash: hashToken(refreshToken) }, { populate: ['session', 'session.user'] });
    if (!rt || rt.session.revokedAt) throw new AppError('invalid_refresh_token');
    const user = rt.session.user;
    if (rt.usedAt) {
      await this.revokeSession(em, rt.session, 'refresh_token_reuse', meta);
      throw new AppError('invalid_refresh_token');
    }
    if (rt.expiresAt.getTime() < Date.now() || user.deactivated) throw new AppError('invalid_refresh_token');
    rt.session.lastSeenAt = new Date();
    // Only one of two concurrent refreshes with the same token wins; the loser counts as reuse.
    const claimed = await em.nativeUpdate(RefreshToken, { id: rt.id, usedAt: null }, { usedAt: new Date() });
    if (claimed !== 1) {
      await this.revokeSession(em, rt.session, 'refresh_token_reuse', meta);
      throw new AppError('invalid_refresh_token');
    }
    const next = this.newRefreshToken(em, rt.session);
    await em.flush();
    return {
      accessToken: this.tokens.signAccess(user.id, rt.session.id),
      refreshToken: next,
      user,
      twoFactorSetupRequired: await this.twoFactor.setupRequired(user, em),
    };
  }

  /** Ends the session the refresh token belongs to. Idempotent; unknown tokens are ignored. */
  async logout(refreshToken: string, meta: RequestMeta): Promise<void> {
    const rt = await this.em.findOne(RefreshToken, { tokenHash: hashToken(refreshToken) }, { populate: ['session'] });
    if (!rt || rt.session.revokedAt) return;
    this.audit.record(this.em, { action: 'logout', actorId: rt.session.user.id, targetType: 'session', targetId: rt.session.id, ip: meta.ip });
    await this.revokeSession(this.em, rt.session, 'logout', meta, false);
  }

  /** Creates the account of an invited official: the invitation is used once, inside the same transaction. */
  async register(dto: RegisterDto, meta: RequestMeta): Promise<TokenPair> {
    const passwordHash = await hash(dto.password, ARGON2);
    const { user, publish } = await this.em
      .transactional(async (em) => {
        const inv = await this.invitations.claim(em, dto.token);
        const country = inv.member.country;
        const user = em.create(User, {
          email: inv.email,
          passwordHash,
          displayName: dto.displayName,
          title: dto.title || null,
          role: inv.role,
          member: inv.member,
          countryCode: country.code,
          locale: canonicalLocale(dto.locale ?? country.languages[0] ?? 'en'),
          timeZone: dto.timeZone ?? country.timeZones[0] ?? 'UTC',
          searchText: userSearchText(dto.displayName, dto.title),
          nameKey: fold(dto.displayName),
        });
        em.persist(user);
        const publish = await this.channels.joinDefaultChannels(em, user);
        this.audit.record(em, { action: 'user_registered', actorId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip, details: { invitationId: inv.id } });
        await em.flush();
        return { user, publish };
      })
      .catch((err) => {
        if (err instanceof UniqueConstraintViolationException) throw new AppError('email_taken');
        throw err;
      });
    await publish().catch((err) => this.logger.warn(`member counts not published: ${(err as Error).message}`));
    return this.startSession(this.em, user, meta);
  }

  async me(userId: string): Promise<User> {
    const user = await this.em.findOne(User, { id: userId });
    if (!user) throw new AppError('unauthorized');
    return user;
  }

  async updateMe(userId: string, dto: UpdateMeDto): Promise<User> {
    const user = await this.me(userId);
    if (dto.displayName !== undefined) user.displayName = dto.displayName;
    if (dto.title !== undefined) user.title = dto.title || null;
    if (dto.locale !== undefined) user.locale = canonicalLocale(dto.locale);
    if (dto.timeZone !== undefined) user.timeZone = dto.timeZone;
    if (dto.notificationPrefs) {
      const p = dto.notificationPrefs;
      user.notificationPrefs = {
        email: p.email ?? user.notificationPrefs.email,
        quietHours: p.quietHours === undefined ? user.notificationPrefs.quietHours : p.quietHours && { start: p.quietHours.start, end: p.quietHours.end },
        mutedChannelIds: p.mutedChannelIds ? [...new Set(p.mutedChannelIds)] : user.notificationPrefs.mutedChannelIds,
      };
    }
    user.searchText = userSearchText(user.displayName, user.title);
    user.nameKey = fold(user.displayName);
    await this.em.flush();
    return user;
  }

  /** The directory of officials. Deactivated accounts are listed for admins only. */
  async listUsers(
    caller: AuthUser,
    q: { memberId?: string; countryCode?: string; q?: string; role?: Role; cursor?: string; limit: number },
  ): Promise<User[]> {
    const where: FilterQuery<User> = {};
    if (q.memberId) where.member = q.memberId;
    if (q.countryCode) where.countryCode = q.countryCode.toUpperCase();
    if (q.role) where.role = q.role;
    if (caller.role !== 'admin') where.deactivated = false;
    if (q.q?.trim()) Object.assign(where, containsText(this.em, 'search_text', fold(q.q)));
    if (q.cursor) where.id = { $gt: q.cursor };
    return this.em.find(User, where, { orderBy: { id: 'asc' }, limit: q.limit + 1 });
  }

  async getUser(id: string): Promise<User> {
    const user = await this.em.findOne(User, { id });
    if (!user) throw new AppError('user_not_found');
    return user;
  }

  /** Admin: change the role or (de)activate. Deactivation ends every session at once. */
  async updateUser(actor: AuthUser, id: string, dto: UpdateUserDto, meta: RequestMeta): Promise<User> {
    return this.em.transactional(async (em) => {
      const user = await em.findOne(User, { id });
      if (!user) throw new AppError('user_not_found');
      const losesAdmin =
        user.role === 'admin' && !user.deactivated && ((dto.role !== undefined && dto.role !== 'admin') || dto.deactivated === true);
      if (losesAdmin && (await em.count(User, { role: 'admin', deactivated: false })) <= 1) throw new AppError('last_admin');
      if (dto.role !== undefined && dto.role !== user.role) {
        this.audit.record(em, { action: 'role_changed', actorId: actor.id, targetType: 'user', targetId: user.id, ip: meta.ip, details: { from: user.role, to: dto.role } });
        user.role = dto.role;
      }
      if (dto.deactivated !== undefined && dto.deactivated !== user.deactivated) {
        user.deactivated = dto.deactivated;
        user.deactivatedAt = dto.deactivated ? new Date() : null;
        this.audit.record(em, {
          action: dto.deactivated ? 'user_deactivated' : 'user_reactivated',
          actorId: actor.id,
          targetType: 'user',
          targetId: user.id,
          ip: meta.ip,
        });
        if (dto.deactivated) {
          await em.nativeUpdate(Session, { user: user.id, revokedAt: null }, { revokedAt: new Date(), revokedReason: 'deactivated' });
        }
      }
      await em.flush();
      if (dto.deactivated) this.publisher.disconnectUser(user.id);
      return user;
    });
  }

  /** Creates an admin account (ADMIN_EMAIL at start-up, the CLI, or the setup link). An existing account is promoted. */
  async createAdmin(input: { email: string; password: string; displayName: string }, em: EntityManager, actorId?: string): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const existing = await em.findOne(User, { email });
    const user =
      existing ??
      em.create(User, {
        email,
        passwordHash: await hash(input.password, ARGON2),
        displayName: input.displayName,
        role: 'admin',
        searchText: userSearchText(input.displayName),
        nameKey: fold(input.displayName),
      });
    user.role = 'admin';
    user.deactivated = false;
    user.deactivatedAt = null;
    em.persist(user);
    await this.channels.joinDefaultChannels(em, user);
    this.audit.record(em, { action: 'admin_created', actorId: actorId ?? user.id, targetType: 'user', targetId: user.id, details: { promoted: Boolean(existing) } });
    await em.flush();
    return user;
  }

  /**
   * At start-up: with no active admin, create the one from ADMIN_EMAIL/ADMIN_PASSWORD, or print a one-time
   * setup link through which the first person creates it. Returns that link, if one was made.
   */
  async ensureAdmin(): Promise<string | null> {
    const em = this.orm.em.fork();
    if (await em.count(User, { role: 'admin', deactivated: false })) return null;
    if (this.config.adminEmail && this.config.adminPassword) {
      try {
        await this.createAdmin({ email: this.config.adminEmail, password: this.config.adminPassword, displayName: 'Administrator' }, em);
        this.logger.log(`Created the admin account ${this.config.adminEmail}`);
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException)) throw err; // another process created it
      }
      return null;
    }
    const { token, hash: tokenHash } = this.tokens.opaque();
    await em.persistAndFlush(em.create(SetupToken, { tokenHash }));
    const link = `${this.config.publicUrl}/setup?token=${token}`;
    this.logger.warn(`No admin account yet. Open this one-time link to create it: ${link}`);
    return link;
  }

  /** The setup link's form: creates the first admin and signs them in. */
  async setup(dto: SetupDto, meta: RequestMeta): Promise<TokenPair> {
    const user = await this.em.transactional(async (em) => {
      if (await em.count(User, { role: 'admin', deactivated: false })) throw new AppError('setup_unavailable');
      const claimed = await em.nativeUpdate(SetupToken, { tokenHash: hashToken(dto.token), usedAt: null }, { usedAt: new Date() });
      if (claimed !== 1) throw new AppError('setup_unavailable');
      if (await em.count(User, { email: dto.email })) throw new AppError('email_taken');
      await em.nativeUpdate(SetupToken, { usedAt: null }, { usedAt: new Date() });
      return this.createAdmin(dto, em);
    });
    return this.startSession(this.em, user, meta);
  }

  getSettings(): Promise<InstanceSettings> {
    return this.settings.all();
  }

  /**
   * Admin: instance settings. Requiring 2FA of staff needs the admin's own 2FA on first (no one locks themselves
   * into the set-up screen by accident); once required, the open sockets of admins and organizers without it are
   * disconnected, and they reconnect only after setting it up.
   */
  async updateSettings(actor: AuthUser, patch: Partial<InstanceSettings>, meta: RequestMeta): Promise<InstanceSettings> {
    const em = this.em;
    if (patch.require2faForStaff) {
      const me = await em.findOne(User, { id: actor.id });
      if (!me?.totpEnabledAt) throw new AppError('2fa_not_enabled', { message: 'Turn on two-factor sign-in for your own account first' });
    }
    const changed = await this.settings.set(em, patch, actor.id);
    if (Object.keys(changed).length) {
      this.audit.record(em, { action: 'settings_changed', actorId: actor.id, targetType: 'settings', targetId: 'instance', ip: meta.ip, details: changed });
    }
    await em.flush();
    if (changed.require2faForStaff?.to === true) {
      const staff = await em.find(User, { role: { $in: ['admin', 'organizer'] }, totpEnabledAt: null, deactivated: false }, { fields: ['id'] });
      for (const u of staff) this.publisher.disconnectUser(u.id);
    }
    return this.settings.all(em);
  }

  /** GET /me with the set-up flag. */
  async meWithFlags(userId: string): Promise<{ user: User; twoFactorSetupRequired: boolean }> {
    const user = await this.me(userId);
    return { user, twoFactorSetupRequired: await this.twoFactor.setupRequired(user) };
  }

  /** The caller's live sessions, most recently used first. */
  async listSessions(caller: AuthUser): Promise<Session[]> {
    // A session lives while its newest refresh token does: refreshTokenTtlDays after its last refresh.
    const cutoff = new Date(Date.now() - this.config.refreshTokenTtlDays * 86_400_000);
    const rows = await this.em.find(Session, {
      user: caller.id,
      revokedAt: null,
      $or: [{ lastSeenAt: { $gte: cutoff } }, { lastSeenAt: null, createdAt: { $gte: cutoff } }],
    });
    const seen = (s: Session) => (s.lastSeenAt ?? s.createdAt).getTime();
    return rows.sort((a, b) => seen(b) - seen(a) || (a.id < b.id ? 1 : -1));
  }

  /** Ends one of the caller's sessions: its refresh tokens stop working and its sockets are disconnected. */
  async revokeOwnSession(caller: AuthUser, sessionId: string, meta: RequestMeta): Promise<void> {
    const session = await this.em.findOne(Session, { id: sessionId, user: caller.id });
    if (!session) throw new AppError('session_not_found');
    if (session.revokedAt) return;
    await this.revokeSession(this.em, session, sessionId === caller.sessionId ? 'logout' : 'revoked_by_user', meta, true, caller.id);
  }

  /**
   * Ends every session of the user but `keep` (inside the caller's unit of work: flush afterwards) and returns
   * their ids, whose sockets the caller disconnects once the change is stored (`disconnectSessions`).
   */
  async endSessions(em: EntityManager, userId: string, reason: string, keep?: string): Promise<string[]> {
    const live = await em.find(Session, { user: userId, revokedAt: null, ...(keep ? { id: { $ne: keep } } : {}) }, { fields: ['id'] });
    const ids = live.map((s) => s.id);
    if (ids.length) await em.nativeUpdate(Session, { id: { $in: ids } }, { revokedAt: new Date(), revokedReason: reason });
    return ids;
  }

  disconnectSessions(ids: string[]): void {
    for (const id of ids) this.publisher.disconnectSession(id);
  }

  async startSession(em: EntityManager, user: User, meta: RequestMeta): Promise<TokenPair> {
    const session = em.create(Session, {
      user,
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      lastSeenAt: new Date(),
    });
    em.persist(session);
    const refreshToken = this.newRefreshToken(em, session);
    await em.flush();
    return {
      accessToken: this.tokens.signAccess(user.id, session.id),
      refreshToken,
      user,
      twoFactorSetupRequired: await this.twoFactor.setupRequired(user, em),
    };
  }

  private newRefreshToken(em: EntityManager, session: Session): string {
    const { token, hash: tokenHash } = this.tokens.opaque();
    em.persist(
      em.create(RefreshToken, {
        session,
        tokenHash,
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
      }),
    );
    return token;
  }

  private async revokeSession(em: EntityManager, session: Session, reason: string, meta: RequestMeta, audit = true, actorId?: string): Promise<void> {
    session.revokedAt = new Date();
    session.revokedReason = reason;
    if (audit) {
      this.audit.record(em, { action: 'session_revoked', actorId: actorId ?? session.user.id, targetType: 'session', targetId: session.id, ip: meta.ip, details: { reason } });
    }
    await em.flush();
    this.publisher.disconnectSession(session.id);
  }
}

function userSearchText(displayName: string, title?: string | null): string {
  return fold(`${displayName} ${title ?? ''}`);
}
