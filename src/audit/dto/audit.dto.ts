import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction, type WireAuditEvent } from '@lib/contract';
import { PageQueryDto } from '@lib/http';
import type { AuditEvent } from '../audit-event.entity';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(36)
  actorId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(320)
  targetId?: string;

  @ApiPropertyOptional({ description: 'Events at or after this instant (ISO 8601)', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  @ApiPropertyOptional({ description: 'Events before this instant (ISO 8601)', example: '2026-12-08T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;
}

export class AuditEventDto implements WireAuditEvent {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: AuditAction;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: Object }) details!: Record<string, unknown> | null;
  @ApiProperty() createdAt!: string;

  static from(e: AuditEvent): AuditEventDto {
    return {
      id: e.id,
      action: e.action,
      actorId: e.actorId,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      details: e.details,
      createdAt: e.createdAt.toISOString(),
    };
  }
}
