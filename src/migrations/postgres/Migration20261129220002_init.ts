import { Migration } from '@mikro-orm/migrations';

export class Migration20261129220002_init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_events" ("id" varchar(36) not null, "created_at" timestamptz not null, "action" varchar(40) not null, "actor_id" varchar(36) null, "target_type" varchar(20) null, "target_id" varchar(320) null, "ip" varchar(64) null, "details" jsonb null, constraint "audit_events_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_events_action_index" on "audit_events" ("action");`);
    this.addSql(`create index "audit_events_actor_id_index" on "audit_events" ("actor_id");`);

    this.addSql(`create table "channels" ("id" varchar(36) not null, "created_at" timestamptz not null, "kind" varchar(20) not null, "name" varchar(200) not null, "description" text null, "visibility" varchar(10) not null default 'public', "country_code" varchar(16) null, "system_key" varchar(40) null, "created_by_id" varchar(36) null, "last_seq" int not null default 0, "version" int not null default 0, constraint "channels_pkey" primary key ("id"));`);
    this.addSql(`create index "channels_kind_index" on "channels" ("kind");`);
    this.addSql(`alter table "channels" add constraint "channels_country_code_unique" unique ("country_code");`);
    this.addSql(`alter table "channels" add constraint "channels_system_key_unique" unique ("system_key");`);

    this.addSql(`create table "countries" ("code" varchar(16) not null, "name" varchar(200) not null, "names" jsonb not null, "languages" jsonb not null, "time_zones" jsonb not null, "membership" varchar(32) not null, "created_at" timestamptz not null, constraint "countries_pkey" primary key ("code"));`);

    this.addSql(`create table "members" ("id" varchar(36) not null, "created_at" timestamptz not null, "name" varchar(300) not null, "kind" varchar(40) not null, "country_code" varchar(16) not null, "city" varchar(200) null, "search_text" text not null default '', "updated_at" timestamptz not null, constraint "members_pkey" primary key ("id"));`);
    this.addSql(`create index "members_kind_index" on "members" ("kind");`);
    this.addSql(`alter table "members" add constraint "members_country_code_name_unique" unique ("country_code", "name");`);

    this.addSql(`create table "invitations" ("id" varchar(36) not null, "created_at" timestamptz not null, "email" varchar(320) not null, "member_id" varchar(36) not null, "role" varchar(20) not null, "token_hash" varchar(64) not null, "invited_by_id" varchar(36) not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, constraint "invitations_pkey" primary key ("id"));`);
    this.addSql(`create index "invitations_email_index" on "invitations" ("email");`);
    this.addSql(`alter table "invitations" add constraint "invitations_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "setup_tokens" ("id" varchar(36) not null, "created_at" timestamptz not null, "token_hash" varchar(64) not null, "used_at" timestamptz null, constraint "setup_tokens_pkey" primary key ("id"));`);
    this.addSql(`alter table "setup_tokens" add constraint "setup_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "users" ("id" varchar(36) not null, "created_at" timestamptz not null, "email" varchar(320) not null, "password_hash" varchar(200) not null, "display_name" varchar(100) not null, "title" varchar(200) null, "role" varchar(20) not null default 'official', "member_id" varchar(36) null, "country_code" varchar(16) null, "locale" varchar(35) not null default 'en', "time_zone" varchar(64) not null default 'UTC', "deactivated" boolean not null default false, "deactivated_at" timestamptz null, "notification_prefs" jsonb not null, "search_text" text not null default '', "updated_at" timestamptz not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`create index "users_role_index" on "users" ("role");`);
    this.addSql(`create index "users_country_code_index" on "users" ("country_code");`);

    this.addSql(`create table "sessions" ("id" varchar(36) not null, "created_at" timestamptz not null, "user_id" varchar(36) not null, "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, "ip" varchar(64) null, "user_agent" varchar(300) null, constraint "sessions_pkey" primary key ("id"));`);
    this.addSql(`create index "sessions_revoked_at_index" on "sessions" ("revoked_at");`);

    this.addSql(`create table "refresh_tokens" ("id" varchar(36) not null, "created_at" timestamptz not null, "session_id" varchar(36) not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "refresh_tokens_pkey" primary key ("id"));`);
    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "channel_members" ("id" varchar(36) not null, "created_at" timestamptz not null, "channel_id" varchar(36) not null, "user_id" varchar(36) not null, "role" varchar(10) not null default 'member', "last_read_seq" int not null default 0, constraint "channel_members_pkey" primary key ("id"));`);
    this.addSql(`alter table "channel_members" add constraint "channel_members_channel_id_user_id_unique" unique ("channel_id", "user_id");`);

    this.addSql(`alter table "members" add constraint "members_country_code_foreign" foreign key ("country_code") references "countries" ("code") on update cascade;`);

    this.addSql(`alter table "invitations" add constraint "invitations_member_id_foreign" foreign key ("member_id") references "members" ("id") on update cascade;`);

    this.addSql(`alter table "users" add constraint "users_member_id_foreign" foreign key ("member_id") references "members" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "channel_members" add constraint "channel_members_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "channel_members" add constraint "channel_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "channel_members" drop constraint "channel_members_channel_id_foreign";`);

    this.addSql(`alter table "members" drop constraint "members_country_code_foreign";`);

    this.addSql(`alter table "invitations" drop constraint "invitations_member_id_foreign";`);

    this.addSql(`alter table "users" drop constraint "users_member_id_foreign";`);

    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(`alter table "channel_members" drop constraint "channel_members_user_id_foreign";`);

    this.addSql(`alter table "refresh_tokens" drop constraint "refresh_tokens_session_id_foreign";`);

    this.addSql(`drop table if exists "audit_events" cascade;`);

    this.addSql(`drop table if exists "channels" cascade;`);

    this.addSql(`drop table if exists "countries" cascade;`);

    this.addSql(`drop table if exists "members" cascade;`);

    this.addSql(`drop table if exists "invitations" cascade;`);

    this.addSql(`drop table if exists "setup_tokens" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "refresh_tokens" cascade;`);

    this.addSql(`drop table if exists "channel_members" cascade;`);
  }

}
