import { Migration } from '@mikro-orm/migrations';

export class Migration20261129221216_messages extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "message_mentions" ("id" varchar(36) not null, "created_at" timestamptz not null, "message_id" varchar(36) not null, "user_id" varchar(36) not null, "channel_id" varchar(36) not null, "seq" int not null, constraint "message_mentions_pkey" primary key ("id"));`);
    this.addSql(`create index "message_mentions_user_id_channel_id_seq_index" on "message_mentions" ("user_id", "channel_id", "seq");`);
    this.addSql(`alter table "message_mentions" add constraint "message_mentions_message_id_user_id_unique" unique ("message_id", "user_id");`);

    this.addSql(`create table "messages" ("id" varchar(36) not null, "created_at" timestamptz not null, "channel_id" varchar(36) not null, "seq" int not null, "version" int not null, "author_id" varchar(36) not null, "client_id" varchar(64) not null, "body" text null, "thread_id" varchar(36) null, "edited_at" timestamptz null, "deleted_at" timestamptz null, "mentions" jsonb not null, "reactions" jsonb not null, "reply_count" int not null default 0, "last_reply_at" timestamptz null, constraint "messages_pkey" primary key ("id"));`);
    this.addSql(`create index "messages_thread_id_index" on "messages" ("thread_id");`);
    this.addSql(`create index "messages_channel_id_version_index" on "messages" ("channel_id", "version");`);
    this.addSql(`alter table "messages" add constraint "messages_author_id_client_id_unique" unique ("author_id", "client_id");`);
    this.addSql(`alter table "messages" add constraint "messages_channel_id_seq_unique" unique ("channel_id", "seq");`);

    this.addSql(`alter table "messages" add constraint "messages_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "messages" add constraint "messages_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade;`);

    this.addSql(`alter table "users" add column "name_key" varchar(200) not null default '';`);
    this.addSql(`create index "users_name_key_index" on "users" ("name_key");`);
    // Users made before this migration: a lower-cased name until they next change it.
    this.addSql(`update "users" set "name_key" = lower("display_name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "message_mentions" cascade;`);

    this.addSql(`drop table if exists "messages" cascade;`);

    this.addSql(`drop index "users_name_key_index";`);
    this.addSql(`alter table "users" drop column "name_key";`);
  }

}
