import { PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { newId } from './ids';

/** Opaque, time-ordered string id and creation time shared by most entities. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id: Opt<string> = newId();

  @Property({ type: 'datetime' })
  createdAt: Opt<Date> = new Date();
}
