import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/** One instance-wide setting, changed by admins (`PATCH /settings`). */
@Entity({ tableName: 'settings' })
export class Setting {
  @PrimaryKey({ type: 'string', length: 64 })
  key!: string;

  @Property({ type: 'json' })
  value!: unknown;

  @Property({ type: 'string', length: 36, nullable: true })
  updatedById: string | null = null;

  @Property({ type: 'datetime' })
  updatedAt: Opt<Date> = new Date();
}
