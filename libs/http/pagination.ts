import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the X-Next-Cursor header of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;

/**
 * Lists stay JSON arrays; the cursor of the next page travels in `X-Next-Cursor` and a `Link: <…>; rel="next"`
 * header. `rows` holds up to limit + 1 items, ordered by id; the extra one only signals that more exist.
 */
export function pageOf<T extends { id: string }>(res: Response, rows: T[], limit: number, url: string): T[] {
  if (rows.length <= limit) return rows;
  const page = rows.slice(0, limit);
  const cursor = page[page.length - 1].id;
  const next = new URL(url, 'http://x');
  next.searchParams.set('cursor', cursor);
  res.setHeader('X-Next-Cursor', cursor);
  res.setHeader('Link', `<${next.pathname}${next.search}>; rel="next"`);
  return page;
}
