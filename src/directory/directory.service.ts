import { EntityManager, MikroORM, UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { MEMBER_KINDS, type MemberKind } from '@lib/contract';
import { containsText } from '@lib/database';
import { AppError } from '@lib/errors';
import { REGION_NAMES, regionName } from '@lib/i18n';
import { fold } from '@lib/text';
import { ChannelsService } from '../channels/channels.service';
import { Country } from './country.entity';
import type { CountryDto, CreateMemberDto, ImportErrorDto, ImportResultDto, UpdateMemberDto } from './dto/directory.dto';
import { Member } from './member.entity';
import regionsFile from './data/regions.json';

interface RegionSeed {
  code: string;
  names: Record<string, string>;
  languages: string[];
  timeZones: string[];
  membership: string;
  members?: { name: string; kind: string }[];
}

/** Seeding rule (data README): every region except those marked `engagement` and UA-43, which an admin adds. */
export const SEED_REGIONS = (regionsFile.regions as unknown as RegionSeed[]).filter(
  (r) => r.membership !== 'engagement' && r.code !== 'UA-43',
);

const IMPORT_COLUMNS = ['name', 'kind', 'countrycode', 'city'];

@Injectable()
export class DirectoryService {
  private readonly logger = new Logger('Directory');

  constructor(
    private readonly em: EntityManager,
    private readonly orm: MikroORM,
    private readonly channels: ChannelsService,
  ) {}

  /** Seeds the regions, their country channels and members once; safe when several processes start together. */
  async seed(): Promise<void> {
    const em = this.orm.em.fork() as SqlEntityManager;
    const existing = new Set((await em.find(Country, {}, { fields: ['code'] })).map((c) => c.code));
    const missing = SEED_REGIONS.filter((r) => !existing.has(r.code));
    for (const r of missing) {
      await em.transactional(async (tem) => {
        const inserted = await tem
          .createQueryBuilder(Country)
          .insert({
            code: r.code,
            name: r.names.en ?? r.code,
            names: r.names,
            languages: r.languages,
            timeZones: r.timeZones,
            membership: r.membership,
            createdAt: new Date(),
          })
          .onConflict('code')
          .ignore()
          .execute('run');
        if (!inserted.affectedRows) return; // another process seeded it
        await this.channels.ensureCountryChannel(tem, r.code, r.names.en ?? r.code);
        for (const m of r.members ?? []) {
          const kind = (MEMBER_KINDS as readonly string[]).includes(m.kind) ? (m.kind as MemberKind) : 'other';
          tem.persist(tem.create(Member, { name: m.name, kind, country: tem.getReference(Country, r.code), searchText: fold(m.name) }));
        }
      });
    }
    await this.channels.ensureAnnouncementChannel(em);
    if (missing.length) this.logger.log(`Seeded ${missing.length} regions`);
  }

  async listCountries(locale?: string): Promise<CountryDto[]> {
    const em = this.em as SqlEntityManager;
    const countries = await em.find(Country, {}, { orderBy: { code: 'asc' } });
    const counts: { code: string; n: number | string }[] = await em
      .getConnection()
      .execute('select country_code as code, count(*) as n from members group by country_code');
    const countByCode = new Map(counts.map((c) => [c.code, Number(c.n)]));
    const channelIds = await this.channels.countryChannelIds();
    const lang = locale?.split('-')[0];
    return countries.map((c) => ({
      code: c.code,
      // Birlik's own table names every region in every UI language; a region an admin added outside it keeps its stored names.
      name: regionName(c.code, locale) ?? ((lang && c.names[lang]) || c.name),
      channelId: channelIds.get(c.code) ?? '',
      memberCount: countByCode.get(c.code) ?? 0,
      names: { ...c.names, ...REGION_NAMES[c.code] },
      languages: c.languages,
      timeZones: c.timeZones,
    }));
  }

  async getCountry(code: string): Promise<Country | null> {
    return this.em.findOne(Country, { code });
  }

  async listMembers(q: { countryCode?: string; kind?: MemberKind; q?: string; cursor?: string; limit: number }): Promise<Member[]> {
    const where: FilterQuery<Member> = {};
    if (q.countryCode) where.country = q.countryCode;
    if (q.kind) where.kind = q.kind;
    if (q.q?.trim()) Object.assign(where, containsText(this.em, 'search_text', fold(q.q)));
    if (q.cursor) where.id = { $gt: q.cursor };
    return this.em.find(Member, where, { orderBy: { id: 'asc' }, limit: q.limit + 1 });
  }

  /** The member with its country, or null. */
  async findMember(id: string, em: EntityManager = this.em): Promise<Member | null> {
    return em.findOne(Member, { id }, { populate: ['country'] });
  }

  async getMember(id: string): Promise<Member> {
    const m = await this.findMember(id);
    if (!m) throw new AppError('member_not_found');
    return m;
  }

  async createMember(dto: CreateMemberDto): Promise<Member> {
    const country = await this.requireCountry(dto.countryCode);
    const member = this.em.create(Member, {
      name: dto.name,
      kind: dto.kind,
      country,
      city: dto.city ?? null,
      searchText: memberSearchText(dto.name, dto.city),
    });
    await this.flushUnique(() => this.em.persistAndFlush(member));
    return member;
  }

  /** A member that moves to another country takes its officials along: their country and country channel change with it, in the same transaction. */
  async updateMember(id: string, dto: UpdateMemberDto): Promise<Member> {
    const member = await this.getMember(id);
    const from = member.country.code;
    if (dto.countryCode !== undefined) member.country = await this.requireCountry(dto.countryCode);
    if (dto.name !== undefined) member.name = dto.name;
    if (dto.kind !== undefined) member.kind = dto.kind;
    if (dto.city !== undefined) member.city = dto.city;
    member.searchText = memberSearchText(member.name, member.city);
    const moved = member.country.code !== from ? await this.channels.moveMemberCountry(this.em, member.id, from, member.country.code) : null;
    await this.flushUnique(() => this.em.flush());
    await moved?.();
    return member;
  }

  /**
   * Imports `name,kind,countryCode,city` lines: a line whose (countryCode, name) exists updates that member,
   * others create one. Bad lines are reported with their line number and never stop the good ones.
   */
  async importMembers(csv: string): Promise<ImportResultDto> {
    const errors: ImportErrorDto[] = [];
    const rows = parse(csv, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: { lines?: number; message: string } | undefined) => {
        if (err) errors.push({ line: err.lines ?? 0, message: `not valid CSV: ${err.message}` });
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
    if (!rows.length) throw new AppError('csv_header');
    const header = rows[0].record.map((h) => h.trim().toLowerCase());
    const col = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)]));
    if (col.name < 0 || col.kind < 0 || col.countrycode < 0) throw new AppError('csv_header');

    const countries = new Set((await this.em.find(Country, {}, { fields: ['code'] })).map((c) => c.code));
    const existing = new Map<string, Member>();
    for (const m of await this.em.find(Member, {}, { populate: ['country'] })) existing.set(memberKey(m.country.code, m.name), m);

    const result: ImportResultDto = { created: 0, updated: 0, unchanged: 0, errors };
    for (const { record, info } of rows.slice(1)) {
      const cell = (c: string) => (col[c] >= 0 ? (record[col[c]] ?? '').trim() : '');
      const name = cell('name');
      const kind = cell('kind');
      const countryCode = cell('countrycode').toUpperCase();
      const city = cell('city') || null;
      const problem = importProblem(record.length, header.length, name, kind, countryCode, city, countries);
      if (problem) {
        errors.push({ line: info.lines, message: problem });
        continue;
      }
      const key = memberKey(countryCode, name);
      const found = existing.get(key);
      if (found) {
        if (found.kind === kind && found.city === city) {
          result.unchanged++;
          continue;
        }
        found.kind = kind as MemberKind;
        found.city = city;
        found.searchText = memberSearchText(found.name, city);
        result.updated++;
      } else {
        const m = this.em.create(Member, {
          name,
          kind: kind as MemberKind,
          country: this.em.getReference(Country, countryCode),
          city,
          searchText: memberSearchText(name, city),
        });
        this.em.persist(m);
        existing.set(key, m);
        result.created++;
      }
    }
    await this.em.flush();
    errors.sort((a, b) => a.line - b.line);
    return result;
  }

  private async requireCountry(code: string): Promise<Country> {
    const country = await this.em.findOne(Country, { code });
    if (!country) throw new AppError('unknown_country');
    return country;
  }

  private async flushUnique(flush: () => Promise<void>): Promise<void> {
    try {
      await flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new AppError('member_exists');
      }
      throw err;
    }
  }
}

function importProblem(
  cells: number,
  columns: number,
  name: string,
  kind: string,
  countryCode: string,
  city: string | null,
  countries: Set<string>,
): string | null {
  if (cells > columns) return `expected ${columns} fields, found ${cells} (quote fields that contain commas)`;
  if (!name) return 'name is empty';
  if (name.length > 300) return 'name is longer than 300 characters';
  if (/\p{Cc}/u.test(name)) return 'name contains control characters';
  if (!(MEMBER_KINDS as readonly string[]).includes(kind)) return `kind must be one of ${MEMBER_KINDS.join(', ')} (got "${kind.slice(0, 40)}")`;
  if (!countries.has(countryCode)) return `countryCode "${countryCode.slice(0, 20)}" is not a known country or region`;
  if (city && city.length > 200) return 'city is longer than 200 characters';
  return null;
}

function memberKey(countryCode: string, name: string): string {
  return `${countryCode}\u0000${name}`;
}

function memberSearchText(name: string, city?: string | null): string {
  return fold(`${name} ${city ?? ''}`);
}
