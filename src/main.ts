import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig, type AppConfig } from '@lib/config';
import { createHttpApp } from './app.factory';
import { AppModule } from './app.module';
import { checkServices } from './startup-checks';

// A stray rejection (say, a Redis command during a restart) is logged; it never takes the process down.
process.on('unhandledRejection', (reason) => {
  console.error(JSON.stringify({ level: 50, time: Date.now(), msg: 'Unhandled rejection', err: String((reason as Error)?.stack ?? reason) }));
});

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const line of err.problems) console.error(`Birlik cannot start: ${line}`);
    process.exit(1);
  }
  const problem = await checkServices(config);
  if (problem) {
    console.error(`Birlik cannot start: ${problem}`);
    process.exit(1);
  }
  if (config.role === 'worker') {
    const app = await NestFactory.createApplicationContext(AppModule.forRole('worker', config), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    await app.init();
    app.get(Logger).log('Birlik worker started');
    return;
  }
  const app = await createHttpApp(config);
  await app.listen(config.port);
  app.get(Logger).log(`Birlik (${config.role}) listening on ${config.publicUrl} (database: ${config.database.kind})`);
}

main().catch((err: unknown) => {
  console.error(`Birlik failed to start: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
