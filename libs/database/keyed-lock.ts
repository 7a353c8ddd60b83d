import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { APP_CONFIG, type AppConfig } from '@lib/config';

/**
 * Mutual exclusion per key across every process: a chain of promises inside this process, plus a PostgreSQL
 * advisory lock between processes (released by PostgreSQL if the holder dies). On SQLite, which runs one
 * process, the in-process chain is enough.
 */
@Injectable()
export class KeyedLock implements OnModuleDestroy {
  private readonly logger = new Logger('KeyedLock');
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pool?: Pool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.database.kind === 'postgres') {
      this.pool = new Pool({ connectionString: config.database.url, max: 10, connectionTimeoutMillis: 5000 });
      // An idle client that loses its connection (PostgreSQL restarting) is dropped by the pool; without a
      // handler the pool's `error` event would end the process.
      this.pool.on('error', (err) => this.logger.warn({ err: { message: err.message } }, 'idle PostgreSQL connection lost'));
    }
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
    const client: PoolClient = await this.pool.connect();
    // While checked out, a connection lost between queries emits `error` on the client itself.
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    const id = advisoryKey(key);
    try {
      await client.query('SELECT pg_advisory_lock($1)', [id]);
      try {
        return await fn();
      } finally {
        // A lost connection has lost its lock too; the unlock can only fail then.
        if (!broken) await client.query('SELECT pg_advisory_unlock($1)', [id]).catch((err: Error) => (broken = err));
      }
    } finally {
      client.off('error', onError);
      client.release(broken);
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
