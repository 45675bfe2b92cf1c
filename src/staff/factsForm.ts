// The forms in which a clerk fills in the facts only the municipality has: a service's deadline and
// fee for each speed, and the municipality's hours, contacts, bank account and reception day. Pure:
// a form's fields in, checked values or errors naming the field out. Every value comes with its
// source (a document, a council decision, "по данни на общината") and the date it was checked.
import { SPEEDS, WEEKDAYS, type Deadline, type Speed, type SpeedOption, type Weekday } from '../knowledge/schema.js';
import type { Translate } from '../common/i18n.js';

export type FormFields = Record<string, string>;

/** A problem with one field, worded for the clerk. */
export interface FieldError {
  field: string;
  message: string;
}

export interface SourceInput {
  title: string;
  url?: string;
  checked: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const DEADLINE_UNITS = ['immediately', 'hours', 'days', 'months'] as const;
const MAX_FEE = 100_000;
const MAX_TEXT = 300;

/** "12,50" or "12.50" → 12.5; undefined for an empty field; NaN for anything else. */
function number(value: string | undefined): number | undefined {
  const v = (value ?? '').trim().replace(',', '.');
  if (!v) return undefined;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
}

/** The source of the values, which every form carries. */
function sourceOf(fields: FormFields, today: string, t: Translate, errors: FieldError[]): SourceInput {
  const title = (fields.source_title ?? '').trim();
  const url = (fields.source_url ?? '').trim();
  const checked = (fields.source_date ?? '').trim() || today;
  if (!title) errors.push({ field: 'source_title', message: t('staff.facts.error.sourceMissing') });
  if (title.length > MAX_TEXT) errors.push({ field: 'source_title', message: t('staff.facts.error.tooLong', { max: MAX_TEXT }) });
  if (url && !/^https?:\/\/\S+$/.test(url)) errors.push({ field: 'source_url', message: t('staff.facts.error.url') });
  const real = /^\d{4}-\d{2}-\d{2}$/.test(checked) && new Date(`${checked}T00:00:00Z`).toISOString().startsWith(checked);
  if (!real || checked > today) errors.push({ field: 'source_date', message: t('staff.facts.error.date') });
  return { title, ...(url ? { url } : {}), checked };
}

/** The label of a speed's field, for an error: "Такса – експресна". */
const speedLabel = (t: Translate, speed: string, what: 'amount' | 'unit' | 'days' | 'fee') => `${t(`staff.facts.${what}`)} – ${t(`answer.speed.${speed}`, { defaultValue: speed })}`;

/** A service's speeds from the form: `<speed>_amount`, `<speed>_unit`, `<speed>_days`, `<speed>_fee`. */
export function checkSpeedsForm(fields: FormFields, today: string, t: Translate): Checked<{ items: SpeedOption[]; source: SourceInput }> {
  const errors: FieldError[] = [];
  for (const name of Object.keys(fields)) {
    const m = /^([a-z]+)_(amount|unit|days|fee)$/.exec(name);
    if (m && !(SPEEDS as readonly string[]).includes(m[1]) && (fields[name] ?? '').trim()) {
      errors.push({ field: name, message: t('staff.facts.error.unknownSpeed', { speed: m[1] }) });
    }
  }
  const items: SpeedOption[] = [];
  for (const speed of SPEEDS) {
    const error = (what: 'amount' | 'unit' | 'days' | 'fee', key: string, extra = {}) =>
      errors.push({ field: `${speed}_${what}`, message: `${speedLabel(t, speed, what)}: ${t(`staff.facts.error.${key}`, extra)}` });
    const amount = number(fields[`${speed}_amount`]);
    const unit = (fields[`${speed}_unit`] ?? '').trim();
    const days = (fields[`${speed}_days`] ?? '').trim();
    const fee = number(fields[`${speed}_fee`]);
    if (unit && !(DEADLINE_UNITS as readonly string[]).includes(unit)) error('unit', 'unit');
    if (days && days !== 'working' && days !== 'calendar') error('days', 'days');
    if (amount !== undefined && (Number.isNaN(amount) || amount <= 0 || amount > 1000)) error('amount', 'amount');
    if (amount !== undefined && !unit) error('unit', 'unitMissing');
    if (unit && unit !== 'immediately' && amount === undefined) error('amount', 'amountMissing');
    if (days && unit !== 'days') error('days', 'daysOnlyWithDays');
    if (fee !== undefined && (Number.isNaN(fee) || fee < 0 || fee > MAX_FEE || Math.round(fee * 100) !== fee * 100)) error('fee', 'fee', { max: MAX_FEE });
    const validUnit = (DEADLINE_UNITS as readonly string[]).includes(unit) ? (unit as Deadline['unit']) : undefined;
    const deadline: Deadline | undefined =
      validUnit && (validUnit === 'immediately' || (amount !== undefined && amount > 0))
        ? { unit: validUnit, ...(validUnit === 'immediately' ? {} : { amount }), ...(days === 'working' || days === 'calendar' ? { days } : {}) }
        : undefined;
    const feeValue = fee !== undefined && !Number.isNaN(fee) && fee >= 0 ? { eur: fee } : undefined;
    if (deadline || feeValue) items.push({ speed: speed as Speed, ...(deadline ? { deadline } : {}), ...(feeValue ? { fee: feeValue } : {}) });
  }
  if (items.length === 0 && errors.length === 0) errors.push({ field: 'regular_fee', message: t('staff.facts.error.nothing') });
  const source = sourceOf(fields, today, t, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { items, source } };
}

export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

export interface MunicipalityFacts {
  /** Undefined: every day left empty, so the hours are not known (not "closed every day"). */
  hours?: WeeklyHours;
  reception?: { bg: string; en: string };
  payment?: { iban: string; bic?: string; codes: Array<{ code: string; label: { bg: string; en: string } }> };
  phones: Array<{ number: string; label: { bg: string; en: string } }>;
  emails: Array<{ address: string; label: { bg: string; en: string } }>;
  source: SourceInput;
}

/** "08:00-12:00, 13:00-17:00" → [["08:00","12:00"],["13:00","17:00"]]; undefined when malformed. */
export function parsePeriods(text: string): Array<[string, string]> | undefined {
  const parts = text.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
  const periods: Array<[string, string]> = [];
  for (const part of parts) {
    const m = /^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})$/.exec(part);
    if (!m) return undefined;
    const [from, to] = [`${m[1].padStart(2, '0')}:${m[2]}`, `${m[3].padStart(2, '0')}:${m[4]}`];
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(from) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(to) || from >= to) return undefined;
    if (periods.length > 0 && periods[periods.length - 1][1] > from) return undefined;
    periods.push([from, to]);
  }
  return periods;
}

/** Lines "value | етикет | label" of a text area. */
function lines(text: string | undefined): string[][] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split('|').map((p) => p.trim()));
}

/** The municipality's facts from the form: `hours_<day>`, `reception_bg/en`, `iban`, `bic`, `codes`, `phones`, `emails`. */
export function checkMunicipalityForm(fields: FormFields, today: string, t: Translate): Checked<MunicipalityFacts> {
  const errors: FieldError[] = [];
  const error = (field: string, key: string, extra = {}) => errors.push({ field, message: `${t(`staff.facts.field.${field.replace(/^hours_.*/, 'hours')}`)}: ${t(`staff.facts.error.${key}`, extra)}` });

  const hours: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    const text = (fields[`hours_${day}`] ?? '').trim();
    if (!text) continue;
    const periods = parsePeriods(text);
    if (!periods) error(`hours_${day}`, 'hours', { day: t(`calendar.weekday.${day}`, { defaultValue: day }) });
    else if (periods.length > 0) hours[day] = periods;
  }

  const receptionBg = (fields.reception_bg ?? '').trim();
  const receptionEn = (fields.reception_en ?? '').trim();
  if (Boolean(receptionBg) !== Boolean(receptionEn)) error('reception', 'bothLanguages');

  const iban = (fields.iban ?? '').replace(/\s+/g, '').toUpperCase();
  const bic = (fields.bic ?? '').trim().toUpperCase();
  if (iban && !/^BG\d{2}[A-Z]{4}\d{6}[A-Z0-9]{8}$/.test(iban)) error('iban', 'iban');
  if (bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) error('bic', 'bic');
  const codes = lines(fields.codes).map(([code, bg, en]) => ({ code: code ?? '', label: { bg: bg ?? '', en: en || bg || '' } }));
  if (codes.some((c) => !/^\d{6}$/.test(c.code) || !c.label.bg)) error('codes', 'codes');
  if (codes.length > 0 && !iban) error('iban', 'ibanForCodes');

  const phones = lines(fields.phones).map(([number, bg, en]) => ({ number: number ?? '', label: { bg: bg ?? '', en: en || bg || '' } }));
  if (phones.length === 0) error('phones', 'phoneMissing');
  if (phones.some((p) => !/^[+\d][\d\s/()-]{3,20}$/.test(p.number) || !p.label.bg)) error('phones', 'phones');
  const emails = lines(fields.emails).map(([address, bg, en]) => ({ address: address ?? '', label: { bg: bg ?? '', en: en || bg || '' } }));
  if (emails.some((e) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e.address) || !e.label.bg)) error('emails', 'emails');

  const source = sourceOf(fields, today, t, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...(Object.keys(hours).length > 0 ? { hours } : {}),
      ...(receptionBg ? { reception: { bg: receptionBg, en: receptionEn } } : {}),
      ...(iban ? { payment: { iban, ...(bic ? { bic } : {}), codes } } : {}),
      phones,
      emails,
      source,
    },
  };
}

/** Fields of a form page are short; a `_seen` longer than this is not one the page made. */
export const MAX_SEEN = 64 * 1024;

/** What the municipality form showed the clerk (its `_seen` field), checked as the form is; undefined when absent or not valid. */
export function seenMunicipalityFacts(fields: FormFields, today: string, t: Translate): MunicipalityFacts | undefined {
  const text = fields._seen ?? '';
  if (!text || text.length > MAX_SEEN) return undefined;
  let seen: unknown;
  try {
    seen = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof seen !== 'object' || seen === null || Array.isArray(seen) || !Object.values(seen).every((v) => typeof v === 'string')) return undefined;
  const checked = checkMunicipalityForm({ ...(seen as FormFields), source_title: 'seen', source_date: today }, today, t);
  return checked.ok ? checked.value : undefined;
}
