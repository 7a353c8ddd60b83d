import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { migrateWithLock } from './migrate';
import { ormOptions, type OrmSetup } from './orm-options';

@Module({})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly orm: MikroORM,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(config: AppConfig, setup: OrmSetup): DynamicModule {
    if (config.database.kind === 'sqlite' && config.database.path !== ':memory:') {
      mkdirSync(dirname(config.database.path), { recursive: true });
    }
    return {
      module: DatabaseModule,
      imports: [
        MikroOrmModule.forRoot({ ...ormOptions(config.database, setup), registerRequestContext: true, autoLoadEntities: false }),
      ],
    };
  }

  /** Pending migrations are applied before any other module starts. */
  async onModuleInit(): Promise<void> {
    const applied = await migrateWithLock(this.orm, this.config.database);
    if (applied.length) this.logger.log(`Applied migrations: ${applied.join(', ')}`);
  }
}
