import { Body, Controller, Get, Param, Patch, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowDuring2faSetup, CurrentUser, Roles, type AuthUser } from '@lib/auth';
import { DEFAULT_PAGE_SIZE, pageOf } from '@lib/http';
import { API, ApiAuthenticated } from '../api';
import { AccountsService } from './accounts.service';
import { requestMeta } from './auth.controller';
import { MeDto, UpdateMeDto, UpdateUserDto, UserDto, UsersQueryDto } from './dto/user.dto';

@ApiTags('accounts')
@ApiAuthenticated()
@Controller(API)
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('me')
  @AllowDuring2faSetup()
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    const { user, twoFactorSetupRequired } = await this.accounts.meWithFlags(caller.id);
    return MeDto.fromMe(user, twoFactorSetupRequired);
  }

  @Patch('me')
  @AllowDuring2faSetup()
  @ApiOkResponse({ type: MeDto })
  async updateMe(@CurrentUser() caller: AuthUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return MeDto.fromMe(await this.accounts.updateMe(caller.id, dto), Boolean(caller.twoFactorSetupRequired));
  }

  @Get('users')
  @ApiOkResponse({ type: [UserDto], description: 'Directory of officials; next page cursor in X-Next-Cursor' })
  async list(
    @CurrentUser() caller: AuthUser,
    @Query() q: UsersQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto[]> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.accounts.listUsers(caller, { ...q, limit });
    return pageOf(res, rows, limit, req.originalUrl).map((u) => UserDto.from(u, { withEmail: caller.role === 'admin' || u.id === caller.id }));
  }

  @Get('users/:id')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse()
  async get(@CurrentUser() caller: AuthUser, @Param('id') id: string): Promise<UserDto> {
    const u = await this.accounts.getUser(id);
    if (u.deactivated && caller.role !== 'admin') return UserDto.from(u, { withEmail: false });
    return UserDto.from(u, { withEmail: caller.role === 'admin' || u.id === caller.id });
  }

  @Patch('users/:id')
  @Roles('admin')
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ description: 'Admins only' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Would leave no active admin' })
  async update(@CurrentUser() caller: AuthUser, @Param('id') id: string, @Body() dto: UpdateUserDto, @Req() req: Request): Promise<UserDto> {
    return UserDto.from(await this.accounts.updateUser(caller, id, dto, requestMeta(req)), { withEmail: true });
  }
}
