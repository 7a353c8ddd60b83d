import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import type { MigrationObject, Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseConfig } from '@lib/config';

export interface OrmSetup {
  entities: Options['entities'];
  /** Migrations per dialect, in order. */
  migrations: { postgres: MigrationObject[]; sqlite: MigrationObject[] };
}

/** MikroORM options for SQLite (default) or PostgreSQL, chosen by DATABASE_URL. */
export function ormOptions(db: DatabaseConfig, setup: OrmSetup): Options {
  const common: Options = {
    entities: setup.entities,
    extensions: [Migrator],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
    // Full-text index objects made by hand-written migrations (see src/search/search-doc.entity.ts).
    schemaGenerator: { skipTables: [/^search_fts/] },
    migrations: {
      migrationsList: db.kind === 'postgres' ? setup.migrations.postgres : setup.migrations.sqlite,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
      tableName: 'mikro_orm_migrations',
    },
  };
  if (db.kind === 'postgres') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: db.url,
      pool: { min: 0, max: 10 },
    } as Options;
  }
  return {
    ...common,
    driver: BetterSqliteDriver,
    dbName: db.path,
    pool: {
      afterCreate: (conn: { pragma(sql: string): unknown }, done: (err: unknown, conn: unknown) => void) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 10000');
        conn.pragma('foreign_keys = ON');
        done(null, conn);
      },
    },
  } as Options;
}
