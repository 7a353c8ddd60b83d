import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DEFAULT_PAGE_SIZE, pageOf } from '@lib/http';
import { CurrentUser, Roles, type AuthUser } from '@lib/auth';
import { API, ApiAuthenticated } from '../api';
import { AudienceQueryDto, AudienceReachDto, CreatedNoticeDto, CreateNoticeDto, NoticeDto, NoticeReportDto, NoticesQueryDto, ReportQueryDto } from './dto/notice.dto';
import type { NoticeView } from './notice-view';
import { NoticesService } from './notices.service';

@ApiTags('notices')
@ApiAuthenticated()
@Controller(`${API}/notices`)
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Post()
  @Roles('organizer', 'admin')
  @ApiCreatedResponse({ type: CreatedNoticeDto, description: 'Fanned out by the workers; only a notice to everyone is also posted in the announcement channel' })
  @ApiForbiddenResponse({ description: 'Organizers and admins only' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateNoticeDto): Promise<CreatedNoticeDto> {
    return this.notices.create(user, dto);
  }

  @Post('audience')
  @HttpCode(200)
  @Roles('organizer', 'admin')
  @ApiOkResponse({ type: AudienceReachDto, description: 'Whom a notice to this audience would reach now (active officials, as the send resolves them), by country' })
  @ApiBadRequestResponse({ description: 'A bad audience, the field named (as for POST /notices)' })
  @ApiForbiddenResponse({ description: 'Organizers and admins only' })
  reach(@Body() dto: AudienceQueryDto): Promise<AudienceReachDto> {
    return this.notices.reach(dto.audience);
  }

  @Get()
  @ApiOkResponse({ type: [NoticeDto], description: 'Mine as recipient (organizers also see theirs), newest first' })
  async list(@CurrentUser() user: AuthUser, @Query() q: NoticesQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<NoticeView[]> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    return pageOf(res, await this.notices.list(user, { cursor: q.cursor, limit }), limit, req.originalUrl);
  }

  @Get(':id')
  @ApiOkResponse({ type: NoticeDto, description: "In the caller's language when translated" })
  @ApiNotFoundResponse()
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<NoticeView> {
    return this.notices.get(user, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NoticeDto, description: 'Idempotent' })
  @ApiNotFoundResponse({ description: 'Not a recipient' })
  read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<NoticeView> {
    return this.notices.markRead(user, id);
  }

  @Post(':id/ack')
  @HttpCode(200)
  @ApiOkResponse({ type: NoticeDto, description: 'Idempotent; acknowledging also reads' })
  @ApiNotFoundResponse({ description: 'Not a recipient' })
  ack(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<NoticeView> {
    return this.notices.acknowledge(user, id);
  }

  @Get(':id/report')
  @Roles('organizer', 'admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: NoticeReportDto, description: '?format=csv for a download, one line per recipient' })
  @ApiForbiddenResponse({ description: 'Organizers and admins only' })
  @ApiNotFoundResponse()
  async report(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<NoticeReportDto | string> {
    if (q.format === 'csv') {
      const csv = await this.notices.reportCsv(user, id);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="notice-${id}-report.csv"`);
      return csv;
    }
    return this.notices.report(user, id);
  }
}
