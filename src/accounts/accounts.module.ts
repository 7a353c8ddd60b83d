import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '../audit/audit.module';
import { ChannelsModule } from '../channels/channels.module';
import { DirectoryModule } from '../directory/directory.module';
import { SettingsModule } from '../settings/settings.module';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { LoginThrottle } from './login-throttle.service';
import { PasswordService } from './password.service';
import { SecurityController } from './security.controller';
import { SettingsController } from './settings.controller';
import { TokensService } from './tokens.service';
import { TotpService } from './totp.service';
import { TwoFactorService } from './two-factor.service';
import { UsersController } from './users.controller';

@Module({
  imports: [AuditModule, ChannelsModule, DirectoryModule, JwtModule.register({}), SettingsModule],
  controllers: [AuthController, InvitationsController, SecurityController, SettingsController, UsersController],
  providers: [
    AccountsService,
    InvitationsService,
    LoginThrottle,
    PasswordService,
    TokensService,
    TotpService,
    TwoFactorService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccountsService],
})
export class AccountsModule {}
