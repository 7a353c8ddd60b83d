import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, type AppConfig, type AppRole } from '@lib/config';
import { ClockModule } from '@lib/clock';
import { DatabaseModule, LockModule } from '@lib/database';
import { QueueModule } from '@lib/queue';
import { RealtimeModule } from '@lib/realtime';
import { RedisModule } from '@lib/redis';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { ChannelsModule } from './channels/channels.module';
import { DirectoryModule } from './directory/directory.module';
import { MessagesModule } from './messages/messages.module';
import { NoticesModule } from './notices/notices.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SearchModule } from './search/search.module';
import { ThreadsModule } from './threads/threads.module';
import { RealtimeGatewayModule } from './realtime/realtime-gateway.module';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { OperationsModule } from './operations/operations.module';
import { StartupService } from './startup.service';
import { WorkerModule } from './worker.module';

@Module({})
export class AppModule {
  /** Common modules for every role, plus HTTP (api, all) and workers (worker, all). */
  static forRole(role: AppRole, config: AppConfig, options: { cli?: boolean } = {}): DynamicModule {
    const imports: ModuleMetadata['imports'] = [
      ConfigModule.forRoot(config),
      LoggerModule.forRoot({
        pinoHttp: {
          level: config.logLevel,
          transport: config.logPretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          autoLogging: { ignore: (req) => /\/(health|metrics)/.test(req.url ?? '') },
          customProps: () => ({ role: config.role }),
        },
      }),
      DatabaseModule.forRoot(config, { entities: ENTITIES, migrations: MIGRATIONS }),
      LockModule,
      ClockModule,
      RedisModule,
      QueueModule.forRoot(),
      RealtimeModule,
      AuditModule,
      ChannelsModule,
      DirectoryModule,
      AccountsModule,
      MessagesModule,
      NotificationsModule,
      NoticesModule,
      ThreadsModule,
      SearchModule,
    ];
    const providers: ModuleMetadata['providers'] = [];
    if (options.cli) return { module: AppModule, imports };
    if (role === 'api' || role === 'all') {
      imports.push(OperationsModule, RealtimeGatewayModule);
      providers.push(StartupService);
    }
    if (role === 'worker' || role === 'all') imports.push(WorkerModule);
    return { module: AppModule, imports, providers };
  }
}
