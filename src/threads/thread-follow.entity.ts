import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';

@Entity({ tableName: 'thread_follows' })
@Unique({ properties: ['threadId', 'userId'] })
@Index({ properties: ['userId'] })
export class ThreadFollow extends BaseEntity {
  @Property({ type: 'string', length: 36 })
  threadId!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;
}
