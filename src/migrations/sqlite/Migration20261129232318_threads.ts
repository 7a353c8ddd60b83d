import { Migration } from '@mikro-orm/migrations';

export class Migration20261129232318_threads extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`threads\` (\`id\` text not null, \`created_at\` datetime not null, \`channel_id\` text not null, \`root_message_id\` text not null, \`author_id\` text not null, \`author_country_code\` text null, \`title\` text not null, \`tags\` json not null, \`status\` text not null default 'open', \`solution_message_id\` text null, primary key (\`id\`));`);
    this.addSql(`create unique index \`threads_root_message_id_unique\` on \`threads\` (\`root_message_id\`);`);
    this.addSql(`create index \`threads_channel_id_status_index\` on \`threads\` (\`channel_id\`, \`status\`);`);

    this.addSql(`create table \`thread_follows\` (\`id\` text not null, \`created_at\` datetime not null, \`thread_id\` text not null, \`user_id\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`thread_follows_user_id_index\` on \`thread_follows\` (\`user_id\`);`);
    this.addSql(`create unique index \`thread_follows_thread_id_user_id_unique\` on \`thread_follows\` (\`thread_id\`, \`user_id\`);`);
  }

}
