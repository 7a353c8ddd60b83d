import { Migration } from '@mikro-orm/migrations';

export class Migration20261203112354_accounts_security extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "settings" ("key" varchar(64) not null, "value" jsonb not null, "updated_by_id" varchar(36) null, "updated_at" timestamptz not null, constraint "settings_pkey" primary key ("key"));`);

    this.addSql(`create table "recovery_codes" ("id" varchar(36) not null, "created_at" timestamptz not null, "user_id" varchar(36) not null, "code_hash" varchar(64) not null, "used_at" timestamptz null, constraint "recovery_codes_pkey" primary key ("id"));`);
    this.addSql(`create index "recovery_codes_user_id_code_hash_index" on "recovery_codes" ("user_id", "code_hash");`);

    this.addSql(`create table "password_resets" ("id" varchar(36) not null, "created_at" timestamptz not null, "user_id" varchar(36) not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "ip" varchar(64) null, constraint "password_resets_pkey" primary key ("id"));`);
    this.addSql(`create index "password_resets_user_id_index" on "password_resets" ("user_id");`);
    this.addSql(`alter table "password_resets" add constraint "password_resets_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "recovery_codes" add constraint "recovery_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "password_resets" add constraint "password_resets_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "invitations" add column "revoked_at" timestamptz null, add column "send_count" int not null default 1;`);
    this.addSql(`create index "invitations_invited_by_id_index" on "invitations" ("invited_by_id");`);

    this.addSql(`alter table "users" add column "totp_secret" varchar(200) null, add column "totp_pending_secret" varchar(200) null, add column "totp_enabled_at" timestamptz null, add column "totp_last_step" int null;`);

    this.addSql(`alter table "sessions" add column "last_seen_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "settings" cascade;`);

    this.addSql(`drop table if exists "recovery_codes" cascade;`);

    this.addSql(`drop table if exists "password_resets" cascade;`);

    this.addSql(`drop index "invitations_invited_by_id_index";`);
    this.addSql(`alter table "invitations" drop column "revoked_at", drop column "send_count";`);

    this.addSql(`alter table "sessions" drop column "last_seen_at";`);

    this.addSql(`alter table "users" drop column "totp_secret", drop column "totp_pending_secret", drop column "totp_enabled_at", drop column "totp_last_step";`);
  }

}
