import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import type { AuditAction } from '@lib/contract';
import { BaseEntity } from '@lib/database';

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
