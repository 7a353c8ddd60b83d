import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../accounts/auth.decorators';
import { API, ApiAuthenticated } from '../api';
import { ChannelsService } from './channels.service';
import { AddMembersDto, ChannelDto, CreateChannelDto, DirectChannelDto, DiscoverQueryDto, MyChannelDto } from './dto/channel.dto';

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
  @ApiForbiddenResponse({ description: 'Private channels: only the owner or an admin adds members' })
  @ApiNotFoundResponse()
  addMembers(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: AddMembersDto): Promise<ChannelDto> {
    return this.channels.addMembers(user, id, dto.userIds);
  }
}
