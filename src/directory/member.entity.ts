import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { MemberKind } from '@lib/contract';
import { BaseEntity } from '@lib/database';
import { Country } from './country.entity';

/** A member municipality or municipal union. */
@Entity({ tableName: 'members' })
@Unique({ properties: ['country', 'name'] })
export class Member extends BaseEntity {
  @Property({ type: 'string', length: 300 })
  name!: string;

  @Index()
  @Property({ type: 'string', length: 40 })
  kind!: MemberKind;

  @ManyToOne(() => Country, { fieldName: 'country_code' })
  country!: Country;

  @Property({ type: 'string', length: 200, nullable: true })
  city: string | null = null;

  /** Folded name and city, for `q` filters. */
  @Property({ type: 'text' })
  searchText: Opt<string> = '';

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
