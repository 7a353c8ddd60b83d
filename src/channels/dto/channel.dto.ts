import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import {
  CHANNEL_KINDS,
  CHANNEL_ROLES,
  CHANNEL_VISIBILITIES,
  CREATABLE_CHANNEL_KINDS,
  type ChannelKind,
  type ChannelRole,
  type ChannelVisibility,
  type CreatableChannelKind,
  type WireChannel,
  type WireChannelMember,
  type WireMyChannel,
} from '@lib/contract';
import { IsOptionalNonNull, MaxChars, PageQueryDto, PlainText, Trim } from '@lib/http';
import { UserDto } from '../../accounts/dto/user.dto';

export class CreateChannelDto {
  @ApiProperty({ enum: CREATABLE_CHANNEL_KINDS })
  @IsIn(CREATABLE_CHANNEL_KINDS)
  kind!: CreatableChannelKind;

  @ApiProperty({ maxLength: 80 })
  @PlainText(80)
  @IsNotEmpty({ message: 'name must not be empty' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Trim()
  @IsString()
  @MaxChars(1000)
  description?: string | null;

  @ApiProperty({ enum: CHANNEL_VISIBILITIES })
  @IsIn(CHANNEL_VISIBILITIES)
  visibility!: ChannelVisibility;

  @ApiPropertyOptional({ type: [String], description: 'Users added as members besides you (at most 500)' })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  memberIds?: string[];
}

export class DirectChannelDto {
  @ApiProperty({ type: [String], description: 'The other 1 to 7 people (you are added)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  userIds!: string[];
}

export class AddMembersDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  userIds!: string[];
}

/** `PATCH /channels/:id`: at least one field. */
export class UpdateChannelDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @IsOptionalNonNull()
  @PlainText(80)
  @IsNotEmpty({ message: 'name must not be empty' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, description: 'null or "" removes it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Trim()
  @IsString()
  @MaxChars(1000)
  description?: string | null;

  @ApiPropertyOptional({ description: 'An archived channel is read-only: no sends, edits or reactions' })
  @IsOptionalNonNull()
  @IsBoolean()
  archived?: boolean;
}

export class SetMemberRoleDto {
  @ApiProperty({ enum: CHANNEL_ROLES })
  @IsIn(CHANNEL_ROLES)
  role!: ChannelRole;
}

export class MembersQueryDto extends PageQueryDto {}

export class DiscoverQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CHANNEL_KINDS })
  @IsOptional()
  @IsIn(CHANNEL_KINDS)
  kind?: ChannelKind;
}

export class ChannelDto implements WireChannel {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) kind!: ChannelKind;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: CHANNEL_VISIBILITIES }) visibility!: ChannelVisibility;
  @ApiProperty({ nullable: true, type: String, description: 'Set on country channels' }) countryCode!: string | null;
  @ApiProperty() memberCount!: number;
  @ApiProperty() lastSeq!: number;
  @ApiProperty({ description: 'Read-only: no sends, edits or reactions' }) archived!: boolean;
  @ApiPropertyOptional({ enum: CHANNEL_ROLES, nullable: true, description: 'My role; null when I am not a member' }) myRole?: ChannelRole | null;
}

export class MyChannelDto extends ChannelDto implements WireMyChannel {
  @ApiProperty() unreadCount!: number;
  @ApiProperty() mentionCount!: number;
  @ApiProperty() lastReadSeq!: number;
  @ApiProperty({ enum: CHANNEL_ROLES, description: 'The same as myRole' }) role!: ChannelRole;
  @ApiProperty({ enum: CHANNEL_ROLES, nullable: false, required: true }) declare myRole: ChannelRole;
  @ApiProperty({ description: 'Channel-wide change counter, for sync' }) version!: number;
}

export class ChannelMemberDto implements WireChannelMember {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ enum: CHANNEL_ROLES }) role!: ChannelRole;
  @ApiProperty() joinedAt!: string;
}
