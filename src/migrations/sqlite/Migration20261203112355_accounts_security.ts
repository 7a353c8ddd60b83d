import { Migration } from '@mikro-orm/migrations';

export class Migration20261203112355_accounts_security extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`settings\` (\`key\` text not null, \`value\` json not null, \`updated_by_id\` text null, \`updated_at\` datetime not null, primary key (\`key\`));`);

    this.addSql(`create table \`recovery_codes\` (\`id\` text not null, \`created_at\` datetime not null, \`user_id\` text not null, \`code_hash\` text not null, \`used_at\` datetime null, constraint \`recovery_codes_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`recovery_codes_user_id_index\` on \`recovery_codes\` (\`user_id\`);`);
    this.addSql(`create index \`recovery_codes_user_id_code_hash_index\` on \`recovery_codes\` (\`user_id\`, \`code_hash\`);`);

    this.addSql(`create table \`password_resets\` (\`id\` text not null, \`created_at\` datetime not null, \`user_id\` text not null, \`token_hash\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`ip\` text null, constraint \`password_resets_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`password_resets_user_id_index\` on \`password_resets\` (\`user_id\`);`);
    this.addSql(`create unique index \`password_resets_token_hash_unique\` on \`password_resets\` (\`token_hash\`);`);

    this.addSql(`alter table \`invitations\` add column \`revoked_at\` datetime null;`);
    this.addSql(`alter table \`invitations\` add column \`send_count\` integer not null default 1;`);
    this.addSql(`create index \`invitations_invited_by_id_index\` on \`invitations\` (\`invited_by_id\`);`);

    this.addSql(`alter table \`users\` add column \`totp_secret\` text null;`);
    this.addSql(`alter table \`users\` add column \`totp_pending_secret\` text null;`);
    this.addSql(`alter table \`users\` add column \`totp_enabled_at\` datetime null;`);
    this.addSql(`alter table \`users\` add column \`totp_last_step\` integer null;`);

    this.addSql(`alter table \`sessions\` add column \`last_seen_at\` datetime null;`);
  }

}
