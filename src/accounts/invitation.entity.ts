import { Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import type { Role } from '@lib/contract';
import { BaseEntity } from '@lib/database';
import { Member } from '../directory/member.entity';

@Entity({ tableName: 'invitations' })
export class Invitation extends BaseEntity {
  @Index()
  @Property({ type: 'string', length: 320 })
  email!: string;

  @ManyToOne(() => Member)
  member!: Member;

  @Property({ type: 'string', length: 20 })
  role!: Role;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Index()
  @Property({ type: 'string', length: 36 })
  invitedById!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  acceptedAt: Date | null = null;

  /** Revoked by its inviter or an admin: the link stops working. */
  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  /** How many times it was sent again (each resend makes a new token). */
  @Property({ type: 'integer' })
  sendCount: Opt<number> = 1;
}
