import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';

/** A person a notice was sent to, with what they did with it; unique per notice and user. */
@Entity({ tableName: 'notice_recipients' })
@Unique({ properties: ['noticeId', 'userId'] })
@Index({ properties: ['userId', 'noticeId'] })
export class NoticeRecipient extends BaseEntity {
  @Property({ type: 'string', length: 36 })
  noticeId!: string;

  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'string', length: 16, nullable: true })
  countryCode: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  memberId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  readAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  ackedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  remindedAt: Date | null = null;
}
