import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { APP_CONFIG, type AppConfig } from '@lib/config';

/**
 * Mutual exclusion per key across every process: a chain of promises inside this process, plus a PostgreSQL
 * advisory lock between processes (released by PostgreSQL if the holder dies). On SQLite, which runs one
 * process, the in-process chain is enough.
 */
@Injectable()
export class KeyedLock implements OnModuleDestroy {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pool?: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.database.kind === 'postgres') this.pool = new Pool({ connectionString: config.database.url, max: 10 });
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await this.withAdvisoryLock(key, fn);
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  private async withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (!this.pool) return fn();
    const client = await this.pool.connect();
    const id = advisoryKey(key);
    try {
      await client.query('SELECT pg_advisory_lock($1)', [id]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [id]);
      }
    } finally {
      client.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.end();
  }
}

/** A signed 64-bit key from a string. */
export function advisoryKey(key: string): string {
  return createHash('sha256').update(key).digest().readBigInt64BE(0).toString();
}
