import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { THREAD_SORTS, THREAD_STATUSES, type ThreadSort, type ThreadStatus, type WireCategory, type WireThread, type WireThreadWithMessage, type WireThreadWithMessages } from '@lib/contract';
import { IsOptionalNonNull, PlainText } from '@lib/http';
import { IsMessageBody, MAX_BODY_CHARS } from '../../messages/dto/message.dto';
import { AuthorResponse, MessageResponseDto } from '../../messages/dto/message.dto';

export const TAG = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u;

export class CreateThreadDto {
  @ApiProperty({ maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[\x21-\x7e]+$/, { message: 'clientId must be printable ASCII without spaces' })
  clientId!: string;

  @ApiProperty({ maxLength: 300 })
  @PlainText(300)
  @IsNotEmpty({ message: 'title must not be empty' })
  title!: string;

  @ApiProperty({ maxLength: MAX_BODY_CHARS })
  @IsMessageBody()
  body!: string;

  @ApiProperty({ type: [String], description: 'Category slugs (GET /categories) and free tags; at most 10' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(TAG, { each: true, message: 'tags must be words of letters, digits, "-" or "_" (at most 40 characters)' })
  tags!: string[];
}

export class ThreadsQueryDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(40)
  tag?: string;

  @ApiPropertyOptional({ enum: THREAD_STATUSES })
  @IsOptionalNonNull()
  @IsIn(THREAD_STATUSES)
  status?: ThreadStatus;

  @ApiPropertyOptional({ enum: THREAD_SORTS, default: 'activity' })
  @IsOptionalNonNull()
  @IsIn(THREAD_SORTS)
  sort?: ThreadSort;

  @ApiPropertyOptional({ description: "The thread author's country" })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(16)
  countryCode?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptionalNonNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from X-Next-Cursor' })
  @IsOptionalNonNull()
  @IsString()
  @Matches(/^\d{1,7}$/, { message: 'cursor must come from X-Next-Cursor' })
  cursor?: string;
}

export class SolutionDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  messageId!: string;
}

export class ThreadResponseDto implements WireThread {
  @ApiProperty() id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty() rootMessageId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ enum: THREAD_STATUSES }) status!: ThreadStatus;
  @ApiProperty({ nullable: true, type: String }) solutionMessageId!: string | null;
  @ApiProperty() replyCount!: number;
  @ApiProperty() lastActivityAt!: string;
  @ApiProperty({ type: AuthorResponse }) author!: AuthorResponse;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'Whether you follow it' }) following?: boolean;
}

export class ThreadWithMessageDto implements WireThreadWithMessage {
  @ApiProperty({ type: ThreadResponseDto }) thread!: ThreadResponseDto;
  @ApiProperty({ type: MessageResponseDto }) message!: MessageResponseDto;
}

export class ThreadWithMessagesDto implements WireThreadWithMessages {
  @ApiProperty({ type: ThreadResponseDto }) thread!: ThreadResponseDto;
  @ApiProperty({ type: [MessageResponseDto], description: 'The root message, then the replies, oldest first' }) messages!: MessageResponseDto[];
}

export class CategoryDto implements WireCategory {
  @ApiProperty() slug!: string;
  @ApiProperty({ type: Object, example: { tr: '…', en: '…', ru: '…', kk: '…' } }) labels!: Record<string, string>;
  @ApiProperty({ description: "In the caller's language, else its related one (kk, ky → ru; az, uz → tr), else English" }) label!: string;
}
