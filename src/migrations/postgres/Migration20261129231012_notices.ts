import { Migration } from '@mikro-orm/migrations';

export class Migration20261129231012_notices extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notices" ("id" varchar(36) not null, "created_at" timestamptz not null, "author_id" varchar(36) not null, "title" varchar(300) not null, "body" text not null, "language" varchar(35) not null, "translations" jsonb not null, "priority" varchar(10) not null, "audience" jsonb not null, "requires_ack" boolean not null, "scheduled_at" timestamptz null, "deliver_at_local_time" jsonb null, "remind_after_hours" int null, "status" varchar(10) not null default 'scheduled', "recipient_count" int not null default 0, "pending_zones" jsonb not null, "message_id" varchar(36) null, "sent_at" timestamptz null, constraint "notices_pkey" primary key ("id"));`);
    this.addSql(`create index "notices_author_id_index" on "notices" ("author_id");`);

    this.addSql(`create table "notice_recipients" ("id" varchar(36) not null, "created_at" timestamptz not null, "notice_id" varchar(36) not null, "user_id" varchar(36) not null, "country_code" varchar(16) null, "member_id" varchar(36) null, "read_at" timestamptz null, "acked_at" timestamptz null, "reminded_at" timestamptz null, constraint "notice_recipients_pkey" primary key ("id"));`);
    this.addSql(`create index "notice_recipients_user_id_notice_id_index" on "notice_recipients" ("user_id", "notice_id");`);
    this.addSql(`alter table "notice_recipients" add constraint "notice_recipients_notice_id_user_id_unique" unique ("notice_id", "user_id");`);

    this.addSql(`create table "notifications" ("id" varchar(36) not null, "created_at" timestamptz not null, "user_id" varchar(36) not null, "kind" varchar(30) not null, "source_key" varchar(120) not null, "channel_id" varchar(36) null, "message_id" varchar(36) null, "notice_id" varchar(36) null, "title" varchar(300) not null, "snippet" text not null, "urgent" boolean not null default false, "read_at" timestamptz null, "pushed_at" timestamptz null, "email_state" varchar(10) not null default 'none', "emailed_at" timestamptz null, constraint "notifications_pkey" primary key ("id"));`);
    this.addSql(`create index "notifications_email_state_index" on "notifications" ("email_state");`);
    this.addSql(`create index "notifications_user_id_read_at_index" on "notifications" ("user_id", "read_at");`);
    this.addSql(`alter table "notifications" add constraint "notifications_user_id_source_key_unique" unique ("user_id", "source_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notices" cascade;`);

    this.addSql(`drop table if exists "notice_recipients" cascade;`);

    this.addSql(`drop table if exists "notifications" cascade;`);
  }

}
