import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import type { NoticePriority, NoticeStatus, WireLocalTime, WireNoticeAudience, WireNoticeText } from '@lib/contract';
import { BaseEntity } from '@lib/database';

/** Stored as it travels (`audience` of a notice). */
export type NoticeAudience = WireNoticeAudience;
export type NoticeText = WireNoticeText;

@Entity({ tableName: 'notices' })
export class Notice extends BaseEntity {
  @Index()
  @Property({ type: 'string', length: 36 })
  authorId!: string;

  @Property({ type: 'string', length: 300 })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  /** BCP 47 language of title and body. */
  @Property({ type: 'string', length: 35 })
  language!: string;

  /** language → {title, body} */
  @Property({ type: 'json' })
  translations: Opt<Record<string, NoticeText>> = {};

  @Property({ type: 'string', length: 10 })
  priority!: NoticePriority;

  @Property({ type: 'json' })
  audience!: NoticeAudience;

  @Property({ type: 'boolean' })
  requiresAck!: boolean;

  @Property({ type: 'datetime', nullable: true })
  scheduledAt: Date | null = null;

  /** `{date, time}`: that wall-clock time in each recipient's zone. */
  @Property({ type: 'json', nullable: true })
  deliverAtLocalTime: WireLocalTime | null = null;

  @Property({ type: 'integer', nullable: true })
  remindAfterHours: number | null = null;

  @Property({ type: 'string', length: 10 })
  status: Opt<NoticeStatus> = 'scheduled';

  @Property({ type: 'integer' })
  recipientCount: Opt<number> = 0;

  /** Zones still to be delivered (deliverAtLocalTime), or ['*'] for one delivery to everyone. */
  @Property({ type: 'json' })
  pendingZones: Opt<string[]> = [];

  @Property({ type: 'string', length: 36, nullable: true })
  messageId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;
}
