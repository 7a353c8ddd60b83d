import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The property may be left out, but when it is sent it must be valid. Unlike `IsOptional`, `null` is not
 * skipped: `{"displayName": null}` is a 400 naming the field, not a NULL written to a NOT NULL column.
 */
export const IsOptionalNonNull = () => ValidateIf((_, value) => value !== undefined);

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function isLocaleTag(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 35) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** An IANA time zone such as Asia/Almaty. */
export function IsTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Europe/Istanbul`, ...options },
      validator: { validate: isTimeZone },
    });
}

/** A BCP 47 language tag such as tr, ru or kk-Cyrl-KZ. */
export function IsLocaleTag(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocaleTag',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a BCP 47 language tag such as tr or kk-Cyrl-KZ`, ...options },
      validator: { validate: isLocaleTag },
    });
}

export function canonicalLocale(tag: string): string {
  return Intl.getCanonicalLocales(tag)[0];
}

/**
 * At most `max` characters, counted as Unicode code points, the way a varchar(max) column counts them.
 * class-validator's MaxLength does not count variation selectors (U+FE0E/U+FE0F, as in "❤️"), so text it
 * accepts could overflow the column; the message is the same as MaxLength's.
 */
export function MaxChars(max: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'maxChars',
      target: target.constructor,
      propertyName,
      constraints: [max],
      options: { message: `${propertyName} must be shorter than or equal to ${max} characters`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && [...value].length <= max },
    });
}
