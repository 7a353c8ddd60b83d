import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type {
  EditPayload,
  MessageIdPayload,
  PresenceSetPayload,
  PresenceWatchPayload,
  ReactionPayload,
  ReadPayload,
  SendPayload,
  SyncPayload,
  TypingPayload,
  WireAuthor,
  WireMessage,
  WireReaction,
} from '@lib/contract';
import { IsOptionalNonNull } from '@lib/http';

/** How many users one socket may follow the presence of. */
export const PRESENCE_WATCH_MAX = 200;

export const MAX_BODY_CHARS = 10_000;

/** 1 to 10,000 characters after trimming. */
export const IsMessageBody = () =>
  ValidateBy({
    name: 'isMessageBody',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && v.trim().length > 0 && [...v.trim()].length <= MAX_BODY_CHARS && !v.includes('\u0000'),
      defaultMessage: () => `body must be 1 to ${MAX_BODY_CHARS} characters after trimming`,
    },
  });

export class PostMessageDto {
  @ApiProperty({ description: 'Chosen by the client; resending the same clientId returns the first message', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[\x21-\x7e]+$/, { message: 'clientId must be printable ASCII without spaces' })
  clientId!: string;

  @ApiProperty({ maxLength: MAX_BODY_CHARS })
  @IsMessageBody()
  body!: string;

  @ApiPropertyOptional({ description: "The thread's root message id" })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(36)
  threadId?: string;
}

export class SendMessageDto extends PostMessageDto implements SendPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  channelId!: string;
}

export class EditMessageDto {
  @ApiProperty({ maxLength: MAX_BODY_CHARS })
  @IsMessageBody()
  body!: string;
}

export class SocketEditMessageDto extends EditMessageDto implements EditPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  messageId!: string;
}

export class MessageIdDto implements MessageIdPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  messageId!: string;
}

export class ReactionDto extends MessageIdDto implements ReactionPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @Matches(/^[^\s\p{Cc}]+$/u, { message: 'emoji must be an emoji or a :shortcode: without spaces' })
  emoji!: string;
}

export class TypingDto implements TypingPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  channelId!: string;

  @IsOptionalNonNull()
  @IsString()
  @MaxLength(36)
  threadId?: string;
}

export class ReadDto implements ReadPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  channelId!: string;

  // No conversion: a socket sends a number, never "5" or true.
  @IsInt()
  @Min(0)
  seq!: number;
}

export class SyncDto implements SyncPayload {
  @IsObject()
  channels!: Record<string, number>;
}

export class PresenceDto implements PresenceSetPayload {
  @IsString()
  @Matches(/^(online|away)$/, { message: 'status must be online or away' })
  status!: 'online' | 'away';
}

export class PresenceWatchDto implements PresenceWatchPayload {
  @IsArray()
  @ArrayMaxSize(PRESENCE_WATCH_MAX, { message: `userIds may hold at most ${PRESENCE_WATCH_MAX} ids` })
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  userIds!: string[];
}

export class AuthorResponse implements WireAuthor {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) memberId!: string | null;
  @ApiProperty({ nullable: true, type: String }) countryCode!: string | null;
}

export class ReactionResponse implements WireReaction {
  @ApiProperty() emoji!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [String] }) userIds!: string[];
}

export class MessageResponseDto implements WireMessage {
  @ApiProperty() id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() version!: number;
  @ApiProperty() clientId!: string;
  @ApiProperty({ type: AuthorResponse }) author!: AuthorResponse;
  @ApiProperty({ nullable: true, type: String }) body!: string | null;
  @ApiProperty({ nullable: true, type: String }) threadId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) editedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deletedAt!: string | null;
  @ApiProperty({ type: [ReactionResponse] }) reactions!: ReactionResponse[];
  @ApiProperty({ type: [String] }) mentions!: string[];
  @ApiProperty() replyCount!: number;
  @ApiProperty({ nullable: true, type: String }) lastReplyAt!: string | null;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ description: 'Messages with seq below this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({ description: 'Messages with seq above this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: "Only this thread's replies" })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  threadId?: string;

  @ApiPropertyOptional({ description: 'Only top-level messages (no replies)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  topLevel?: boolean;
}
