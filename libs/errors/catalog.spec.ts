import { AppError, codeForStatus, ERROR_CATALOG, isUnavailableError, reasonPhrase, socketCodeForStatus, toAppError } from './catalog';

describe('error catalog', () => {
  it('gives every error an HTTP status, a socket code and a message', () => {
    for (const [key, entry] of Object.entries(ERROR_CATALOG)) {
      expect({ key, ok: entry.status >= 400 && entry.status < 600 && entry.message.length > 0 }).toEqual({ key, ok: true });
      expect(socketCodeForStatus(entry.status)).toMatch(/^(bad_request|unauthorized|forbidden|not_found|conflict|rate_limited|unavailable|internal)$/);
    }
  });

  it('maps the contract socket codes', () => {
    expect(socketCodeForStatus(400)).toBe('bad_request');
    expect(socketCodeForStatus(403)).toBe('forbidden');
    expect(socketCodeForStatus(404)).toBe('not_found');
    expect(socketCodeForStatus(429)).toBe('rate_limited');
    expect(socketCodeForStatus(500)).toBe('internal');
    expect(socketCodeForStatus(503)).toBe('unavailable');
    expect(codeForStatus(413)).toBe('payload_too_large');
    expect(codeForStatus(415)).toBe('unsupported_media_type');
    expect(codeForStatus(404)).toBe('not_found');
  });

  it('recognises database and Redis outages, also wrapped, and nothing else', () => {
    const outages: unknown[] = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], ''),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
      Object.assign(new Error('select 1 - failed'), { name: 'DriverException', previous: new Error('Connection terminated') }),
      new Error('Connection is closed.'),
      Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
    ];
    for (const e of outages) expect({ e: String(e), outage: isUnavailableError(e) }).toEqual({ e: String(e), outage: true });
    const others: unknown[] = [new Error('boom'), Object.assign(new Error('duplicate key'), { code: '23505' }), null, 'ECONNREFUSED', new TypeError('x is undefined')];
    for (const e of others) expect({ e: String(e), outage: isUnavailableError(e) }).toEqual({ e: String(e), outage: false });
    expect(toAppError(new Error('Connection is closed.'))?.key).toBe('unavailable');
    expect(toAppError(new Error('boom'))).toBeNull();
    const own = new AppError('channel_not_found');
    expect(toAppError(own)).toBe(own);
  });

  it('carries status, message and Retry-After', () => {
    const e = new AppError('login_throttled', { retryAfterSeconds: 30 });
    expect(e).toMatchObject({ status: 429, key: 'login_throttled', retryAfterSeconds: 30, message: 'Too many login attempts, try again later' });
    expect(new AppError('not_found', { message: 'Channel not found' }).message).toBe('Channel not found');
    expect(reasonPhrase(404)).toBe('Not Found');
  });
});
