import { Migration } from '@mikro-orm/migrations';

export class Migration20261129231013_notices extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`notices\` (\`id\` text not null, \`created_at\` datetime not null, \`author_id\` text not null, \`title\` text not null, \`body\` text not null, \`language\` text not null, \`translations\` json not null, \`priority\` text not null, \`audience\` json not null, \`requires_ack\` integer not null, \`scheduled_at\` datetime null, \`deliver_at_local_time\` json null, \`remind_after_hours\` integer null, \`status\` text not null default 'scheduled', \`recipient_count\` integer not null default 0, \`pending_zones\` json not null, \`message_id\` text null, \`sent_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notices_author_id_index\` on \`notices\` (\`author_id\`);`);

    this.addSql(`create table \`notice_recipients\` (\`id\` text not null, \`created_at\` datetime not null, \`notice_id\` text not null, \`user_id\` text not null, \`country_code\` text null, \`member_id\` text null, \`read_at\` datetime null, \`acked_at\` datetime null, \`reminded_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notice_recipients_user_id_notice_id_index\` on \`notice_recipients\` (\`user_id\`, \`notice_id\`);`);
    this.addSql(`create unique index \`notice_recipients_notice_id_user_id_unique\` on \`notice_recipients\` (\`notice_id\`, \`user_id\`);`);

    this.addSql(`create table \`notifications\` (\`id\` text not null, \`created_at\` datetime not null, \`user_id\` text not null, \`kind\` text not null, \`source_key\` text not null, \`channel_id\` text null, \`message_id\` text null, \`notice_id\` text null, \`title\` text not null, \`snippet\` text not null, \`urgent\` integer not null default false, \`read_at\` datetime null, \`pushed_at\` datetime null, \`email_state\` text not null default 'none', \`emailed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`notifications_email_state_index\` on \`notifications\` (\`email_state\`);`);
    this.addSql(`create index \`notifications_user_id_read_at_index\` on \`notifications\` (\`user_id\`, \`read_at\`);`);
    this.addSql(`create unique index \`notifications_user_id_source_key_unique\` on \`notifications\` (\`user_id\`, \`source_key\`);`);
  }

}
