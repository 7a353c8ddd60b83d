import { Migration } from '@mikro-orm/migrations';

export class Migration20261129232730_search extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "search_docs" ("id" varchar(36) not null, "kind" varchar(10) not null, "ref_id" varchar(36) not null, "channel_id" varchar(36) not null, "country_code" varchar(16) null, "created_at" timestamptz not null, "text_key" text not null, constraint "search_docs_pkey" primary key ("id"));`);
    this.addSql(`create index "search_docs_channel_id_index" on "search_docs" ("channel_id");`);
    this.addSql(`alter table "search_docs" add constraint "search_docs_kind_ref_id_unique" unique ("kind", "ref_id");`);

    // Full text: a 'simple' tsvector of the folded text in its own GIN-indexed table, kept by a trigger
    // (hidden from the schema diff: src/search/search-doc.entity.ts).
    this.addSql(`create table "search_fts" ("doc_id" varchar(36) not null primary key references "search_docs" ("id") on delete cascade, "tsv" tsvector not null);`);
    this.addSql(`create index "search_fts_tsv_index" on "search_fts" using gin ("tsv");`);
    this.addSql(`create function "search_docs_fts"() returns trigger language plpgsql as $$ begin insert into "search_fts" ("doc_id", "tsv") values (new."id", to_tsvector('simple', new."text_key")) on conflict ("doc_id") do update set "tsv" = excluded."tsv"; return new; end $$;`);
    this.addSql(`create trigger "search_docs_fts" after insert or update of "text_key" on "search_docs" for each row execute function "search_docs_fts"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "search_fts" cascade;`);
    this.addSql(`drop function if exists "search_docs_fts"() cascade;`);
    this.addSql(`drop table if exists "search_docs" cascade;`);
  }

}
