import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * Gives an ioredis client its `error` handler (without one, ioredis warns and a Redis restart spams the log):
 * one warning when the connection is lost, one line when it is back. ioredis reconnects on its own.
 */
export function watchRedis<T extends Redis>(client: T, name: string, logger = new Logger('Redis')): T {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, `Redis connection "${name}" lost; reconnecting`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log(`Redis connection "${name}" is back`);
  });
  return client;
}
