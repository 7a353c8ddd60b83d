import { Entity, Index, Property, Unique } from '@mikro-orm/core';

/**
 * One searchable text (a message body or a thread title) in its folded, cross-script form. The full-text
 * index lives beside it per dialect: a GIN-indexed tsvector column `tsv` on PostgreSQL, an FTS5 table
 * `search_fts` kept by triggers on SQLite (both made by hand-written migrations, hidden from the schema diff).
 */
@Entity({ tableName: 'search_docs' })
@Unique({ properties: ['kind', 'refId'] })
export class SearchDoc {
  @Property({ type: 'string', length: 36, primary: true })
  id!: string;

  /** `message` or `thread`. */
  @Property({ type: 'string', length: 10 })
  kind!: string;

  @Property({ type: 'string', length: 36 })
  refId!: string;

  @Index()
  @Property({ type: 'string', length: 36 })
  channelId!: string;

  /** The author's country. */
  @Property({ type: 'string', length: 16, nullable: true })
  countryCode: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'text' })
  textKey!: string;
}
