import type { MikroORM } from '@mikro-orm/core';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';
import * as lockfile from 'proper-lockfile';
import type { DatabaseConfig } from '@lib/config';

// Any fixed 64-bit number: the key of the advisory lock every Birlik process takes while migrating.
const PG_MIGRATION_LOCK = '7301944120553112';

/**
 * Applies pending migrations under a lock so that processes starting together never race:
 * a PostgreSQL advisory lock, or a lock file beside the SQLite database.
 */
export async function migrateWithLock(orm: MikroORM, db: DatabaseConfig): Promise<string[]> {
  const up = async () => (await orm.getMigrator().up()).map((m) => m.name);
  if (db.kind === 'postgres') {
    const client = new Client({ connectionString: db.url });
    client.on('error', () => undefined); // a lost connection fails the query that is waiting on it
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
      return await up();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]).catch(() => undefined);
      await client.end();
    }
  }
  if (db.path === ':memory:') return up();
  mkdirSync(dirname(db.path), { recursive: true });
  const release = await lockfile.lock(db.path, {
    realpath: false,
    lockfilePath: `${db.path}.migrate.lock`,
    stale: 30_000,
    retries: { retries: 120, minTimeout: 250, maxTimeout: 1000 },
  });
  try {
    return await up();
  } finally {
    await release();
  }
}
