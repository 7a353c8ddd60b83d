import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DEFAULT_PAGE_SIZE, pageOf } from '@lib/http';
import { CurrentUser, type AuthUser } from '@lib/auth';
import { API, ApiAuthenticated } from '../api';
import { ChannelsService } from './channels.service';
import {
  AddMembersDto,
  ChannelDto,
  ChannelMemberDto,
  CreateChannelDto,
  DirectChannelDto,
  DiscoverQueryDto,
  MembersQueryDto,
  MyChannelDto,
  SetMemberRoleDto,
  UpdateChannelDto,
} from './dto/channel.dto';

@ApiTags('channels')
@ApiAuthenticated()
@Controller(`${API}/channels`)
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOkResponse({ type: [MyChannelDto], description: 'Channels I am in, with unread and mention counts' })
  mine(@CurrentUser() user: AuthUser): Promise<MyChannelDto[]> {
    return this.channels.listMine(user.id);
  }

  @Get('discover')
  @ApiOkResponse({ type: [ChannelDto], description: 'Public channels I may join' })
  discover(@CurrentUser() user: AuthUser, @Query() q: DiscoverQueryDto): Promise<ChannelDto[]> {
    return this.channels.discover(user.id, q.q, q.kind);
  }

  @Post()
  @ApiCreatedResponse({ type: ChannelDto, description: 'A topic or forum channel; you are its owner' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateChannelDto): Promise<ChannelDto> {
    return this.channels.create(user, dto);
  }

  @Post('direct')
  @HttpCode(200)
  @ApiOkResponse({ type: ChannelDto, description: 'The existing direct channel of exactly these people, or a new one' })
  direct(@CurrentUser() user: AuthUser, @Body() dto: DirectChannelDto): Promise<ChannelDto> {
    return this.channels.direct(user, dto.userIds);
  }

  @Get(':id')
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse({ description: 'Unknown, or private and not yours' })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ChannelDto> {
    return this.channels.get(user, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ChannelDto })
  @ApiBadRequestResponse({ description: 'No field given; archiving a country or announcement channel; a direct channel' })
  @ApiForbiddenResponse({ description: 'Only an owner or an admin (country and announcement channels: admins)' })
  @ApiNotFoundResponse()
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateChannelDto): Promise<ChannelDto> {
    return this.channels.update(user, id, dto);
  }

  @Get(':id/members')
  @ApiOkResponse({ type: [ChannelMemberDto], description: 'In the order they joined; ?limit= and the X-Next-Cursor cursor' })
  @ApiNotFoundResponse({ description: 'Unknown, or private and not yours' })
  async members(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() q: MembersQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<ChannelMemberDto[]> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.channels.memberPage(user, id, { limit, cursor: q.cursor });
    return pageOf(res, rows, limit, req.originalUrl).map((m) => this.channels.memberView(m, user));
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "Removed; the user's sockets leave the channel at once. Your own id: leave" })
  @ApiBadRequestResponse({ description: "Fixed membership: announcement, direct, a country's own officials" })
  @ApiForbiddenResponse({ description: 'Only owners, moderators (not of owners) and admins remove others' })
  @ApiNotFoundResponse({ description: 'Unknown channel, or not a member of it' })
  async removeMember(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('userId') userId: string): Promise<void> {
    await this.channels.removeMember(user, id, userId);
  }

  @Patch(':id/members/:userId')
  @ApiOkResponse({ type: ChannelMemberDto })
  @ApiBadRequestResponse({ description: 'A channel without roles, or owner in a country channel' })
  @ApiForbiddenResponse({ description: 'Only an owner or an admin (country channels: admins)' })
  @ApiConflictResponse({ description: 'The last owner cannot be demoted' })
  @ApiNotFoundResponse()
  setRole(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('userId') userId: string, @Body() dto: SetMemberRoleDto): Promise<ChannelMemberDto> {
    return this.channels.setRole(user, id, userId, dto.role);
  }

  @Post(':id/join')
  @HttpCode(200)
  @ApiOkResponse({ type: ChannelDto })
  @ApiNotFoundResponse({ description: 'Unknown, or private' })
  join(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ChannelDto> {
    return this.channels.join(user, id);
  }

  @Post(':id/leave')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'The announcement channel, your own country channel and direct channels cannot be left' })
  @ApiNotFoundResponse()
  async leave(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.channels.leave(user, id);
  }

  @Post(':id/members')
  @HttpCode(200)
  @ApiOkResponse({ type: ChannelDto })
  @ApiForbiddenResponse({ description: 'Private channels: only the owner or an admin adds members; public ones: members and admins' })
  @ApiNotFoundResponse()
  addMembers(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AddMembersDto): Promise<ChannelDto> {
    return this.channels.addMembers(user, id, dto.userIds);
  }
}
