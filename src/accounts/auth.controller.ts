import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
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
import { AccountsService, type TokenPair } from './accounts.service';
import type { RequestMeta } from './request-meta';
import { Public } from '@lib/auth';
import {
  AuthResponseDto,
  ForgotPasswordDto,
  InvitationLookupDto,
  InvitationLookupQueryDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  SetupDto,
} from './dto/auth.dto';
import { MeDto } from './dto/user.dto';
import { InvitationsService } from './invitations.service';
import { PasswordService } from './password.service';

export function requestMeta(req: Request): RequestMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null };
}

export function toResponse(pair: TokenPair): AuthResponseDto {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    user: MeDto.fromMe(pair.user, pair.twoFactorSetupRequired),
    twoFactorSetupRequired: pair.twoFactorSetupRequired,
  };
}

@ApiTags('auth')
@ApiBadRequestResponse({ description: 'A field is missing or invalid; every bad field is named' })
@Controller(API)
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly passwords: PasswordService,
    private readonly invitations: InvitationsService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponseDto })
  @ApiUnauthorizedResponse({
    description:
      'invalid_credentials: e-mail or password wrong (the same for both); otp_required: two-factor sign-in is on, send otp or ' +
      'recoveryCode; otp_invalid: that code is wrong or used (counts as a failed login)',
  })
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

  @Public()
  @Post('auth/password/forgot')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Always, whether or not the address has an account; a known, active one gets a link valid 1 hour' })
  @ApiTooManyRequestsResponse({ description: 'reset_throttled: too many requests from this IP or for this address' })
  async forgot(@Body() dto: ForgotPasswordDto, @Req() req: Request): Promise<void> {
    await this.passwords.forgot(dto.email, requestMeta(req));
  }

  @Public()
  @Post('auth/password/reset')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResponseDto, description: 'Signed in; every other session of the account has ended' })
  @ApiBadRequestResponse({ description: 'reset_token_invalid, reset_token_used, reset_token_expired, or a bad password' })
  @ApiUnauthorizedResponse({ description: 'otp_required / otp_invalid: two-factor sign-in is on (the link stays usable)' })
  @ApiTooManyRequestsResponse({ description: 'The login throttle (per IP, per account)' })
  async reset(@Body() dto: ResetPasswordDto, @Req() req: Request): Promise<AuthResponseDto> {
    return toResponse(await this.passwords.reset(dto, requestMeta(req)));
  }

  @Public()
  @Get('auth/invitation')
  @ApiOkResponse({ type: InvitationLookupDto, description: 'What the registration page shows' })
  @ApiNotFoundResponse({ description: 'invitation_invalid, with reason: unknown, used, expired or revoked' })
  async invitation(@Query() q: InvitationLookupQueryDto): Promise<InvitationLookupDto> {
    const { invitation: inv, invitedBy } = await this.invitations.lookup(q.token);
    return {
      email: inv.email,
      memberName: inv.member.name,
      countryCode: inv.member.country.code,
      role: inv.role,
      invitedBy,
      expiresAt: inv.expiresAt.toISOString(),
    };
  }
}
