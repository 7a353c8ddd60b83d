import { Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import type { Role, WireNotificationPrefs } from '@lib/contract';
import { BaseEntity } from '@lib/database';
import { Member } from '../directory/member.entity';

/** Stored as it travels (`notificationPrefs` of `GET /me`). */
export type NotificationPrefs = WireNotificationPrefs;

export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = { email: 'instant', quietHours: null, mutedChannelIds: [] };

@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  /** Stored lower-cased; unique. */
  @Property({ type: 'string', length: 320, unique: true })
  email!: string;

  @Property({ type: 'string', length: 200, lazy: true })
  passwordHash!: string;

  @Property({ type: 'string', length: 100 })
  displayName!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  title: string | null = null;

  @Index()
  @Property({ type: 'string', length: 20 })
  role: Opt<Role> = 'official';

  @ManyToOne(() => Member, { nullable: true })
  member: Member | null = null;

  /** The member's country, kept beside it for filters and channel membership. */
  @Index()
  @Property({ type: 'string', length: 16, nullable: true })
  countryCode: string | null = null;

  @Property({ type: 'string', length: 35 })
  locale: Opt<string> = 'en';

  @Property({ type: 'string', length: 64 })
  timeZone: Opt<string> = 'UTC';

  @Property({ type: 'boolean' })
  deactivated: Opt<boolean> = false;

  @Property({ type: 'datetime', nullable: true })
  deactivatedAt: Date | null = null;

  @Property({ type: 'json' })
  notificationPrefs: Opt<NotificationPrefs> = { ...DEFAULT_NOTIFICATION_PREFS };

  /** Folded display name, to resolve @mentions. */
  @Index()
  @Property({ type: 'string', length: 200 })
  nameKey: Opt<string> = '';

  /** Folded display name and title, for `q` filters. */
  @Property({ type: 'text' })
  searchText: Opt<string> = '';

  /** TOTP secret (encrypted, see totp.service.ts) once two-factor sign-in is on. */
  @Property({ type: 'string', length: 200, nullable: true, lazy: true })
  totpSecret: string | null = null;

  /** A secret shown by `POST /me/2fa/setup`, waiting for its first code (`POST /me/2fa/enable`). */
  @Property({ type: 'string', length: 200, nullable: true, lazy: true })
  totpPendingSecret: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  totpEnabledAt: Date | null = null;

  /** The last TOTP time step accepted: a code is never accepted twice. */
  @Property({ type: 'integer', nullable: true })
  totpLastStep: number | null = null;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
