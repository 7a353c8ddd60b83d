import { Migration } from '@mikro-orm/migrations';

export class Migration20261129220002_init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`audit_events\` (\`id\` text not null, \`created_at\` datetime not null, \`action\` text not null, \`actor_id\` text null, \`target_type\` text null, \`target_id\` text null, \`ip\` text null, \`details\` json null, primary key (\`id\`));`);
    this.addSql(`create index \`audit_events_action_index\` on \`audit_events\` (\`action\`);`);
    this.addSql(`create index \`audit_events_actor_id_index\` on \`audit_events\` (\`actor_id\`);`);

    this.addSql(`create table \`channels\` (\`id\` text not null, \`created_at\` datetime not null, \`kind\` text not null, \`name\` text not null, \`description\` text null, \`visibility\` text not null default 'public', \`country_code\` text null, \`system_key\` text null, \`created_by_id\` text null, \`last_seq\` integer not null default 0, \`version\` integer not null default 0, primary key (\`id\`));`);
    this.addSql(`create index \`channels_kind_index\` on \`channels\` (\`kind\`);`);
    this.addSql(`create unique index \`channels_country_code_unique\` on \`channels\` (\`country_code\`);`);
    this.addSql(`create unique index \`channels_system_key_unique\` on \`channels\` (\`system_key\`);`);

    this.addSql(`create table \`countries\` (\`code\` text not null, \`name\` text not null, \`names\` json not null, \`languages\` json not null, \`time_zones\` json not null, \`membership\` text not null, \`created_at\` datetime not null, primary key (\`code\`));`);

    this.addSql(`create table \`members\` (\`id\` text not null, \`created_at\` datetime not null, \`name\` text not null, \`kind\` text not null, \`country_code\` text not null, \`city\` text null, \`search_text\` text not null default '', \`updated_at\` datetime not null, constraint \`members_country_code_foreign\` foreign key(\`country_code\`) references \`countries\`(\`code\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`members_kind_index\` on \`members\` (\`kind\`);`);
    this.addSql(`create index \`members_country_code_index\` on \`members\` (\`country_code\`);`);
    this.addSql(`create unique index \`members_country_code_name_unique\` on \`members\` (\`country_code\`, \`name\`);`);

    this.addSql(`create table \`invitations\` (\`id\` text not null, \`created_at\` datetime not null, \`email\` text not null, \`member_id\` text not null, \`role\` text not null, \`token_hash\` text not null, \`invited_by_id\` text not null, \`expires_at\` datetime not null, \`accepted_at\` datetime null, constraint \`invitations_member_id_foreign\` foreign key(\`member_id\`) references \`members\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`invitations_email_index\` on \`invitations\` (\`email\`);`);
    this.addSql(`create index \`invitations_member_id_index\` on \`invitations\` (\`member_id\`);`);
    this.addSql(`create unique index \`invitations_token_hash_unique\` on \`invitations\` (\`token_hash\`);`);

    this.addSql(`create table \`setup_tokens\` (\`id\` text not null, \`created_at\` datetime not null, \`token_hash\` text not null, \`used_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create unique index \`setup_tokens_token_hash_unique\` on \`setup_tokens\` (\`token_hash\`);`);

    this.addSql(`create table \`users\` (\`id\` text not null, \`created_at\` datetime not null, \`email\` text not null, \`password_hash\` text not null, \`display_name\` text not null, \`title\` text null, \`role\` text not null default 'official', \`member_id\` text null, \`country_code\` text null, \`locale\` text not null default 'en', \`time_zone\` text not null default 'UTC', \`deactivated\` integer not null default false, \`deactivated_at\` datetime null, \`notification_prefs\` json not null, \`search_text\` text not null default '', \`updated_at\` datetime not null, constraint \`users_member_id_foreign\` foreign key(\`member_id\`) references \`members\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
    this.addSql(`create index \`users_role_index\` on \`users\` (\`role\`);`);
    this.addSql(`create index \`users_member_id_index\` on \`users\` (\`member_id\`);`);
    this.addSql(`create index \`users_country_code_index\` on \`users\` (\`country_code\`);`);

    this.addSql(`create table \`sessions\` (\`id\` text not null, \`created_at\` datetime not null, \`user_id\` text not null, \`revoked_at\` datetime null, \`revoked_reason\` text null, \`ip\` text null, \`user_agent\` text null, constraint \`sessions_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);
    this.addSql(`create index \`sessions_revoked_at_index\` on \`sessions\` (\`revoked_at\`);`);

    this.addSql(`create table \`refresh_tokens\` (\`id\` text not null, \`created_at\` datetime not null, \`session_id\` text not null, \`token_hash\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, constraint \`refresh_tokens_session_id_foreign\` foreign key(\`session_id\`) references \`sessions\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`refresh_tokens_session_id_index\` on \`refresh_tokens\` (\`session_id\`);`);
    this.addSql(`create unique index \`refresh_tokens_token_hash_unique\` on \`refresh_tokens\` (\`token_hash\`);`);

    this.addSql(`create table \`channel_members\` (\`id\` text not null, \`created_at\` datetime not null, \`channel_id\` text not null, \`user_id\` text not null, \`role\` text not null default 'member', \`last_read_seq\` integer not null default 0, constraint \`channel_members_channel_id_foreign\` foreign key(\`channel_id\`) references \`channels\`(\`id\`) on delete cascade on update cascade, constraint \`channel_members_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`channel_members_channel_id_index\` on \`channel_members\` (\`channel_id\`);`);
    this.addSql(`create index \`channel_members_user_id_index\` on \`channel_members\` (\`user_id\`);`);
    this.addSql(`create unique index \`channel_members_channel_id_user_id_unique\` on \`channel_members\` (\`channel_id\`, \`user_id\`);`);
  }

}
