// Checks for what citizens type into the feedback dialog. Pure.
import { z } from 'zod';

export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 2000;
export const LOCATION_MAX = 300;
export const NAME_MAX = 100;

export type Reach = { phone: string } | { email: string };

const email = z.email();

/** A Bulgarian or international phone number, returned as digits with an optional leading +. */
export function normalisePhone(text: string): string | undefined {
  const compact = text.trim().replace(/[\s\-()./]/g, '');
  if (!/^\+?\d{9,15}$/.test(compact)) return undefined;
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('00')) return `+${compact.slice(2)}`;
  return compact.startsWith('0') && compact.length >= 9 && compact.length <= 11 ? compact : undefined;
}

export function parseReach(text: string): Reach | undefined {
  const trimmed = text.trim();
  if (email.safeParse(trimmed).success) return { email: trimmed.toLowerCase() };
  const phone = normalisePhone(trimmed);
  return phone ? { phone } : undefined;
}

export function isValidName(text: string): boolean {
  const t = text.trim();
  return t.length >= 2 && t.length <= NAME_MAX && /\p{L}/u.test(t) && !/[<>{}]/.test(t);
}

export type DescriptionCheck = 'ok' | 'tooShort' | 'tooLong';

export function checkDescription(text: string): DescriptionCheck {
  const length = text.trim().length;
  if (length < DESCRIPTION_MIN) return 'tooShort';
  return length > DESCRIPTION_MAX ? 'tooLong' : 'ok';
}
