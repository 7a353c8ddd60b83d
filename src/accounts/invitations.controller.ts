import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles, type AuthUser } from '@lib/auth';
import { DEFAULT_PAGE_SIZE, pageOf } from '@lib/http';
import { API, ApiAuthenticated } from '../api';
import { requestMeta } from './auth.controller';
import { CreateInvitationDto, InvitationResponseDto } from './dto/auth.dto';
import { InvitationDto, InvitationsQueryDto } from './dto/security.dto';
import { InvitationsService, type InvitationView } from './invitations.service';

function toDto(v: InvitationView): InvitationDto {
  const i = v.invitation;
  return {
    id: i.id,
    email: i.email,
    memberId: i.member.id,
    memberName: i.member.name,
    countryCode: i.member.country.code,
    role: i.role,
    status: v.status,
    invitedBy: v.invitedBy,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
    revokedAt: i.revokedAt?.toISOString() ?? null,
    sendCount: i.sendCount,
  };
}

@ApiTags('accounts')
@ApiAuthenticated()
@Roles('organizer', 'admin')
@ApiForbiddenResponse({ description: 'Organizers and admins only' })
@Controller(`${API}/invitations`)
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @ApiCreatedResponse({ type: InvitationResponseDto, description: 'Also e-mailed to the invitee' })
  @ApiForbiddenResponse({ description: 'Officials may not invite; organizers may invite officials only' })
  @ApiConflictResponse({ description: 'An account with this e-mail already exists' })
  async invite(@CurrentUser() caller: AuthUser, @Body() dto: CreateInvitationDto, @Req() req: Request): Promise<InvitationResponseDto> {
    const { invitation, token, url } = await this.invitations.invite(caller, dto, requestMeta(req));
    return { id: invitation.id, token, url, expiresAt: invitation.expiresAt.toISOString() };
  }

  @Get()
  @ApiOkResponse({ type: [InvitationDto], description: 'Organizers see the ones they sent, admins all; newest first; next page cursor in X-Next-Cursor' })
  async list(
    @CurrentUser() caller: AuthUser,
    @Query() q: InvitationsQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<InvitationDto[]> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.invitations.list(caller, { status: q.status, cursor: q.cursor, limit });
    return pageOf(res, rows.map((v) => ({ ...v, id: v.invitation.id })), limit, req.originalUrl).map(toDto);
  }

  @Post(':id/resend')
  @ApiCreatedResponse({ type: InvitationResponseDto, description: 'A new link and expiry, e-mailed again; the old link stops working' })
  @ApiNotFoundResponse({ description: 'Unknown, or (to an organizer) sent by someone else' })
  @ApiConflictResponse({ description: 'invitation_accepted, invitation_revoked, email_taken' })
  async resend(@CurrentUser() caller: AuthUser, @Param('id') id: string, @Req() req: Request): Promise<InvitationResponseDto> {
    const { invitation, token, url } = await this.invitations.resend(caller, id, requestMeta(req));
    return { id: invitation.id, token, url, expiresAt: invitation.expiresAt.toISOString() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked (also when it already was): the link stops working' })
  @ApiNotFoundResponse({ description: 'Unknown, or (to an organizer) sent by someone else' })
  @ApiConflictResponse({ description: 'invitation_accepted' })
  async revoke(@CurrentUser() caller: AuthUser, @Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.invitations.revoke(caller, id, requestMeta(req));
  }
}
