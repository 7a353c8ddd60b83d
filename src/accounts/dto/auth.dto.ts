import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role, type WireAuth, type WireInvitation, type WireInvitationLookup, type WireInvitedBy } from '@lib/contract';
import { IsLocaleTag, IsTimeZone, NormalizeEmail, PlainText } from '@lib/http';
import { MeDto } from './user.dto';

export class LoginDto {
  @ApiProperty({ example: 'aylin@konya.bel.tr' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ example: '492039', description: 'The 6-digit code of the authenticator app, when two-factor sign-in is on' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'otp must be 6 digits' })
  otp?: string;

  @ApiPropertyOptional({ example: 'k3f9q-2m8xw', description: 'One of the recovery codes, instead of otp (each works once)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  recoveryCode?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

export class PasswordField {
  @ApiProperty({ minLength: 10, maxLength: 200, format: 'password' })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password!: string;
}

export class RegisterDto extends PasswordField {
  @ApiProperty({ description: 'The invitation token' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ maxLength: 100 })
  @PlainText(100)
  @MinLength(1, { message: 'displayName must not be empty' })
  displayName!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @PlainText(200)
  title?: string;

  @ApiPropertyOptional({ example: 'kk-Cyrl-KZ', description: 'BCP 47; defaults to the first language of the member country' })
  @IsOptional()
  @IsLocaleTag()
  locale?: string;

  @ApiPropertyOptional({ example: 'Asia/Almaty', description: 'IANA zone; defaults to the member country zone' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class SetupDto extends PasswordField {
  @ApiProperty({ description: 'The token from the setup link printed at first start' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty()
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ maxLength: 100 })
  @PlainText(100)
  @MinLength(1, { message: 'displayName must not be empty' })
  displayName!: string;
}

export class CreateInvitationDto {
  @ApiProperty()
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  memberId!: string;

  @ApiProperty({ enum: ROLES, description: 'Organizers may invite officials only' })
  @IsIn(ROLES)
  role!: Role;
}

export class InvitationResponseDto implements WireInvitation {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Single use' }) token!: string;
  @ApiProperty({ example: 'http://localhost:3000/register?token=…' }) url!: string;
  @ApiProperty() expiresAt!: string;
}

export class AuthResponseDto implements WireAuth {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Rotates on every refresh; reusing a rotated one revokes the session' }) refreshToken!: string;
  @ApiProperty({ type: MeDto }) user!: MeDto;
  @ApiProperty({
    description:
      'True when the admins require two-factor sign-in for admins and organizers and this account has not turned it on: ' +
      'until it does, every other request answers 403 2fa_setup_required',
  })
  twoFactorSetupRequired!: boolean;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'aylin@konya.bel.tr' })
  @NormalizeEmail()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email!: string;
}

export class ResetPasswordDto extends PasswordField {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiPropertyOptional({ description: 'Needed when two-factor sign-in is on (or recoveryCode)' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'otp must be 6 digits' })
  otp?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  recoveryCode?: string;
}

export class InvitationLookupQueryDto {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}

export class InvitedByDto implements WireInvitedBy {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
}

export class InvitationLookupDto implements WireInvitationLookup {
  @ApiProperty() email!: string;
  @ApiProperty() memberName!: string;
  @ApiProperty() countryCode!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: InvitedByDto }) invitedBy!: InvitedByDto;
  @ApiProperty() expiresAt!: string;
}
