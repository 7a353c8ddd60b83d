import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export type AppRole = 'all' | 'api' | 'worker';

export type DatabaseConfig =
  | { kind: 'sqlite'; url: string; path: string }
  | { kind: 'postgres'; url: string };

export interface AppConfig {
  readonly role: AppRole;
  readonly nodeEnv: string;
  readonly production: boolean;
  readonly port: number;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly redisUrl: string;
  /** Prefix for every Redis key Birlik writes (queues, rate limits, presence). */
  readonly redisPrefix: string;
  readonly jwtSecret: string;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  readonly publicUrl: string;
  readonly corsOrigins: readonly string[];
  readonly logLevel: string;
  readonly logPretty: boolean;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlDays: number;
  readonly invitationTtlHours: number;
  /** Messages one user may send per 10 seconds, across every process. */
  readonly messageRateLimitPer10s: number;
  /** A socket not refreshed for this long counts as gone (its process died). */
  readonly presenceTtlSeconds: number;
  /** Sockets one user may hold open across every process; a new one past it closes their oldest. */
  readonly maxSocketsPerUser: number;
  readonly login: {
    readonly windowSeconds: number;
    readonly maxFailuresPerAccount: number;
    readonly maxAttemptsPerIp: number;
  };
  /** Password-reset requests (`POST /auth/password/forgot`) allowed per address and per IP in one window. */
  readonly passwordReset: {
    readonly windowSeconds: number;
    readonly maxPerAddress: number;
    readonly maxPerIp: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const positiveInt = (fallback: number) =>
  z.coerce.number().int('must be a whole number').positive('must be positive').default(fallback);

const schema = z.object({
  APP_ROLE: z.enum(['all', 'api', 'worker'], { error: 'must be one of all, api, worker' }).default('all'),
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port number (0-65535)').default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'may use letters, digits, ":", "_" and "-"').default('birlik'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().default('Birlik <no-reply@birlik.local>'),
  PUBLIC_URL: z.url('must be a URL such as https://birlik.example.org').optional(),
  CORS_ORIGINS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt(30),
  INVITATION_TTL_HOURS: positiveInt(24 * 7),
  LOGIN_WINDOW_SECONDS: positiveInt(900),
  MESSAGE_RATE_LIMIT_PER_10S: positiveInt(30),
  PRESENCE_TTL_SECONDS: positiveInt(60),
  MAX_SOCKETS_PER_USER: positiveInt(20),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
  LOGIN_MAX_ATTEMPTS_PER_IP: positiveInt(100),
  PASSWORD_RESET_WINDOW_SECONDS: positiveInt(3600),
  PASSWORD_RESET_MAX_PER_ADDRESS: positiveInt(3),
  PASSWORD_RESET_MAX_PER_IP: positiveInt(20),
});

/** Reads the environment once and returns a frozen, typed configuration, or throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}${valueHint(cleaned, i.path[0])}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  const dataDir = resolve(e.DATA_DIR);

  let database: DatabaseConfig;
  const dbUrl = e.DATABASE_URL ?? `sqlite://${e.DATA_DIR.replace(/\/$/, '')}/birlik.sqlite`;
  if (/^postgres(ql)?:\/\//.test(dbUrl)) {
    database = { kind: 'postgres', url: dbUrl };
  } else if (dbUrl.startsWith('sqlite://')) {
    const rest = dbUrl.slice('sqlite://'.length);
    database = { kind: 'sqlite', url: dbUrl, path: rest === ':memory:' ? ':memory:' : isAbsolute(rest) ? rest : resolve(rest) };
  } else {
    problems.push('DATABASE_URL must start with sqlite:// or postgres:// (got an unsupported scheme)');
    database = { kind: 'sqlite', url: dbUrl, path: '' };
  }

  if (e.ADMIN_EMAIL && !e.ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD is required when ADMIN_EMAIL is set');
  if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL) problems.push('ADMIN_EMAIL is required when ADMIN_PASSWORD is set');

  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
    else jwtSecret = readOrCreateSecret(dataDir);
  }

  if (problems.length) throw new ConfigError(problems);

  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const corsOrigins = e.CORS_ORIGINS
    ? e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
    : [new URL(publicUrl).origin];

  return Object.freeze({
    role: e.APP_ROLE,
    nodeEnv: e.NODE_ENV,
    production,
    port: e.PORT,
    dataDir,
    database: Object.freeze(database),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: jwtSecret!,
    adminEmail: e.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl,
    corsOrigins: Object.freeze(corsOrigins),
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_FORMAT ? e.LOG_FORMAT === 'pretty' : !production && Boolean(process.stdout.isTTY),
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    messageRateLimitPer10s: e.MESSAGE_RATE_LIMIT_PER_10S,
    presenceTtlSeconds: e.PRESENCE_TTL_SECONDS,
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    login: Object.freeze({
      windowSeconds: e.LOGIN_WINDOW_SECONDS,
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxAttemptsPerIp: e.LOGIN_MAX_ATTEMPTS_PER_IP,
    }),
    passwordReset: Object.freeze({
      windowSeconds: e.PASSWORD_RESET_WINDOW_SECONDS,
      maxPerAddress: e.PASSWORD_RESET_MAX_PER_ADDRESS,
      maxPerIp: e.PASSWORD_RESET_MAX_PER_IP,
    }),
  });
}

function valueHint(env: Record<string, string | undefined>, key: PropertyKey | undefined): string {
  if (typeof key !== 'string' || /SECRET|PASSWORD/.test(key)) return '';
  const v = env[key];
  return v === undefined ? '' : ` (got "${v.slice(0, 60)}")`;
}

function readOrCreateSecret(dataDir: string): string {
  const file = resolve(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw err;
  }
}
