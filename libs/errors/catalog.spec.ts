import { AppError, ERROR_CATALOG, reasonPhrase, socketCodeForStatus } from './catalog';

describe('error catalog', () => {
  it('gives every error an HTTP status, a socket code and a message', () => {
    for (const [key, entry] of Object.entries(ERROR_CATALOG)) {
      expect({ key, ok: entry.status >= 400 && entry.status < 600 && entry.message.length > 0 }).toEqual({ key, ok: true });
      expect(socketCodeForStatus(entry.status)).toMatch(/^(bad_request|unauthorized|forbidden|not_found|conflict|rate_limited|internal)$/);
    }
  });

  it('maps the contract socket codes', () => {
    expect(socketCodeForStatus(400)).toBe('bad_request');
    expect(socketCodeForStatus(403)).toBe('forbidden');
    expect(socketCodeForStatus(404)).toBe('not_found');
    expect(socketCodeForStatus(429)).toBe('rate_limited');
    expect(socketCodeForStatus(500)).toBe('internal');
  });

  it('carries status, message and Retry-After', () => {
    const e = new AppError('login_throttled', { retryAfterSeconds: 30 });
    expect(e).toMatchObject({ status: 429, key: 'login_throttled', retryAfterSeconds: 30, message: 'Too many login attempts, try again later' });
    expect(new AppError('not_found', { message: 'Channel not found' }).message).toBe('Channel not found');
    expect(reasonPhrase(404)).toBe('Not Found');
  });
});
