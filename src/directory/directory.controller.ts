import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '@lib/errors';
import { DEFAULT_PAGE_SIZE, pageOf } from '@lib/http';
import { CurrentUser, Roles, type AuthUser } from '@lib/auth';
import { API, ApiAuthenticated } from '../api';
import { AuditService } from '../audit/audit.service';
import { DirectoryService } from './directory.service';
import { CountryDto, CreateMemberDto, ImportResultDto, MemberDto, MembersQueryDto, UpdateMemberDto } from './dto/directory.dto';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

@ApiTags('directory')
@ApiAuthenticated()
@Controller(API)
export class DirectoryController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly audit: AuditService,
  ) {}

  @Get('countries')
  @ApiOkResponse({ type: [CountryDto] })
  async countries(@CurrentUser() caller: AuthUser): Promise<CountryDto[]> {
    return this.directory.listCountries(caller.locale);
  }

  @Get('members')
  @ApiOkResponse({ type: [MemberDto], description: 'Next page cursor in X-Next-Cursor' })
  async list(@Query() q: MembersQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<MemberDto[]> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.directory.listMembers({ ...q, limit });
    return pageOf(res, rows, limit, req.originalUrl).map(MemberDto.from);
  }

  @Get('members/:id')
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse()
  async get(@Param('id') id: string): Promise<MemberDto> {
    return MemberDto.from(await this.directory.getMember(id));
  }

  @Post('members')
  @Roles('admin')
  @ApiCreatedResponse({ type: MemberDto })
  @ApiForbiddenResponse({ description: 'Admins only' })
  @ApiConflictResponse({ description: 'A member with this name exists in this country' })
  async create(@CurrentUser() caller: AuthUser, @Body() dto: CreateMemberDto, @Req() req: Request): Promise<MemberDto> {
    const m = await this.directory.createMember(dto);
    await this.audited(caller, req, 'member_created', m.id);
    return MemberDto.from(m);
  }

  @Patch('members/:id')
  @Roles('admin')
  @ApiOkResponse({ type: MemberDto })
  @ApiForbiddenResponse({ description: 'Admins only' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'A member with this name exists in this country' })
  async update(@CurrentUser() caller: AuthUser, @Param('id') id: string, @Body() dto: UpdateMemberDto, @Req() req: Request): Promise<MemberDto> {
    const m = await this.directory.updateMember(id, dto);
    await this.audited(caller, req, 'member_updated', m.id);
    return MemberDto.from(m);
  }

  @Post('members/import')
  @Roles('admin')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({
    description: 'UTF-8 CSV (BOM optional) with the header name,kind,countryCode,city, as the body or a multipart field "file"',
    schema: { type: 'string', example: 'name,kind,countryCode,city\n"Konya Büyükşehir Belediyesi",metropolitan_municipality,TR,Konya' },
  })
  @ApiCreatedResponse({ type: ImportResultDto, description: 'Good lines are stored; bad ones are listed with their line number' })
  @ApiForbiddenResponse({ description: 'Admins only' })
  async import(@CurrentUser() caller: AuthUser, @UploadedFile() file: Express.Multer.File | undefined, @Req() req: Request): Promise<ImportResultDto> {
    const text = file ? file.buffer.toString('utf8') : typeof req.body === 'string' ? req.body : undefined;
    if (!text?.trim()) throw new AppError('csv_missing');
    const result = await this.directory.importMembers(text);
    await this.audited(caller, req, 'members_imported', undefined, { created: result.created, updated: result.updated, errors: result.errors.length });
    return result;
  }

  private async audited(caller: AuthUser, req: Request, action: 'member_created' | 'member_updated' | 'members_imported', targetId?: string, details?: Record<string, unknown>) {
    await this.audit.write({ action, actorId: caller.id, targetType: 'member', targetId, ip: req.ip, details });
  }
}
