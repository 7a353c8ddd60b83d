import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { AuditAction } from '@lib/contract';
import { AppError } from '@lib/errors';
import { AuditEvent } from './audit-event.entity';

export interface AuditRecord {
  action: AuditAction;
  actorId?: string | null;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /** Adds an audit row to the unit of work of `em` (flushed with the change it describes). */
  record(em: EntityManager, r: AuditRecord): void {
    em.persist(
      em.create(AuditEvent, {
        action: r.action,
        actorId: r.actorId ?? null,
        targetType: r.targetType ?? null,
        targetId: r.targetId ?? null,
        ip: r.ip ?? null,
        details: r.details ?? null,
      }),
    );
  }

  /** Records and stores at once. */
  async write(r: AuditRecord): Promise<void> {
    const em = this.em.fork();
    this.record(em, r);
    await em.flush();
  }

  /** Newest first; `from` inclusive, `to` exclusive. */
  async list(q: { action?: AuditAction; actorId?: string; targetId?: string; from?: string; to?: string; cursor?: string; limit: number }): Promise<AuditEvent[]> {
    const where: FilterQuery<AuditEvent> = {};
    if (q.action) where.action = q.action;
    if (q.actorId) where.actorId = q.actorId;
    if (q.targetId) where.targetId = q.targetId;
    if (q.from && q.to && new Date(q.to) <= new Date(q.from)) throw new AppError('bad_request', { message: 'to must be later than from' });
    if (q.from || q.to) {
      const range: { $gte?: Date; $lt?: Date } = {};
      if (q.from) range.$gte = new Date(q.from);
      if (q.to) range.$lt = new Date(q.to);
      where.createdAt = range;
    }
    if (q.cursor) where.id = { $lt: q.cursor };
    return this.em.find(AuditEvent, where, { orderBy: { id: 'desc' }, limit: q.limit + 1 });
  }
}
