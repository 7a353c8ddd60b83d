import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { hashToken } from './tokens.service';

const STEP_SECONDS = 30;
/** One step either side, for clocks a little apart (RFC 6238 §5.2). */
const totp = authenticator.clone({ step: STEP_SECONDS, digits: 6, window: 1 });

/**
 * TOTP (RFC 6238, 30 s, 6 digits, SHA-1: what every authenticator app reads) through otplib. Secrets are
 * stored encrypted with AES-256-GCM under a key derived from JWT_SECRET, so a database dump alone does not
 * give them away (changing JWT_SECRET therefore turns two-factor sign-in off for everyone: see README).
 */
@Injectable()
export class TotpService {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createHash('sha256').update(`birlik:totp:${config.jwtSecret}`).digest();
  }

  newSecret(): string {
    return totp.generateSecret(20); // 160 bits, as RFC 4226 recommends
  }

  otpauthUrl(account: string, secret: string): string {
    return totp.keyuri(account, 'Birlik', secret);
  }

  /** The time step the code belongs to, or null when it is wrong (or not 6 digits). */
  step(code: string, secret: string, now = Date.now()): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const delta = totp.clone({ epoch: now }).checkDelta(code, secret);
    return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`;
  }

  /** The secret, or null when it was sealed under another key. */
  open(sealed: string): string | null {
    const [v, iv, tag, data] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || !data) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /** Ten recovery codes like `k3f9q-2m8xw` (50 bits each) and the hashes to store. */
  recoveryCodes(): { codes: string[]; hashes: string[] } {
    const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
    const codes = Array.from({ length: 10 }, () => {
      const bytes = randomBytes(10);
      const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
      return `${chars.slice(0, 5)}-${chars.slice(5)}`;
    });
    return { codes, hashes: codes.map(recoveryCodeHash) };
  }
}

/** Recovery codes are compared case- and dash-insensitively. */
export function recoveryCodeHash(code: string): string {
  return hashToken(`recovery:${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}
