import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';

/** One row per mentioned user and message, for mention counts and (later) notifications. */
@Entity({ tableName: 'message_mentions' })
@Unique({ properties: ['messageId', 'userId'] })
@Index({ properties: ['userId', 'channelId', 'seq'] })
export class MessageMention extends BaseEntity {
  @Property({ type: 'string', length: 36 })
  messageId!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'string', length: 36 })
  channelId!: string;

  @Property({ type: 'integer' })
  seq!: number;
}
