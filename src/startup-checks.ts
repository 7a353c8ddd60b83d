import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { AppConfig } from '@lib/config';
import { redisOptionsFromUrl } from '@lib/redis';

/** Checks Redis and the database before anything starts; returns one line saying what is wrong, or null. */
export async function checkServices(config: AppConfig): Promise<string | null> {
  return (await checkRedis(config.redisUrl)) ?? (await checkDatabase(config));
}

export async function checkRedis(url: string): Promise<string | null> {
  const redis = new Redis({
    ...redisOptionsFromUrl(url),
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: unknown;
  redis.on('error', (err) => (cause ??= err));
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return `Cannot reach Redis at ${url} (${describe(cause ?? err)}). Start it with \`redis-server --daemonize yes\`, or set REDIS_URL to where it runs.`;
  } finally {
    redis.disconnect();
  }
}

export async function checkDatabase(config: AppConfig): Promise<string | null> {
  const db = config.database;
  if (db.kind === 'sqlite') {
    if (db.path === ':memory:') return null;
    try {
      mkdirSync(dirname(db.path), { recursive: true });
      accessSync(dirname(db.path), constants.W_OK);
      return null;
    } catch (err) {
      return `Cannot write the SQLite database at ${db.path} (${describe(err)}). Make its folder writable, or set DATABASE_URL.`;
    }
  }
  const client = new Client({ connectionString: db.url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  const where = safeUrl(db.url);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '3D000') {
      const name = new URL(db.url).pathname.slice(1);
      return `The PostgreSQL database "${name}" does not exist at ${where}. Create it with \`createdb -h 127.0.0.1 -U postgres ${name}\`, or set DATABASE_URL.`;
    }
    return `Cannot reach PostgreSQL at ${where} (${describe(err)}). Start it with \`pg_ctlcluster --skip-systemctl-redirect 15 main start\` (or your system's service manager), or set DATABASE_URL.`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  return e.code ?? e.errors?.[0]?.code ?? e.message ?? String(err);
}

/** The URL without its password. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
