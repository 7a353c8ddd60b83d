import { Entity, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import type { ThreadStatus } from '@lib/contract';
import { BaseEntity } from '@lib/database';

/**
 * An experience-sharing thread of a forum channel: a title, tags and a solved state on top of its root message.
 * Reply count and last activity are the root message's own (kept in the message transaction).
 */
@Entity({ tableName: 'threads' })
@Index({ properties: ['channelId', 'status'] })
export class Thread extends BaseEntity {
  @Property({ type: 'string', length: 36 })
  channelId!: string;

  @Unique()
  @Property({ type: 'string', length: 36 })
  rootMessageId!: string;

  @Property({ type: 'string', length: 36 })
  authorId!: string;

  @Property({ type: 'string', length: 16, nullable: true })
  authorCountryCode: string | null = null;

  @Property({ type: 'string', length: 300 })
  title!: string;

  @Property({ type: 'json' })
  tags: Opt<string[]> = [];

  @Property({ type: 'string', length: 10 })
  status: Opt<ThreadStatus> = 'open';

  @Property({ type: 'string', length: 36, nullable: true })
  solutionMessageId: string | null = null;
}
