import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@lib/config';

export interface AccessClaims {
  sub: string;
  sid: string;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  signAccess(userId: string, sessionId: string): string {
    return this.jwt.sign({ sub: userId, sid: sessionId } satisfies AccessClaims, {
      secret: this.config.jwtSecret,
      expiresIn: this.config.accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
  }

  /** The claims of a valid access token, or null. */
  verifyAccess(token: string): AccessClaims | null {
    try {
      const claims = this.jwt.verify<AccessClaims>(token, { secret: this.config.jwtSecret, algorithms: ['HS256'] });
      return typeof claims.sub === 'string' && typeof claims.sid === 'string' ? claims : null;
    } catch {
      return null;
    }
  }

  /** A random opaque token and the hash under which it is stored. */
  opaque(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashToken(token) };
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
