import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const SECRET = 'x'.repeat(40);

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const c = loadConfig({ DATA_DIR: dataDir });
    expect(c).toMatchObject({
      role: 'all',
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      publicUrl: 'http://localhost:3000',
      corsOrigins: ['http://localhost:3000'],
      database: { kind: 'sqlite', path: join(dataDir, 'birlik.sqlite') },
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('generates JWT_SECRET once and keeps it in the data folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const a = loadConfig({ DATA_DIR: dataDir });
    const b = loadConfig({ DATA_DIR: dataDir });
    expect(a.jwtSecret).toHaveLength(64);
    expect(b.jwtSecret).toBe(a.jwtSecret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(a.jwtSecret);
  });

  it('selects PostgreSQL from a postgres:// URL and SQLite from relative and absolute sqlite:// URLs', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'postgresql://u@h/db' }).database.kind).toBe('postgres');
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'sqlite:///var/lib/b.sqlite' }).database).toMatchObject({ path: '/var/lib/b.sqlite' });
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'sqlite://./x/b.sqlite' }).database).toMatchObject({ path: join(process.cwd(), 'x/b.sqlite') });
  });

  it('names every bad setting, one line each', () => {
    const p = problems({ PORT: 'abc', APP_ROLE: 'both', REDIS_URL: 'http://x', ADMIN_EMAIL: 'nope', SMTP_URL: 'mail.example.org', DATABASE_URL: 'mysql://x' });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT must be a whole number|^PORT /),
        expect.stringMatching(/^APP_ROLE must be one of all, api, worker \(got "both"\)/),
        expect.stringMatching(/^REDIS_URL must start with redis:\/\//),
        expect.stringMatching(/^ADMIN_EMAIL must be an e-mail address/),
        expect.stringMatching(/^SMTP_URL must start with smtp:\/\//),
      ]),
    );
    expect(problems({ JWT_SECRET: SECRET, DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL must start with sqlite:// or postgres:// (got an unsupported scheme)']);
  });

  it('requires JWT_SECRET in production, and both admin settings together', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET is required when NODE_ENV=production (at least 32 characters)']);
    expect(problems({ JWT_SECRET: 'short' })).toEqual([expect.stringMatching(/^JWT_SECRET must be at least 32 characters$/)]);
    expect(problems({ JWT_SECRET: SECRET, ADMIN_EMAIL: 'a@b.org' })).toEqual(['ADMIN_PASSWORD is required when ADMIN_EMAIL is set']);
  });

  it('never echoes secrets in errors', () => {
    expect(problems({ JWT_SECRET: 'hunter2' }).join()).not.toContain('hunter2');
    expect(problems({ JWT_SECRET: SECRET, ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'pw' }).join()).not.toContain('"pw"');
  });

  it('treats empty variables as unset and reads CORS_ORIGINS and PUBLIC_URL', () => {
    const c = loadConfig({ JWT_SECRET: SECRET, PORT: '', PUBLIC_URL: 'https://birlik.example.org/', CORS_ORIGINS: 'https://a.org, https://b.org' });
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('https://birlik.example.org');
    expect(c.corsOrigins).toEqual(['https://a.org', 'https://b.org']);
  });
});
