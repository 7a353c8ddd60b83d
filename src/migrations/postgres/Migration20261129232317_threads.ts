import { Migration } from '@mikro-orm/migrations';

export class Migration20261129232317_threads extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "threads" ("id" varchar(36) not null, "created_at" timestamptz not null, "channel_id" varchar(36) not null, "root_message_id" varchar(36) not null, "author_id" varchar(36) not null, "author_country_code" varchar(16) null, "title" varchar(300) not null, "tags" jsonb not null, "status" varchar(10) not null default 'open', "solution_message_id" varchar(36) null, constraint "threads_pkey" primary key ("id"));`);
    this.addSql(`alter table "threads" add constraint "threads_root_message_id_unique" unique ("root_message_id");`);
    this.addSql(`create index "threads_channel_id_status_index" on "threads" ("channel_id", "status");`);

    this.addSql(`create table "thread_follows" ("id" varchar(36) not null, "created_at" timestamptz not null, "thread_id" varchar(36) not null, "user_id" varchar(36) not null, constraint "thread_follows_pkey" primary key ("id"));`);
    this.addSql(`create index "thread_follows_user_id_index" on "thread_follows" ("user_id");`);
    this.addSql(`alter table "thread_follows" add constraint "thread_follows_thread_id_user_id_unique" unique ("thread_id", "user_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "threads" cascade;`);

    this.addSql(`drop table if exists "thread_follows" cascade;`);
  }

}
