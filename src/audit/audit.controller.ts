import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DEFAULT_PAGE_SIZE, pageOf } from '@lib/http';
import { Roles } from '@lib/auth';
import { API } from '../api';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or expired token' })
@Controller(`${API}/audit`)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [AuditEventDto], description: 'Newest first; next page cursor in X-Next-Cursor' })
  @ApiForbiddenResponse({ description: 'Admins only' })
  async list(@Query() q: AuditQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuditEventDto[]> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.audit.list({ ...q, limit });
    return pageOf(res, rows, limit, req.originalUrl).map(AuditEventDto.from);
  }
}
