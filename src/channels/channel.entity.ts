import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import type { ChannelKind, ChannelVisibility } from '@lib/contract';
import { BaseEntity } from '@lib/database';

@Entity({ tableName: 'channels' })
export class Channel extends BaseEntity {
  @Index()
  @Property({ type: 'string', length: 20 })
  kind!: ChannelKind;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Property({ type: 'string', length: 10 })
  visibility: Opt<ChannelVisibility> = 'public';

  /** Set on the country channel of that country, and only there. */
  @Property({ type: 'string', length: 16, nullable: true, unique: true })
  countryCode: string | null = null;

  /** Names a channel the system keeps exactly one of (`announcement`); unique. */
  @Property({ type: 'string', length: 40, nullable: true, unique: true })
  systemKey: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  createdById: string | null = null;

  /** Highest message seq in the channel. */
  @Property({ type: 'integer' })
  lastSeq: Opt<number> = 0;

  /** Channel-wide change counter: bumped on every message create, edit, delete and reaction change. */
  @Property({ type: 'integer' })
  version: Opt<number> = 0;

  /** When an owner or admin archived it: read-only from then on (null while active). */
  @Property({ type: 'datetime', nullable: true })
  archivedAt: Date | null = null;
}
