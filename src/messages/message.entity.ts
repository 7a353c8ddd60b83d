import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';
import { User } from '../accounts/user.entity';
import { Channel } from '../channels/channel.entity';

export interface ReactionState {
  emoji: string;
  userIds: string[];
}

/** A message: its `seq` is gapless per channel; `version` is the channel-wide change counter at its last change. */
@Entity({ tableName: 'messages' })
@Unique({ properties: ['channel', 'seq'] })
@Unique({ properties: ['author', 'clientId'] })
@Index({ properties: ['channel', 'version'] })
export class Message extends BaseEntity {
  @ManyToOne(() => Channel, { deleteRule: 'cascade' })
  channel!: Channel;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'integer' })
  version!: number;

  @ManyToOne(() => User)
  author!: User;

  @Property({ type: 'string', length: 64 })
  clientId!: string;

  /** Null once deleted. */
  @Property({ type: 'text', nullable: true })
  body: string | null = null;

  /** The thread's root message id, for replies. */
  @Index()
  @Property({ type: 'string', length: 36, nullable: true })
  threadId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  editedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  deletedAt: Date | null = null;

  @Property({ type: 'json' })
  mentions: Opt<string[]> = [];

  @Property({ type: 'json' })
  reactions: Opt<ReactionState[]> = [];

  @Property({ type: 'integer' })
  replyCount: Opt<number> = 0;

  @Property({ type: 'datetime', nullable: true })
  lastReplyAt: Date | null = null;
}
