import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '../audit/audit.module';
import { ChannelsModule } from '../channels/channels.module';
import { DirectoryModule } from '../directory/directory.module';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { LoginThrottle } from './login-throttle.service';
import { TokensService } from './tokens.service';
import { UsersController } from './users.controller';

@Module({
  imports: [AuditModule, ChannelsModule, DirectoryModule, JwtModule.register({})],
  controllers: [AuthController, UsersController],
  providers: [AccountsService, LoginThrottle, TokensService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AccountsService],
})
export class AccountsModule {}
