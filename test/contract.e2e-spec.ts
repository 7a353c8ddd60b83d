import { join } from 'node:path';
import * as ts from 'typescript';
import { TestApp } from './support/app';

/**
 * The OpenAPI document (`/api/docs-json`) and the wire types of libs/contract say the same: every response schema
 * has exactly the properties of its wire type, required and nullable where the wire type says so, with the same
 * enum values and the same nested types. The wire types are read with the TypeScript compiler.
 */

/** Each response schema of the document → the wire type it describes. */
const WIRE: Record<string, string> = {
  AuditEventDto: 'WireAuditEvent',
  ChannelDto: 'WireChannel',
  MyChannelDto: 'WireMyChannel',
  ChannelMemberDto: 'WireChannelMember',
  UserDto: 'WireUser',
  MeDto: 'WireMe',
  AuthResponseDto: 'WireAuth',
  QuietHoursResponse: 'WireQuietHours',
  NotificationPrefsResponse: 'WireNotificationPrefs',
  InvitedByDto: 'WireInvitedBy',
  InvitationLookupDto: 'WireInvitationLookup',
  InvitationResponseDto: 'WireInvitation',
  InvitationDto: 'WireInvitationRow',
  TwoFactorSetupDto: 'WireTwoFactorSetup',
  RecoveryCodesDto: 'WireRecoveryCodes',
  SessionDto: 'WireSession',
  SettingsDto: 'WireSettings',
  CountryDto: 'WireCountry',
  MemberDto: 'WireMember',
  ImportErrorDto: 'WireImportError',
  ImportResultDto: 'WireImportResult',
  AuthorResponse: 'WireAuthor',
  ReactionResponse: 'WireReaction',
  MessageResponseDto: 'WireMessage',
  NotificationDto: 'WireNotification',
  MarkedDto: 'WireMarked',
  AudienceDto: 'WireNoticeAudience',
  LocalTimeDto: 'WireLocalTime',
  CreatedNoticeDto: 'WireCreatedNotice',
  CountryReachDto: 'WireCountryReach',
  AudienceReachDto: 'WireAudienceReach',
  NoticeDto: 'WireNotice',
  CountryReportDto: 'WireNoticeCountryCounts',
  MemberReportDto: 'WireNoticeMemberCounts',
  PendingDto: 'WireNoticePending',
  NoticeReportDto: 'WireNoticeReport',
  CategoryDto: 'WireCategory',
  ThreadResponseDto: 'WireThread',
  ThreadWithMessageDto: 'WireThreadWithMessage',
  ThreadWithMessagesDto: 'WireThreadWithMessages',
  SearchAuthorDto: 'WireSearchAuthor',
  SearchHitDto: 'WireSearchHit',
};

/** Request bodies only: no wire type. A schema in neither list fails, so a new response class gets mapped. */
const INPUTS = [
  'CreateChannelDto',
  'DirectChannelDto',
  'UpdateChannelDto',
  'SetMemberRoleDto',
  'AddMembersDto',
  'CreateMemberDto',
  'UpdateMemberDto',
  'LoginDto',
  'RefreshDto',
  'RegisterDto',
  'SetupDto',
  'ForgotPasswordDto',
  'ResetPasswordDto',
  'CreateInvitationDto',
  'ChangePasswordDto',
  'EnableTwoFactorDto',
  'DisableTwoFactorDto',
  'UpdateSettingsDto',
  'QuietHoursDto',
  'NotificationPrefsDto',
  'UpdateMeDto',
  'UpdateUserDto',
  'PostMessageDto',
  'EditMessageDto',
  'MarkReadDto',
  'CreateNoticeDto',
  'AudienceQueryDto',
  'CreateThreadDto',
  'SolutionDto',
];

interface SchemaProperty {
  $ref?: string;
  allOf?: SchemaProperty[];
  oneOf?: SchemaProperty[];
  items?: SchemaProperty;
  enum?: unknown[];
  nullable?: boolean;
}
interface Schema {
  properties?: Record<string, SchemaProperty>;
  required?: string[];
}

/** What the comparison looks at, the same for a schema and for a wire type. */
interface Shape {
  /** name → required, null allowed, enum values (scalars only), the wire type it nests */
  [property: string]: { required: boolean; nullable: boolean; enum?: string[]; nested?: string };
}

function schemaShape(schema: Schema): Shape {
  const shape: Shape = {};
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    const ref = p.$ref ?? p.allOf?.[0]?.$ref ?? p.oneOf?.[0]?.$ref ?? p.items?.$ref;
    shape[name] = {
      required: (schema.required ?? []).includes(name),
      nullable: p.nullable === true,
      ...(p.enum && !p.items ? { enum: p.enum.map(String).sort() } : {}),
      ...(ref ? { nested: WIRE[ref.split('/').pop()!] ?? ref } : {}),
    };
  }
  return shape;
}

/** The wire types of libs/contract, by name, through the TypeScript compiler. */
function wireShapes(): (name: string) => Shape | undefined {
  const root = join(__dirname, '..');
  const index = join(root, 'libs/contract/index.ts');
  const program = ts.createProgram([index], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, baseUrl: root, paths: { '@lib/*': ['libs/*'] }, noEmit: true });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index)!)!);
  const byName = new Map(exports.map((s) => [s.getName(), s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s]));
  const present = (t: ts.Type) => (t.isUnion() ? t.types : [t]).filter((u) => !(u.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  const nestedName = (t: ts.Type): string | undefined => {
    const parts = present(t);
    if (parts.length !== 1) return undefined;
    const one = checker.isArrayType(parts[0]) ? checker.getTypeArguments(parts[0] as ts.TypeReference)[0] : parts[0];
    const name = one.aliasSymbol?.getName() ?? one.getSymbol()?.getName();
    return name && byName.has(name) ? name : undefined;
  };
  return (name) => {
    const symbol = byName.get(name);
    if (!symbol) return undefined;
    const shape: Shape = {};
    for (const p of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) {
      const type = checker.getTypeOfSymbol(p);
      const parts = present(type);
      const literals = parts.length > 0 && parts.every((u) => u.isStringLiteral());
      const nested = nestedName(type);
      shape[p.getName()] = {
        required: !(p.flags & ts.SymbolFlags.Optional),
        nullable: (type.isUnion() ? type.types : [type]).some((u) => u.flags & ts.TypeFlags.Null),
        ...(literals ? { enum: parts.map((u) => (u as ts.StringLiteralType).value).sort() } : {}),
        ...(nested ? { nested } : {}),
      };
    }
    return shape;
  };
}

describe('the OpenAPI document and libs/contract', () => {
  let t: TestApp;
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    t = await TestApp.start();
    schemas = ((await t.http().get('/api/docs-json').expect(200)).body as { components: { schemas: Record<string, Schema> } }).components.schemas;
  });
  afterAll(() => t?.close());

  it('maps every schema: a response schema to its wire type, the others are request bodies', () => {
    const unmapped = Object.keys(schemas).filter((n) => !(n in WIRE) && !INPUTS.includes(n));
    expect(unmapped).toEqual([]);
    const missing = [...Object.keys(WIRE), ...INPUTS].filter((n) => !(n in schemas));
    expect(missing).toEqual([]);
  });

  it('gives every response schema exactly the properties, required-ness, nullability, enums and nested types of its wire type', () => {
    const wire = wireShapes();
    const differences: string[] = [];
    for (const [schemaName, wireName] of Object.entries(WIRE)) {
      const fromWire = wire(wireName);
      if (!fromWire) {
        differences.push(`${wireName}: no such wire type`);
        continue;
      }
      const fromSchema = schemaShape(schemas[schemaName]);
      for (const p of new Set([...Object.keys(fromSchema), ...Object.keys(fromWire)])) {
        const [a, b] = [JSON.stringify(fromSchema[p] ?? 'absent'), JSON.stringify(fromWire[p] ?? 'absent')];
        if (a !== b) differences.push(`${schemaName}.${p} ${a} ≠ ${wireName}.${p} ${b}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
