import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@lib/auth';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import type { InvitationStatus } from '@lib/contract';
import { AppError } from '@lib/errors';
import { JobQueue } from '@lib/queue';
import { AuditService } from '../audit/audit.service';
import { DirectoryService } from '../directory/directory.service';
import { invitationMail } from './mail-templates';
import type { RequestMeta } from './request-meta';
import type { CreateInvitationDto } from './dto/auth.dto';
import { Invitation } from './invitation.entity';
import { hashToken, TokensService } from './tokens.service';
import { User } from './user.entity';

/** Why an invitation link does not work, given to whoever holds it (`reason` in the error body). */
export type InvitationInvalidReason = 'unknown' | 'used' | 'expired' | 'revoked';

export interface InvitationView {
  invitation: Invitation;
  status: InvitationStatus;
  invitedBy: { id: string; displayName: string };
}

export function invitationStatus(inv: Invitation, now = Date.now()): InvitationStatus {
  if (inv.acceptedAt) return 'accepted';
  if (inv.revokedAt) return 'revoked';
  return inv.expiresAt.getTime() < now ? 'expired' : 'pending';
}

/**
 * Invitations: created and e-mailed by organizers (officials only) and admins, listed with their status,
 * sent again with a new link, revoked, looked up by the registration page, and used once by registration.
 */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger('Invitations');

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly jobs: JobQueue,
  ) {}

  async invite(actor: AuthUser, dto: CreateInvitationDto, meta: RequestMeta): Promise<{ invitation: Invitation; token: string; url: string }> {
    if (actor.role !== 'admin' && dto.role !== 'official') throw new AppError('role_not_allowed');
    const member = await this.directory.findMember(dto.memberId);
    if (!member) throw new AppError('unknown_member');
    if (await this.em.count(User, { email: dto.email })) throw new AppError('email_taken');
    const { token, hash: tokenHash } = this.tokens.opaque();
    const invitation = this.em.create(Invitation, {
      email: dto.email,
      member,
      role: dto.role,
      tokenHash,
      invitedById: actor.id,
      expiresAt: this.newExpiry(),
    });
    this.em.persist(invitation);
    this.audit.record(this.em, {
      action: 'invitation_created',
      actorId: actor.id,
      targetType: 'invitation',
      targetId: invitation.id,
      ip: meta.ip,
      details: { email: dto.email, memberId: member.id, role: dto.role },
    });
    await this.em.flush();
    const url = await this.send(invitation, token);
    return { invitation, token, url };
  }

  /** Organizers see the invitations they sent, admins all; newest first. */
  async list(caller: AuthUser, q: { status?: InvitationStatus; cursor?: string; limit: number }): Promise<InvitationView[]> {
    const now = new Date();
    const where: FilterQuery<Invitation> = {};
    if (caller.role !== 'admin') where.invitedById = caller.id;
    if (q.status === 'accepted') where.acceptedAt = { $ne: null };
    if (q.status === 'revoked') Object.assign(where, { acceptedAt: null, revokedAt: { $ne: null } });
    if (q.status === 'expired') Object.assign(where, { acceptedAt: null, revokedAt: null, expiresAt: { $lt: now } });
    if (q.status === 'pending') Object.assign(where, { acceptedAt: null, revokedAt: null, expiresAt: { $gte: now } });
    if (q.cursor) where.id = { $lt: q.cursor };
    const rows = await this.em.find(Invitation, where, { orderBy: { id: 'desc' }, limit: q.limit + 1, populate: ['member', 'member.country'] });
    return this.views(rows, now.getTime());
  }

  /** A new link and expiry (the old link stops working), e-mailed again. */
  async resend(caller: AuthUser, id: string, meta: RequestMeta): Promise<{ invitation: Invitation; token: string; url: string }> {
    const invitation = await this.manageable(caller, id);
    if (invitation.acceptedAt) throw new AppError('invitation_accepted');
    if (invitation.revokedAt) throw new AppError('invitation_revoked');
    if (await this.em.count(User, { email: invitation.email })) throw new AppError('email_taken');
    const { token, hash: tokenHash } = this.tokens.opaque();
    invitation.tokenHash = tokenHash;
    invitation.expiresAt = this.newExpiry();
    invitation.sendCount += 1;
    this.audit.record(this.em, {
      action: 'invitation_resent',
      actorId: caller.id,
      targetType: 'invitation',
      targetId: invitation.id,
      ip: meta.ip,
      details: { email: invitation.email, sendCount: invitation.sendCount },
    });
    await this.em.flush();
    const url = await this.send(invitation, token);
    return { invitation, token, url };
  }

  /** The link stops working. Revoking a revoked invitation changes nothing; an accepted one cannot be revoked. */
  async revoke(caller: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    const invitation = await this.manageable(caller, id);
    if (invitation.acceptedAt) throw new AppError('invitation_accepted');
    if (invitation.revokedAt) return;
    // Conditional, so a registration racing the revocation either wins (accepted) or finds the link dead.
    const claimed = await this.em.nativeUpdate(Invitation, { id, acceptedAt: null, revokedAt: null }, { revokedAt: new Date() });
    if (claimed !== 1) throw new AppError('invitation_accepted');
    this.audit.record(this.em, { action: 'invitation_revoked', actorId: caller.id, targetType: 'invitation', targetId: id, ip: meta.ip, details: { email: invitation.email } });
    await this.em.flush();
  }

  /** For the registration page (no sign-in): 404 invitation_invalid with a `reason` when the link does not work. */
  async lookup(token: string): Promise<InvitationView> {
    const inv = await this.em.findOne(Invitation, { tokenHash: hashToken(token) }, { populate: ['member', 'member.country'] });
    const reason = invalidReason(inv);
    if (reason) throw invalid(reason, 404);
    const [view] = await this.views([inv!], Date.now());
    return view;
  }

  /** Uses the invitation once (inside the registration's transaction); 400 invitation_invalid with a `reason` else. */
  async claim(em: EntityManager, token: string): Promise<Invitation> {
    const inv = await em.findOne(Invitation, { tokenHash: hashToken(token) }, { populate: ['member', 'member.country'] });
    const reason = invalidReason(inv);
    if (reason) throw invalid(reason, 400);
    const claimed = await em.nativeUpdate(Invitation, { id: inv!.id, acceptedAt: null, revokedAt: null }, { acceptedAt: new Date() });
    if (claimed !== 1) throw invalid('used', 400);
    return inv!;
  }

  private async manageable(caller: AuthUser, id: string): Promise<Invitation> {
    const inv = await this.em.findOne(Invitation, { id }, { populate: ['member', 'member.country'] });
    // An organizer manages the invitations they sent; anyone else's is "not found" to them.
    if (!inv || (caller.role !== 'admin' && inv.invitedById !== caller.id)) throw new AppError('invitation_not_found');
    return inv;
  }

  private async views(rows: Invitation[], now: number): Promise<InvitationView[]> {
    const inviterIds = [...new Set(rows.map((r) => r.invitedById))];
    const inviters = inviterIds.length ? await this.em.find(User, { id: { $in: inviterIds } }, { fields: ['displayName'] }) : [];
    const names = new Map(inviters.map((u) => [u.id, u.displayName]));
    return rows.map((invitation) => ({
      invitation,
      status: invitationStatus(invitation, now),
      invitedBy: { id: invitation.invitedById, displayName: names.get(invitation.invitedById) ?? '' },
    }));
  }

  private newExpiry(): Date {
    return new Date(Date.now() + this.config.invitationTtlHours * 3600_000);
  }

  /** Queues the e-mail (in the member country's first language) and answers the link. */
  private async send(invitation: Invitation, token: string): Promise<string> {
    const url = `${this.config.publicUrl}/register?token=${encodeURIComponent(token)}`;
    const member = invitation.member;
    const mail = invitationMail(member.country.languages[0] ?? 'en', { url, memberName: member.name, expiresAt: invitation.expiresAt });
    const jobId = invitation.sendCount > 1 ? `invitation-${invitation.id}-${invitation.sendCount}` : `invitation-${invitation.id}`;
    try {
      await this.jobs.add('mail.send', { to: invitation.email, ...mail }, jobId);
    } catch (err) {
      // The invitation stands and its link is returned to the inviter; the failure is logged, not hidden.
      this.logger.error({ err, invitationId: invitation.id }, 'Could not queue the invitation e-mail');
    }
    return url;
  }
}

function invalidReason(inv: Invitation | null): InvitationInvalidReason | null {
  if (!inv) return 'unknown';
  if (inv.acceptedAt) return 'used';
  if (inv.revokedAt) return 'revoked';
  if (inv.expiresAt.getTime() < Date.now()) return 'expired';
  return null;
}

const REASON_MESSAGES: Record<InvitationInvalidReason, string> = {
  unknown: 'token is not a valid invitation',
  used: 'token was already used: this invitation has been accepted',
  expired: 'token has expired: ask for a new invitation',
  revoked: 'token was revoked: ask for a new invitation',
};

/** One code for every dead link (the contract's invitation_invalid); 404 when looked up, 400 as a register field. */
function invalid(reason: InvitationInvalidReason, status: 400 | 404): AppError {
  return new AppError('invitation_invalid', { status, message: REASON_MESSAGES[reason], details: { reason } });
}
