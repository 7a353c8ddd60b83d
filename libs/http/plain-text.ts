import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { Trim } from './transforms';
import { MaxChars } from './validators';

export const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;

/** A trimmed single string of at most `max` characters without control characters (names, titles, cities). */
export const PlainText = (max: number) =>
  applyDecorators(Trim(), IsString(), MaxChars(max) as PropertyDecorator, Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' }));
