import { Entity, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';

/** The one-time setup link printed at first start when there is no admin. */
@Entity({ tableName: 'setup_tokens' })
export class SetupToken extends BaseEntity {
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;
}
