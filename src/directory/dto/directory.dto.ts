import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { MEMBER_KINDS, type MemberKind, type WireCountry, type WireImportError, type WireImportResult, type WireMember } from '@lib/contract';
import { IsOptionalNonNull, PageQueryDto, PlainText } from '@lib/http';
import type { Member } from '../member.entity';

const UpperTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

export class CountryDto implements WireCountry {
  @ApiProperty({ example: 'KZ' }) code!: string;
  @ApiProperty({ description: "In the caller's language (en, tr, ru, az, kk, ar, ur, ky, uz; others through their related language to English)" }) name!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ description: 'Member municipalities and unions in this country' }) memberCount!: number;
  @ApiProperty({ type: Object, example: { en: 'Kazakhstan', ru: 'Казахстан' } }) names!: Record<string, string>;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) timeZones!: string[];
}

export class MemberDto implements WireMember {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: MEMBER_KINDS }) kind!: MemberKind;
  @ApiProperty() countryCode!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;

  static from(m: Member): MemberDto {
    return { id: m.id, name: m.name, kind: m.kind, countryCode: m.country.code, city: m.city };
  }
}

export class MembersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'AZ' })
  @IsOptional()
  @UpperTrim()
  @IsString()
  @MaxLength(16)
  countryCode?: string;

  @ApiPropertyOptional({ enum: MEMBER_KINDS })
  @IsOptional()
  @IsIn(MEMBER_KINDS)
  kind?: MemberKind;

  @ApiPropertyOptional({ description: 'Part of the name or city; case- and accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CreateMemberDto {
  @ApiProperty({ maxLength: 300 })
  @PlainText(300)
  @IsNotEmpty({ message: 'name must not be empty' })
  name!: string;

  @ApiProperty({ enum: MEMBER_KINDS })
  @IsIn(MEMBER_KINDS)
  kind!: MemberKind;

  @ApiProperty({ example: 'TR' })
  @UpperTrim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  countryCode!: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @PlainText(200)
  city?: string | null;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptionalNonNull()
  @PlainText(300)
  @IsNotEmpty({ message: 'name must not be empty' })
  name?: string;

  @ApiPropertyOptional({ enum: MEMBER_KINDS })
  @IsOptionalNonNull()
  @IsIn(MEMBER_KINDS)
  kind?: MemberKind;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @UpperTrim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  countryCode?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @PlainText(200)
  city?: string | null;
}

export class ImportErrorDto implements WireImportError {
  @ApiProperty({ description: 'Line number in the file (the header is line 1)' }) line!: number;
  @ApiProperty() message!: string;
}

export class ImportResultDto implements WireImportResult {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty({ description: 'Lines that matched an existing member and changed nothing' }) unchanged!: number;
  @ApiProperty({ type: [ImportErrorDto] }) errors!: ImportErrorDto[];
}
