import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';

export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'session_revoked',
  'invitation_created',
  'user_registered',
  'role_changed',
  'user_deactivated',
  'user_reactivated',
  'admin_created',
  'member_created',
  'member_updated',
  'members_imported',
  // channels
  'channel_updated',
  'channel_role_changed',
  'channel_member_removed',
  'message_deleted_by_moderator',
  // accounts
  'password_reset_requested',
  'password_reset',
  'password_changed',
  '2fa_enabled',
  '2fa_disabled',
  'recovery_code_used',
  'invitation_resent',
  'invitation_revoked',
  'settings_changed',
  // notices
  'notice_sent',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

@Entity({ tableName: 'audit_events' })
export class AuditEvent extends BaseEntity {
  @Index()
  @Property({ type: 'string', length: 40 })
  action!: AuditAction;

  @Index()
  @Property({ type: 'string', length: 36, nullable: true })
  actorId: string | null = null;

  @Property({ type: 'string', length: 20, nullable: true })
  targetType: string | null = null;

  @Property({ type: 'string', length: 320, nullable: true })
  targetId: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  ip: string | null = null;

  @Property({ type: 'json', nullable: true })
  details: Record<string, unknown> | null = null;
}
