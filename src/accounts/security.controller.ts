import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { API, ApiAuthenticated } from '../api';
import { AccountsService } from './accounts.service';
import { requestMeta } from './auth.controller';
import { AllowDuring2faSetup, CurrentUser, type AuthUser } from '@lib/auth';
import { ChangePasswordDto, DisableTwoFactorDto, EnableTwoFactorDto, RecoveryCodesDto, SessionDto, TwoFactorSetupDto } from './dto/security.dto';
import { PasswordService } from './password.service';
import { TwoFactorService } from './two-factor.service';

/** The caller's own sign-in security: password, two-factor sign-in, sessions. All usable during a required 2FA set-up. */
@ApiTags('accounts')
@ApiAuthenticated()
@AllowDuring2faSetup()
@Controller(`${API}/me`)
export class SecurityController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly passwords: PasswordService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every other session has ended (this one stays)' })
  @ApiTooManyRequestsResponse({ description: 'Wrong current passwords count as failed logins' })
  async changePassword(@CurrentUser() caller: AuthUser, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<void> {
    await this.passwords.change(caller, dto.currentPassword, dto.newPassword, requestMeta(req));
  }

  @Post('2fa/setup')
  @HttpCode(200)
  @ApiOkResponse({ type: TwoFactorSetupDto, description: 'A new secret; nothing changes until POST /me/2fa/enable confirms a code' })
  @ApiConflictResponse({ description: '2fa_already_enabled' })
  async setup(@CurrentUser() caller: AuthUser): Promise<TwoFactorSetupDto> {
    return this.twoFactor.setup(caller);
  }

  @Post('2fa/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiConflictResponse({ description: '2fa_not_set_up, 2fa_already_enabled' })
  async enable(@CurrentUser() caller: AuthUser, @Body() dto: EnableTwoFactorDto, @Req() req: Request): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.twoFactor.enable(caller, dto.code, requestMeta(req)) };
  }

  @Post('2fa/disable')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: '2fa_required: the admins require two-factor sign-in of admins and organizers' })
  @ApiConflictResponse({ description: '2fa_not_enabled' })
  async disable(@CurrentUser() caller: AuthUser, @Body() dto: DisableTwoFactorDto, @Req() req: Request): Promise<void> {
    await this.twoFactor.disable(caller, dto.password, dto.code, requestMeta(req));
  }

  @Get('sessions')
  @ApiOkResponse({ type: [SessionDto], description: 'Live sessions, most recently used first' })
  async sessions(@CurrentUser() caller: AuthUser): Promise<SessionDto[]> {
    const rows = await this.accounts.listSessions(caller);
    return rows.map((s) => ({
      id: s.id,
      current: s.id === caller.sessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: (s.lastSeenAt ?? s.createdAt).toISOString(),
      userAgent: s.userAgent,
      ip: s.ip,
    }));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "Ended: its refresh tokens stop working and its sockets are disconnected at once" })
  @ApiNotFoundResponse({ description: 'Not a session of yours' })
  async revoke(@CurrentUser() caller: AuthUser, @Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.accounts.revokeOwnSession(caller, id, requestMeta(req));
  }
}
