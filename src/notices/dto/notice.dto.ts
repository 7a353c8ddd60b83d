import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  MEMBER_KINDS,
  NOTICE_PRIORITIES,
  NOTICE_STATUSES,
  type NoticePriority,
  type NoticeStatus,
  type WireAudienceReach,
  type WireCountryReach,
  type WireCreatedNotice,
  type WireLocalTime,
  type WireNotice,
  type WireNoticeAudience,
  type WireNoticeCountryCounts,
  type WireNoticeCounts,
  type WireNoticeMemberCounts,
  type WireNoticePending,
  type WireNoticeReport,
  type WireNoticeText,
} from '@lib/contract';
import { IsLocaleTag, IsOptionalNonNull, MaxChars, PageQueryDto, Trim } from '@lib/http';


export class AudienceDto implements WireNoticeAudience {
  @ApiPropertyOptional({ description: 'Everyone' })
  @IsOptionalNonNull()
  @IsIn([true], { message: 'audience.all must be true when given' })
  all?: true;

  @ApiPropertyOptional({ type: [String], example: ['AZ', 'KZ'] })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(16, { each: true })
  countryCodes?: string[];

  @ApiPropertyOptional({ type: [String], enum: MEMBER_KINDS, isArray: true })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(MEMBER_KINDS, { each: true, message: `audience.memberKinds must contain only ${MEMBER_KINDS.join(', ')}` })
  memberKinds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  memberIds?: string[];
}

export class AudienceQueryDto {
  @ApiProperty({ type: AudienceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience!: AudienceDto;
}

export class CountryReachDto implements WireCountryReach {
  @ApiProperty() countryCode!: string;
  @ApiProperty({ description: 'Active officials of that country the audience names' }) officials!: number;
  @ApiProperty({ description: 'Members (unions, municipalities) of that country they belong to' }) members!: number;
}

export class AudienceReachDto implements WireAudienceReach {
  @ApiProperty({ description: 'Active officials a notice to this audience would reach now' }) officials!: number;
  @ApiProperty({ description: 'Members (unions, municipalities) those officials belong to' }) members!: number;
  @ApiProperty({ type: [CountryReachDto], description: 'By country code, sorted' }) byCountry!: CountryReachDto[];
}

export class LocalTimeDto implements WireLocalTime {
  @ApiProperty({ example: '2026-12-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'deliverAtLocalTime.date must be a date YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: '09:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'deliverAtLocalTime.time must be a time HH:MM' })
  time!: string;
}

export class CreateNoticeDto {
  @ApiProperty({ maxLength: 300 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxChars(300)
  title!: string;

  @ApiProperty({ maxLength: 20000 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxChars(20000)
  body!: string;

  @ApiPropertyOptional({ example: 'tr', description: 'Language of title and body (default en)' })
  @IsOptionalNonNull()
  @IsLocaleTag()
  language?: string;

  @ApiPropertyOptional({ example: { ru: { title: '…', body: '…' } }, description: 'language → {title, body}' })
  @IsOptionalNonNull()
  @IsObject()
  translations?: Record<string, WireNoticeText>;

  @ApiProperty({ enum: NOTICE_PRIORITIES })
  @IsIn(NOTICE_PRIORITIES)
  priority!: NoticePriority;

  @ApiProperty({ type: AudienceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience!: AudienceDto;

  @ApiProperty()
  @IsBoolean()
  requiresAck!: boolean;

  @ApiPropertyOptional({ description: 'An instant (ISO 8601) to send at' })
  @IsOptionalNonNull()
  @IsISO8601({ strict: true }, { message: 'scheduledAt must be an ISO 8601 instant' })
  scheduledAt?: string;

  @ApiPropertyOptional({ type: LocalTimeDto, description: "That wall-clock time in each recipient's own time zone" })
  @IsOptionalNonNull()
  @IsObject()
  @ValidateNested()
  @Type(() => LocalTimeDto)
  deliverAtLocalTime?: LocalTimeDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 720 })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(720)
  remindAfterHours?: number;
}

export class NoticesQueryDto extends PageQueryDto {}

export class ReportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptionalNonNull()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class CreatedNoticeDto implements WireCreatedNotice {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty({ description: 'Active officials the audience names now' }) recipientCount!: number;
}

export class NoticeDto implements WireNotice {
  @ApiProperty() id!: string;
  @ApiProperty() authorId!: string;
  @ApiProperty({ description: "In the caller's language when translated" }) title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ enum: NOTICE_PRIORITIES }) priority!: NoticePriority;
  @ApiProperty() requiresAck!: boolean;
  @ApiProperty({ enum: NOTICE_STATUSES }) status!: NoticeStatus;
  @ApiProperty() recipientCount!: number;
  @ApiProperty({ nullable: true, type: String }) scheduledAt!: string | null;
  @ApiProperty({ nullable: true, type: LocalTimeDto }) deliverAtLocalTime!: LocalTimeDto | null;
  @ApiProperty({ nullable: true, type: Number }) remindAfterHours!: number | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) sentAt!: string | null;
  @ApiPropertyOptional({ type: AudienceDto, description: 'Organizers and admins only' }) audience?: AudienceDto;
  @ApiPropertyOptional({ type: Object, example: { ru: { title: '…', body: '…' } }, description: 'Organizers and admins only: language → {title, body}' })
  translations?: Record<string, WireNoticeText>;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When a recipient: when I read it' }) readAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ackedAt?: string | null;
}

export class ReportRowDto implements WireNoticeCounts {
  @ApiProperty() recipients!: number;
  @ApiProperty() read!: number;
  @ApiProperty() acked!: number;
}
export class CountryReportDto extends ReportRowDto implements WireNoticeCountryCounts {
  @ApiProperty() countryCode!: string;
}
export class MemberReportDto extends ReportRowDto implements WireNoticeMemberCounts {
  @ApiProperty() memberId!: string;
}
export class PendingDto implements WireNoticePending {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) memberId!: string | null;
  @ApiProperty({ nullable: true, type: String }) countryCode!: string | null;
}
export class NoticeReportDto implements WireNoticeReport {
  @ApiProperty() recipientCount!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty() read!: number;
  @ApiProperty() acked!: number;
  @ApiProperty({ type: [CountryReportDto] }) byCountry!: CountryReportDto[];
  @ApiProperty({ type: [MemberReportDto] }) byMember!: MemberReportDto[];
  @ApiProperty({ type: [PendingDto], description: 'Not yet acknowledged' }) pending!: PendingDto[];
}
