import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@lib/config';
import { AccountsService } from './accounts/accounts.service';
import { AppModule } from './app.module';
import { DirectoryService } from './directory/directory.service';
import { checkServices } from './startup-checks';

const USAGE = `Usage:
  npm run cli -- admin:create --email <e-mail> --password <at least 10 characters> [--name "<display name>"]
      (the password may come from ADMIN_PASSWORD instead of --password)`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'admin:create') {
    console.error(command ? `Unknown command: ${command}\n${USAGE}` : USAGE);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } });
  const email = values.email?.trim();
  const password = values.password ?? process.env.ADMIN_PASSWORD;
  const problems = [
    !email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? '--email must be an e-mail address' : null,
    !password || password.length < 10 ? '--password must be at least 10 characters' : null,
  ].filter(Boolean);
  if (problems.length) {
    console.error(`${problems.join('\n')}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({ ...process.env, ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const problem = await checkServices(config);
  if (problem) {
    console.error(`Birlik cannot start: ${problem}`);
    return 1;
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRole('api', config, { cli: true }), { logger: ['error', 'warn'] });
  try {
    await app.get(DirectoryService).seed();
    const em = app.get(MikroORM).em.fork();
    const user = await app.get(AccountsService).createAdmin({ email: email!, password: password!, displayName: values.name?.trim() || 'Administrator' }, em);
    console.log(`Admin account ready: ${user.email} (id ${user.id})`);
    return 0;
  } finally {
    await app.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    if (err instanceof ConfigError) for (const line of err.problems) console.error(`Birlik cannot start: ${line}`);
    else console.error(`admin:create failed: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
