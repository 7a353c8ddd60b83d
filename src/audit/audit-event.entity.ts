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
