import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '@lib/database';
import { Country } from './country.entity';

export const MEMBER_KINDS = [
  'metropolitan_municipality',
  'provincial_municipality',
  'district_municipality',
  'municipality',
  'municipal_union',
  'regional_administration',
  'government_agency',
  'other',
] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

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
