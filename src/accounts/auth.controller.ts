import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { API } from '../api';
import { AccountsService, type RequestMeta, type TokenPair } from './accounts.service';
import { Public } from './auth.decorators';
import { AuthResponseDto, LoginDto, RefreshDto, RegisterDto, SetupDto } from './dto/auth.dto';
import { MeDto } from './dto/user.dto';

export function requestMeta(req: Request): RequestMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null };
}

function toResponse(pair: TokenPair): AuthResponseDto {
  return { accessToken: pair.accessToken, refreshToken: pair.refreshToken, user: MeDto.fromMe(pair.user) };
}

@ApiTags('auth')
@ApiBadRequestResponse({ description: 'A field is missing or invalid; every bad field is named' })
@Controller(API)
export class AuthController {
  constructor(private readonly accounts: AccountsService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiUnauthorizedResponse({ description: 'Invalid e-mail or password (the same message for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this account or IP; see Retry-After' })
  async login(@Body() dto: LoginDto, @Req() req: Request): Promise<AuthResponseDto> {
    return toResponse(await this.accounts.login(dto, requestMeta(req)));
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponseDto, description: 'A new pair; the old refresh token stops working' })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired or reused refresh token (reuse revokes the session)' })
  async refresh(@Body() dto: RefreshDto, @Req() req: Request): Promise<AuthResponseDto> {
    return toResponse(await this.accounts.refresh(dto.refreshToken, requestMeta(req)));
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is ended (also when it already was)' })
  async logout(@Body() dto: RefreshDto, @Req() req: Request): Promise<void> {
    await this.accounts.logout(dto.refreshToken, requestMeta(req));
  }

  @Public()
  @Post('auth/register')
  @ApiCreatedResponse({ type: AuthResponseDto })
  @ApiConflictResponse({ description: 'An account with this e-mail already exists' })
  async register(@Body() dto: RegisterDto, @Req() req: Request): Promise<AuthResponseDto> {
    return toResponse(await this.accounts.register(dto, requestMeta(req)));
  }

  @Public()
  @Post('setup')
  @ApiCreatedResponse({ type: AuthResponseDto, description: 'The first admin, created through the one-time setup link' })
  @ApiNotFoundResponse({ description: 'The link is unknown or used, or an admin already exists' })
  async setup(@Body() dto: SetupDto, @Req() req: Request): Promise<AuthResponseDto> {
    return toResponse(await this.accounts.setup(dto, requestMeta(req)));
  }
}
