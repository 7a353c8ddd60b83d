import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@lib/auth';
import type { WireMessage } from '@lib/contract';
import { API, ApiAuthenticated } from '../api';
import { EditMessageDto, HistoryQueryDto, MessageResponseDto, PostMessageDto } from './dto/message.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiAuthenticated()
@ApiNotFoundResponse({ description: 'Unknown, or in a channel you may not read' })
@Controller(API)
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get('channels/:id/messages')
  @ApiOkResponse({ type: [MessageResponseDto], description: 'Oldest first; ?before=seq, ?after=seq, ?limit= (max 200)' })
  history(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() q: HistoryQueryDto): Promise<WireMessage[]> {
    return this.messages.history(user, id, q);
  }

  @Post('channels/:id/messages')
  @ApiCreatedResponse({ type: MessageResponseDto, description: 'Stored; the same clientId returns the first message again' })
  @ApiForbiddenResponse({ description: 'Not a member, or the announcement channel and you are an official' })
  @ApiTooManyRequestsResponse({ description: 'Send rate limit; see Retry-After' })
  send(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: PostMessageDto): Promise<WireMessage> {
    return this.messages.send(user, { ...dto, channelId: id });
  }

  @Patch('messages/:id')
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiForbiddenResponse({ description: 'Only the author edits' })
  edit(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: EditMessageDto): Promise<WireMessage> {
    return this.messages.edit(user, id, dto.body);
  }

  @Delete('messages/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted (a tombstone keeps its place)' })
  @ApiForbiddenResponse({ description: 'Only the author, the channel owner or an admin deletes' })
  async remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.messages.delete(user, id);
  }
}
