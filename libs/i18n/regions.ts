import table from './region-names.json';
import { pickText } from './languages';

/**
 * The union's countries and regions named in every UI language, by code (ISO 3166-1 alpha-2, ISO 3166-2 for
 * sub-national members, `XK`, `CY-TRNC`). Birlik names them itself: browsers lack region names for some
 * languages (Azerbaijani, Kazakh in Chromium) and have none for ISO 3166-2 codes.
 */
export const REGION_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = table;

/** The name of a region in the language of `locale` (through its related language, then English); undefined when unknown. */
export function regionName(code: string, locale: string | null | undefined): string | undefined {
  const names = REGION_NAMES[code.toUpperCase()];
  return names ? pickText(names, locale) : undefined;
}
