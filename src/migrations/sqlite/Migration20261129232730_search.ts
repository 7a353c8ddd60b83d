import { Migration } from '@mikro-orm/migrations';

export class Migration20261129232730_search extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`search_docs\` (\`id\` text not null, \`kind\` text not null, \`ref_id\` text not null, \`channel_id\` text not null, \`country_code\` text null, \`created_at\` datetime not null, \`text_key\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`search_docs_channel_id_index\` on \`search_docs\` (\`channel_id\`);`);
    this.addSql(`create unique index \`search_docs_kind_ref_id_unique\` on \`search_docs\` (\`kind\`, \`ref_id\`);`);

    // Full text: an FTS5 index over the folded text, kept in step by triggers (hidden from the schema diff).
    this.addSql(`create virtual table \`search_fts\` using fts5(\`text_key\`, content='search_docs', content_rowid='rowid');`);
    this.addSql(`create trigger \`search_docs_ai\` after insert on \`search_docs\` begin insert into \`search_fts\`(rowid, \`text_key\`) values (new.rowid, new.\`text_key\`); end;`);
    this.addSql(`create trigger \`search_docs_ad\` after delete on \`search_docs\` begin insert into \`search_fts\`(\`search_fts\`, rowid, \`text_key\`) values ('delete', old.rowid, old.\`text_key\`); end;`);
    this.addSql(`create trigger \`search_docs_au\` after update on \`search_docs\` begin insert into \`search_fts\`(\`search_fts\`, rowid, \`text_key\`) values ('delete', old.rowid, old.\`text_key\`); insert into \`search_fts\`(rowid, \`text_key\`) values (new.rowid, new.\`text_key\`); end;`);
  }

}
