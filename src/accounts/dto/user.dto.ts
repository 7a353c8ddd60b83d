import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
  ArrayMaxSize,
} from 'class-validator';
import { EMAIL_MODES, ROLES, type EmailMode, type Role, type WireMe, type WireNotificationPrefs, type WireQuietHours, type WireUser } from '@lib/contract';
import { IsLocaleTag, IsOptionalNonNull, IsTimeZone, PageQueryDto, PlainText } from '@lib/http';
import type { User } from '../user.entity';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export class QuietHoursDto {
  @ApiProperty({ example: '22:00' })
  @Matches(HHMM, { message: '$property must be a time HH:MM' })
  start!: string;

  @ApiProperty({ example: '07:00' })
  @Matches(HHMM, { message: '$property must be a time HH:MM' })
  end!: string;
}

export class NotificationPrefsDto {
  @ApiPropertyOptional({ enum: EMAIL_MODES })
  @IsOptionalNonNull()
  @IsIn(EMAIL_MODES)
  email?: EmailMode;

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'In your own time zone; null for none' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  mutedChannelIds?: string[];
}

export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNonNull()
  @PlainText(100)
  @MinLength(1, { message: 'displayName must not be empty' })
  displayName?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @PlainText(200)
  title?: string | null;

  @ApiPropertyOptional({ example: 'tr' })
  @IsOptionalNonNull()
  @IsLocaleTag()
  locale?: string;

  @ApiPropertyOptional({ example: 'Asia/Baku' })
  @IsOptionalNonNull()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ type: NotificationPrefsDto, description: 'Fields given replace the stored ones' })
  @IsOptionalNonNull()
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationPrefsDto)
  notificationPrefs?: NotificationPrefsDto;
}

export class UsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(36)
  memberId?: string;

  @ApiPropertyOptional({ example: 'KZ' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  countryCode?: string;

  @ApiPropertyOptional({ description: 'Part of the name or title; case- and accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptionalNonNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  deactivated?: boolean;
}

export class QuietHoursResponse implements WireQuietHours {
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
}

export class NotificationPrefsResponse implements WireNotificationPrefs {
  @ApiProperty({ enum: EMAIL_MODES }) email!: EmailMode;
  @ApiProperty({ type: QuietHoursResponse, nullable: true }) quietHours!: QuietHoursResponse | null;
  @ApiProperty({ type: [String] }) mutedChannelIds!: string[];
}

export class UserDto implements WireUser {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ description: 'Only to the user and admins' }) email?: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ nullable: true, type: String }) memberId!: string | null;
  @ApiProperty({ nullable: true, type: String }) countryCode!: string | null;
  @ApiProperty() locale!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty() deactivated!: boolean;

  static from(u: User, opts: { withEmail: boolean }): UserDto {
    return {
      id: u.id,
      ...(opts.withEmail ? { email: u.email } : {}),
      displayName: u.displayName,
      title: u.title,
      role: u.role,
      memberId: u.member?.id ?? null,
      countryCode: u.countryCode,
      locale: u.locale,
      timeZone: u.timeZone,
      deactivated: u.deactivated,
    };
  }
}

export class MeDto extends UserDto implements WireMe {
  @ApiProperty({ required: true }) declare email: string;
  @ApiProperty({ type: NotificationPrefsResponse }) notificationPrefs!: WireNotificationPrefs;
  @ApiProperty({ description: 'Two-factor sign-in (TOTP) is on' }) twoFactorEnabled!: boolean;
  @ApiProperty({ description: 'Two-factor sign-in is required of this account and not yet on (see POST /me/2fa/setup)' })
  twoFactorSetupRequired!: boolean;

  static fromMe(u: User, twoFactorSetupRequired = false): MeDto {
    return {
      ...UserDto.from(u, { withEmail: true }),
      email: u.email,
      notificationPrefs: u.notificationPrefs,
      twoFactorEnabled: Boolean(u.totpEnabledAt),
      twoFactorSetupRequired,
    };
  }
}
