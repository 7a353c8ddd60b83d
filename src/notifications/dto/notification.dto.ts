import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { NOTIFICATION_KINDS, type NotificationKind, type WireMarked, type WireNotification } from '@lib/contract';
import { IsOptionalNonNull, PageQueryDto } from '@lib/http';

export class NotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread ones' })
  @IsOptionalNonNull()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'unread must be true or false' })
  unread?: boolean;
}

export class MarkReadDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  ids?: string[];

  @ApiPropertyOptional({ description: 'Mark every notification read' })
  @IsOptionalNonNull()
  @IsIn([true], { message: 'all must be true when given' })
  all?: true;
}

export class NotificationDto implements WireNotification {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ nullable: true, type: String }) channelId!: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ nullable: true, type: String }) noticeId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() snippet!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
}

export class MarkedDto implements WireMarked {
  @ApiProperty() updated!: number;
}
