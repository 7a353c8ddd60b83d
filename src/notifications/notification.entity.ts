import { Entity, Index, Property, Unique, type Opt } from '@mikro-orm/core';
import type { EmailState, NotificationKind } from '@lib/contract';
import { BaseEntity } from '@lib/database';

/** One in-app notification per recipient and source event: (userId, sourceKey) is unique. */
@Entity({ tableName: 'notifications' })
@Unique({ properties: ['userId', 'sourceKey'] })
@Index({ properties: ['userId', 'readAt'] })
export class Notification extends BaseEntity {
  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'string', length: 30 })
  kind!: NotificationKind;

  /** The event it comes from, e.g. `mention:<messageId>`, `notice:<noticeId>`, `notice-reminder:<noticeId>`. */
  @Property({ type: 'string', length: 120 })
  sourceKey!: string;

  @Property({ type: 'string', length: 36, nullable: true })
  channelId: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  messageId: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  noticeId: string | null = null;

  @Property({ type: 'string', length: 300 })
  title!: string;

  @Property({ type: 'text' })
  snippet!: string;

  /** Urgent notices ignore quiet hours. */
  @Property({ type: 'boolean' })
  urgent: Opt<boolean> = false;

  @Property({ type: 'datetime', nullable: true })
  readAt: Date | null = null;

  /** Set once the live push went out. */
  @Property({ type: 'datetime', nullable: true })
  pushedAt: Date | null = null;

  @Index()
  @Property({ type: 'string', length: 10 })
  emailState: Opt<EmailState> = 'none';

  @Property({ type: 'datetime', nullable: true })
  emailedAt: Date | null = null;
}
