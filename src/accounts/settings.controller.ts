import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { API, ApiAuthenticated } from '../api';
import { AccountsService } from './accounts.service';
import { requestMeta } from './auth.controller';
import { CurrentUser, Roles, type AuthUser } from '@lib/auth';
import { SettingsDto, UpdateSettingsDto } from './dto/security.dto';

/** Instance-wide settings (admins). */
@ApiTags('settings')
@ApiAuthenticated()
@Roles('admin')
@ApiForbiddenResponse({ description: 'Admins only' })
@Controller(`${API}/settings`)
export class SettingsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOkResponse({ type: SettingsDto })
  async get(): Promise<SettingsDto> {
    return this.accounts.getSettings();
  }

  @Patch()
  @ApiOkResponse({ type: SettingsDto })
  @ApiConflictResponse({ description: '2fa_not_enabled: turn on your own two-factor sign-in before requiring it of staff' })
  async update(@CurrentUser() caller: AuthUser, @Body() dto: UpdateSettingsDto, @Req() req: Request): Promise<SettingsDto> {
    return this.accounts.updateSettings(caller, dto, requestMeta(req));
  }
}
