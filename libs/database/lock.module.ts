import { Global, Module } from '@nestjs/common';
import { KeyedLock } from './keyed-lock';

/** One KeyedLock (and its small PostgreSQL pool) per process. */
@Global()
@Module({ providers: [KeyedLock], exports: [KeyedLock] })
export class LockModule {}
