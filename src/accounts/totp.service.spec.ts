import { authenticator } from 'otplib';
import { loadConfig } from '@lib/config';
import { recoveryCodeHash, TotpService } from './totp.service';

const config = (secret: string) => loadConfig({ JWT_SECRET: secret.padEnd(40, 'x'), DATA_DIR: '/tmp/birlik-unit' });

describe('TotpService', () => {
  const totp = new TotpService(config('unit-secret-a'));

  it('accepts the current code and one step either side, and says which step', () => {
    const secret = totp.newSecret();
    const now = Date.now();
    const step = Math.floor(now / 30_000);
    const at = (ms: number) => authenticator.clone({ epoch: ms }).generate(secret);
    expect(totp.step(at(now), secret, now)).toBe(step);
    expect(totp.step(at(now + 30_000), secret, now)).toBe(step + 1);
    expect(totp.step(at(now - 30_000), secret, now)).toBe(step - 1);
    const far = at(now + 90_000);
    if (![at(now), at(now + 30_000), at(now - 30_000)].includes(far)) expect(totp.step(far, secret, now)).toBeNull();
    expect(totp.step('12345', secret, now)).toBeNull();
    expect(totp.step('abcdef', secret, now)).toBeNull();
  });

  it('seals secrets so that only the same key opens them', () => {
    const secret = totp.newSecret();
    const sealed = totp.seal(secret);
    expect(sealed).not.toContain(secret);
    expect(totp.open(sealed)).toBe(secret);
    expect(totp.seal(secret)).not.toBe(sealed); // a fresh IV each time
    expect(new TotpService(config('unit-secret-b')).open(sealed)).toBeNull();
    expect(totp.open('v1.garbage')).toBeNull();
    // Tampered: a changed first character of the ciphertext (the last one may carry only padding bits).
    const [v, iv, tag, data] = sealed.split('.');
    expect(totp.open([v, iv, tag, (data[0] === 'A' ? 'B' : 'A') + data.slice(1)].join('.'))).toBeNull();
    expect(totp.open([v, iv, (tag[0] === 'A' ? 'B' : 'A') + tag.slice(1), data].join('.'))).toBeNull();
  });

  it('makes ten distinct recovery codes whose hashes ignore case and dashes', () => {
    const { codes, hashes } = totp.recoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(hashes).toEqual(codes.map(recoveryCodeHash));
    expect(recoveryCodeHash(codes[0].toUpperCase().replace('-', ''))).toBe(hashes[0]);
    expect(recoveryCodeHash(`${codes[0]}x`)).not.toBe(hashes[0]);
  });

  it('builds an otpauth URL an authenticator app reads', () => {
    const url = new URL(totp.otpauthUrl('aylin@konya.bel.tr', 'JBSWY3DPEHPK3PXP'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('issuer')).toBe('Birlik');
    expect(url.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
  });
});
