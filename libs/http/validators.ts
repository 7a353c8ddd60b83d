import { registerDecorator, type ValidationOptions } from 'class-validator';

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
