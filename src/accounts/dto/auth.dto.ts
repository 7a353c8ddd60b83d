import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsLocaleTag, IsTimeZone, NormalizeEmail, PlainText } from '@lib/http';
import { ROLES, type Role } from '../user.entity';
import { UserDto } from './user.dto';

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

export class InvitationResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Single use' }) token!: string;
  @ApiProperty({ example: 'http://localhost:3000/register?token=…' }) url!: string;
  @ApiProperty() expiresAt!: string;
}

export class AuthResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Rotates on every refresh; reusing a rotated one revokes the session' }) refreshToken!: string;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}
