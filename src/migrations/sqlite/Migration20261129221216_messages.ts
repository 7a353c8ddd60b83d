import { Migration } from '@mikro-orm/migrations';

export class Migration20261129221216_messages extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`message_mentions\` (\`id\` text not null, \`created_at\` datetime not null, \`message_id\` text not null, \`user_id\` text not null, \`channel_id\` text not null, \`seq\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`message_mentions_user_id_channel_id_seq_index\` on \`message_mentions\` (\`user_id\`, \`channel_id\`, \`seq\`);`);
    this.addSql(`create unique index \`message_mentions_message_id_user_id_unique\` on \`message_mentions\` (\`message_id\`, \`user_id\`);`);

    this.addSql(`create table \`messages\` (\`id\` text not null, \`created_at\` datetime not null, \`channel_id\` text not null, \`seq\` integer not null, \`version\` integer not null, \`author_id\` text not null, \`client_id\` text not null, \`body\` text null, \`thread_id\` text null, \`edited_at\` datetime null, \`deleted_at\` datetime null, \`mentions\` json not null, \`reactions\` json not null, \`reply_count\` integer not null default 0, \`last_reply_at\` datetime null, constraint \`messages_channel_id_foreign\` foreign key(\`channel_id\`) references \`channels\`(\`id\`) on delete cascade on update cascade, constraint \`messages_author_id_foreign\` foreign key(\`author_id\`) references \`users\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`messages_channel_id_index\` on \`messages\` (\`channel_id\`);`);
    this.addSql(`create index \`messages_author_id_index\` on \`messages\` (\`author_id\`);`);
    this.addSql(`create index \`messages_thread_id_index\` on \`messages\` (\`thread_id\`);`);
    this.addSql(`create index \`messages_channel_id_version_index\` on \`messages\` (\`channel_id\`, \`version\`);`);
    this.addSql(`create unique index \`messages_author_id_client_id_unique\` on \`messages\` (\`author_id\`, \`client_id\`);`);
    this.addSql(`create unique index \`messages_channel_id_seq_unique\` on \`messages\` (\`channel_id\`, \`seq\`);`);

    this.addSql(`alter table \`users\` add column \`name_key\` text not null default '';`);
    this.addSql(`create index \`users_name_key_index\` on \`users\` (\`name_key\`);`);
    // Users made before this migration: a lower-cased name until they next change it.
    this.addSql(`update \`users\` set \`name_key\` = lower(\`display_name\`);`);
  }

}
