import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import {
  INVITATION_STATUSES,
  ROLES,
  type InvitationStatus,
  type Role,
  type WireInvitationRow,
  type WireRecoveryCodes,
  type WireSession,
  type WireSettings,
  type WireTwoFactorSetup,
} from '@lib/contract';
import { IsOptionalNonNull, PageQueryDto } from '@lib/http';
import { InvitedByDto } from './auth.dto';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 10, maxLength: 200, format: 'password' })
  @IsString()
  @MinLength(10, { message: 'newPassword must be at least 10 characters' })
  @MaxLength(200)
  newPassword!: string;
}

export class TwoFactorSetupDto implements WireTwoFactorSetup {
  @ApiProperty({ description: 'Base32; type it into the authenticator app, or use otpauthUrl' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Birlik:aylin%40konya.bel.tr?secret=…&period=30&digits=6&algorithm=SHA1&issuer=Birlik' })
  otpauthUrl!: string;
}

export class EnableTwoFactorDto {
  @ApiProperty({ example: '492039', description: 'The current code from the authenticator app' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class RecoveryCodesDto implements WireRecoveryCodes {
  @ApiProperty({ type: [String], description: 'Ten single-use codes, shown only now' }) recoveryCodes!: string[];
}

export class DisableTwoFactorDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;

  @ApiProperty({ description: 'A current 6-digit code, or one of the recovery codes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  code!: string;
}

export class SessionDto implements WireSession {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The session of this access token' }) current!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() lastSeenAt!: string;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
}

export class SettingsDto implements WireSettings {
  @ApiProperty({ description: 'Admins and organizers must turn on two-factor sign-in (off by default)' })
  require2faForStaff!: boolean;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsBoolean()
  require2faForStaff?: boolean;
}

export class InvitationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @IsOptional()
  @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class InvitationDto implements WireInvitationRow {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() memberId!: string;
  @ApiProperty() memberName!: string;
  @ApiProperty() countryCode!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: InvitationStatus;
  @ApiProperty({ type: InvitedByDto }) invitedBy!: InvitedByDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ nullable: true, type: String }) acceptedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ description: 'How many times it was e-mailed' }) sendCount!: number;
}
