import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '@lib/errors';
import { DEFAULT_PAGE_SIZE, pageOf } from '@lib/http';
import { CurrentUser, type AuthUser } from '@lib/auth';
import { API, ApiAuthenticated } from '../api';
import { MarkedDto, MarkReadDto, NotificationDto, NotificationsQueryDto } from './dto/notification.dto';
import { NotificationsService, type NotificationView } from './notifications.service';

@ApiTags('notifications')
@ApiAuthenticated()
@Controller(`${API}/notifications`)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: [NotificationDto], description: 'Newest first; next page cursor in X-Next-Cursor' })
  async list(@CurrentUser() user: AuthUser, @Query() q: NotificationsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<NotificationView[]> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.notifications.list(user.id, { unread: q.unread, cursor: q.cursor, limit });
    return pageOf(res, rows, limit, req.originalUrl).map(NotificationsService.view);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedDto, description: 'How many were marked read' })
  async read(@CurrentUser() user: AuthUser, @Body() dto: MarkReadDto): Promise<MarkedDto> {
    if (!dto.all && !dto.ids) throw new AppError('bad_request', { message: 'give ids or all:true' });
    return { updated: await this.notifications.markRead(user.id, dto) };
  }
}
