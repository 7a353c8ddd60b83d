import { Migration } from '@mikro-orm/migrations';

export class Migration20261203111648_channels_archive extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`channels\` add column \`archived_at\` datetime null;`);
  }

}
