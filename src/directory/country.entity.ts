import { Entity, PrimaryKey, PrimaryKeyProp, Property, type Opt } from '@mikro-orm/core';

@Entity({ tableName: 'countries' })
export class Country {
  [PrimaryKeyProp]?: 'code';

  /** ISO 3166-1 alpha-2, ISO 3166-2 for a sub-national member (RU-BA), or an organiser code (CY-TRNC). */
  @PrimaryKey({ type: 'string', length: 16 })
  code!: string;

  /** English name. */
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'json' })
  names!: Record<string, string>;

  /** BCP 47 tags, most used first. */
  @Property({ type: 'json' })
  languages!: string[];

  /** IANA zones, the first the default. */
  @Property({ type: 'json' })
  timeZones!: string[];

  @Property({ type: 'string', length: 32 })
  membership!: string;

  @Property({ type: 'datetime' })
  createdAt: Opt<Date> = new Date();
}
