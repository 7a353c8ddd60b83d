import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pickText } from '@lib/i18n';
import { CurrentUser, type AuthUser } from '@lib/auth';
import { API, ApiAuthenticated } from '../api';
import { CategoryDto, CreateThreadDto, SolutionDto, ThreadResponseDto, ThreadsQueryDto, ThreadWithMessageDto, ThreadWithMessagesDto } from './dto/thread.dto';
import { CATEGORIES, ThreadsService } from './threads.service';

@ApiTags('threads')
@ApiAuthenticated()
@Controller(API)
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  @Get('categories')
  @ApiOkResponse({ type: [CategoryDto], description: "Experience-sharing categories labelled in every UI language (en, tr, ru, az, kk, ar, ur, ky, uz), `label` in the caller's; use the slugs as tags" })
  categories(@CurrentUser() user: AuthUser): CategoryDto[] {
    return CATEGORIES.map((c) => ({ slug: c.slug, labels: c.labels, label: pickText(c.labels, user.locale) ?? c.slug }));
  }

  @Post('channels/:id/threads')
  @ApiCreatedResponse({ type: ThreadWithMessageDto })
  @ApiForbiddenResponse({ description: 'Not a member of the forum' })
  @ApiNotFoundResponse()
  create(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CreateThreadDto) {
    return this.threads.create(user, id, dto);
  }

  @Get('channels/:id/threads')
  @ApiOkResponse({ type: [ThreadResponseDto], description: 'Next page cursor in X-Next-Cursor' })
  @ApiNotFoundResponse()
  async list(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() q: ThreadsQueryDto, @Res({ passthrough: true }) res: Response) {
    const { threads, next } = await this.threads.list(user, id, q);
    if (next) res.setHeader('X-Next-Cursor', next);
    return threads;
  }

  @Get('threads/:id')
  @ApiOkResponse({ type: ThreadWithMessagesDto })
  @ApiNotFoundResponse()
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.threads.get(user, id);
  }

  @Post('threads/:id/solution')
  @HttpCode(200)
  @ApiOkResponse({ type: ThreadResponseDto })
  @ApiForbiddenResponse({ description: 'Only the thread author, the channel owner or an admin' })
  @ApiNotFoundResponse()
  solution(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: SolutionDto) {
    return this.threads.markSolution(user, id, dto.messageId);
  }

  @Post('threads/:id/follow')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async follow(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.threads.follow(user, id);
  }

  @Delete('threads/:id/follow')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async unfollow(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.threads.unfollow(user, id);
  }
}
