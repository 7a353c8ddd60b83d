import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { loadConfig, type AppConfig } from '@lib/config';
import type { Role, WireMe } from '@lib/contract';
import { JobQueue } from '@lib/queue';
import { createHttpApp } from '../../src/app.factory';
import { StartupService } from '../../src/startup.service';

export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: WireMe;
  password: string;
}

/** A throw-away database (PostgreSQL or SQLite, as TEST_DB says) and Redis prefix. */
export interface TestEnv {
  kind: 'postgres' | 'sqlite';
  id: string;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function createTestEnv(kind = (process.env.TEST_DB ?? 'postgres') as 'postgres' | 'sqlite'): Promise<TestEnv> {
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'birlik-test-'));
  let databaseUrl: string;
  const dbName = `birlik_test_${id}`;
  if (kind === 'postgres') {
    await withPg((c) => c.query(`CREATE DATABASE ${dbName}`));
    const u = new URL(TEST_PG_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  } else {
    databaseUrl = `sqlite://${join(dataDir, 'birlik.sqlite')}`;
  }
  const prefix = `test:${id}`;
  return {
    kind,
    id,
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-secret-'.padEnd(48, 'x'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LOG_FORMAT: 'json',
      PORT: '0',
    },
    async dispose() {
      if (kind === 'postgres') await withPg((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
      await deleteRedisPrefix(prefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function withPg<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export class TestApp {
  private adminSession?: Session;
  private seq = 0;

  private constructor(
    readonly app: NestExpressApplication,
    readonly config: AppConfig,
    readonly env: TestEnv,
    readonly url: string,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<TestApp> {
    const env = await createTestEnv();
    const config = loadConfig({ ...env.env, ...overrides });
    const app = await createHttpApp(config);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    return new TestApp(app, config, env, `http://127.0.0.1:${port}`);
  }

  http() {
    return request(this.url);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.env.dispose();
  }

  /** A unique string for names and e-mails in this test run. */
  unique(label = 'x'): string {
    return `${label}${++this.seq}${randomBytes(3).toString('hex')}`;
  }

  /** The first admin, created through the one-time setup link that start-up printed. */
  async admin(): Promise<Session> {
    if (this.adminSession) return this.adminSession;
    const link = this.app.get(StartupService).setupLink;
    if (!link) throw new Error('no setup link: an admin exists already');
    const token = new URL(link).searchParams.get('token');
    const password = 'admin-password-1';
    const res = await this.http()
      .post('/api/v1/setup')
      .send({ token, email: 'admin@birlik.test', password, displayName: 'Admin' })
      .expect(201);
    this.adminSession = { ...res.body, password };
    return this.adminSession!;
  }

  async createMember(body: Partial<{ name: string; kind: string; countryCode: string; city: string }> = {}) {
    const admin = await this.admin();
    const res = await this.http()
      .post('/api/v1/members')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ name: this.unique('Belediye '), kind: 'municipality', countryCode: 'TR', ...body })
      .expect(201);
    return res.body as { id: string; name: string; kind: string; countryCode: string; city: string | null };
  }

  /** Invites (as admin) and registers a user; returns their session. */
  async user(opts: { role?: Role; memberId?: string; countryCode?: string; displayName?: string; locale?: string; timeZone?: string } = {}): Promise<Session> {
    const admin = await this.admin();
    const memberId = opts.memberId ?? (await this.createMember({ countryCode: opts.countryCode ?? 'TR' })).id;
    const email = `${this.unique('user')}@birlik.test`;
    const inv = await this.http()
      .post('/api/v1/invitations')
      .auth(admin.accessToken, { type: 'bearer' })
      .send({ email, memberId, role: opts.role ?? 'official' })
      .expect(201);
    const password = 'correct-horse-battery';
    const res = await this.http()
      .post('/api/v1/auth/register')
      .send({
        token: inv.body.token,
        password,
        displayName: opts.displayName ?? this.unique('User '),
        ...(opts.locale ? { locale: opts.locale } : {}),
        ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
      })
      .expect(201);
    return { ...res.body, password };
  }
}

/** Waits until no queue has waiting or active jobs (delayed ones may stay). */
export async function waitForQueuesIdle(t: TestApp, timeoutMs = 30_000): Promise<void> {
  const queues = t.app.get(JobQueue).allQueues();
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (Date.now() < deadline) {
    const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')));
    const busy = counts.some((c) => Object.values(c).some((n) => n > 0));
    quietRounds = busy ? 0 : quietRounds + 1;
    if (quietRounds >= 3) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('queues did not become idle');
}
