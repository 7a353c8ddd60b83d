import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Setting } from './setting.entity';

/** Instance-wide settings and their defaults. Every key here is one row in `settings`. */
export interface InstanceSettings {
  /** Admins and organizers must turn on two-factor sign-in before they can do anything else. */
  require2faForStaff: boolean;
}

export const DEFAULT_SETTINGS: InstanceSettings = Object.freeze({ require2faForStaff: false });

/**
 * Read from the database on every call (a primary-key lookup, and only where a decision needs it), so a change
 * made through one api process holds on every other at once.
 */
@Injectable()
export class SettingsService {
  constructor(private readonly em: EntityManager) {}

  async all(em: EntityManager = this.em): Promise<InstanceSettings> {
    const rows = await em.find(Setting, { key: { $in: Object.keys(DEFAULT_SETTINGS) } });
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const r of rows) if (typeof r.value === typeof out[r.key]) out[r.key] = r.value;
    return out as unknown as InstanceSettings;
  }

  async get<K extends keyof InstanceSettings>(key: K, em: EntityManager = this.em): Promise<InstanceSettings[K]> {
    const row = await em.findOne(Setting, { key });
    const fallback = DEFAULT_SETTINGS[key];
    return row && typeof row.value === typeof fallback ? (row.value as InstanceSettings[K]) : fallback;
  }

  /** Writes the given keys in the unit of work of `em`; returns what changed as `{key: {from, to}}`. */
  async set(em: EntityManager, patch: Partial<InstanceSettings>, actorId: string): Promise<Record<string, { from: unknown; to: unknown }>> {
    const before = await this.all(em);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(patch) as [keyof InstanceSettings, unknown][]) {
      if (value === undefined || before[key] === value) continue;
      changed[key] = { from: before[key], to: value };
      await em.upsert(Setting, { key, value, updatedById: actorId, updatedAt: new Date() });
    }
    return changed;
  }
}
