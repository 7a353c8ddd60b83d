import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { SEARCH_HIT_KINDS, SEARCH_KINDS, type SearchHitKind, type SearchKind, type WireSearchAuthor, type WireSearchHit } from '@lib/contract';
import { IsOptionalNonNull } from '@lib/http';

export class SearchQueryDto {
  @ApiProperty({ description: 'Words in any script; case, accents and Latin/Cyrillic spelling do not matter; the last word matches as a prefix', example: 'Almaty' })
  @IsString()
  @IsNotEmpty({ message: 'q must not be empty' })
  @MaxLength(200)
  q!: string;

  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(36)
  channelId?: string;

  @ApiPropertyOptional({ description: "The author's country" })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(16)
  countryCode?: string;

  @ApiPropertyOptional({ enum: SEARCH_KINDS })
  @IsOptionalNonNull()
  @IsIn(SEARCH_KINDS)
  kind?: SearchKind;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptionalNonNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class SearchAuthorDto implements WireSearchAuthor {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) countryCode!: string | null;
}

export class SearchHitDto implements WireSearchHit {
  @ApiProperty({ enum: SEARCH_HIT_KINDS }) kind!: SearchHitKind;
  @ApiProperty({ description: 'Message id or thread id' }) id!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ nullable: true, type: String, description: "The thread's root message id" }) threadId!: string | null;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ description: 'The original text around the matches, HTML-escaped, matches wrapped in <mark>' }) snippet!: string;
  @ApiProperty({ type: SearchAuthorDto, nullable: true }) author!: SearchAuthorDto | null;
  @ApiProperty() createdAt!: string;
}
