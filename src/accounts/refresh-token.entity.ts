import { Entity, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';
import { Session } from './session.entity';

/** A refresh token, stored as its SHA-256. Used once: presenting a used one revokes the whole session. */
@Entity({ tableName: 'refresh_tokens' })
export class RefreshToken extends BaseEntity {
  @ManyToOne(() => Session, { deleteRule: 'cascade' })
  session!: Session;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;
}
