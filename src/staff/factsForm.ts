// The forms in which a clerk fills in the facts only the municipality has: a service's deadline and
// fee for each speed, and the municipality's hours, reception day, bank account and contacts. Pure:
// a form's fields in, checked values or errors naming the field out. Every value that is set or
// changed comes with its own source (a document, a council decision, "по данни на общината") and
// the date it was checked.
import { SPEEDS, WEEKDAYS, type Deadline, type Speed, type Weekday } from '../knowledge/schema.js';
import type { Translate } from '../common/i18n.js';
import { MAX_FEE_CENTS, centsText, parseMoney } from './moneyInput.js';

export type FormFields = Record<string, string>;

/** A problem with one field, worded for the clerk; `field` is '' for the form as a whole. */
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
const MAX_TEXT = 300;

/** "12,50" or "12.50" → 12.5; undefined for an empty field; NaN for anything else. */
function number(value: string | undefined): number | undefined {
  const v = (value ?? '').trim().replace(',', '.');
  if (!v) return undefined;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
}

/** The names of a source's fields: `source_title`, … on a service's form, `hours_source_title`, … for a block. */
export const sourceField = (prefix: string, part: 'title' | 'url' | 'date') => `${prefix}source_${part}`;

/** Whether the clerk named a source in the fields with this prefix (the date alone is filled in for them). */
const namesSource = (fields: FormFields, prefix: string) => Boolean((fields[sourceField(prefix, 'title')] ?? '').trim() || (fields[sourceField(prefix, 'url')] ?? '').trim());

/** The source in the fields with this prefix; `label` starts each error ("Работно време – …"). */
function sourceOf(fields: FormFields, prefix: string, today: string, t: Translate, errors: FieldError[], label = ''): SourceInput {
  const [titleField, urlField, dateField] = (['title', 'url', 'date'] as const).map((part) => sourceField(prefix, part));
  const error = (field: string, message: string) => errors.push({ field, message: label ? `${label} – ${message}` : message });
  const title = (fields[titleField] ?? '').trim();
  const url = (fields[urlField] ?? '').trim();
  const checked = (fields[dateField] ?? '').trim() || today;
  if (!title) error(titleField, t('staff.facts.error.sourceMissing'));
  if (title.length > MAX_TEXT) error(titleField, t('staff.facts.error.tooLong', { max: MAX_TEXT }));
  if (url && !/^https?:\/\/\S+$/.test(url)) error(urlField, t('staff.facts.error.url'));
  const real = /^\d{4}-\d{2}-\d{2}$/.test(checked) && new Date(`${checked}T00:00:00Z`).toISOString().startsWith(checked);
  if (!real || checked > today) error(dateField, t('staff.facts.error.date'));
  return { title, ...(url ? { url } : {}), checked };
}

/** The label of a speed's field, for an error: "Такса – експресна". */
const speedLabel = (t: Translate, speed: string, what: 'amount' | 'unit' | 'days' | 'fee') => `${t(`staff.facts.${what}`)} – ${t(`answer.speed.${speed}`, { defaultValue: speed })}`;

/** A fee as the clerk gave it: euro cents, and the leva when the clerk wrote leva. */
export interface FeeInput {
  cents: number;
  levaCents?: number;
}

/** One speed of a service as the form gives it; the edit turns it into the file's `SpeedOption`. */
export interface SpeedInput {
  speed: Speed;
  deadline?: Deadline;
  fee?: FeeInput;
}

/** A speed's fee field; undefined when empty or wrong (then with its error). */
function feeOf(fields: FormFields, speed: string, t: Translate, errors: FieldError[]): FeeInput | undefined {
  const field = `${speed}_fee`;
  const text = (fields[field] ?? '').trim();
  if (!text) return undefined;
  const read = parseMoney(text);
  if (read.ok) return read.levaCents === undefined ? { cents: read.cents } : { cents: read.cents, levaCents: read.levaCents };
  errors.push({ field, message: `${speedLabel(t, speed, 'fee')}: ${t(`staff.facts.money.${read.error}`, { max: centsText(MAX_FEE_CENTS) })}` });
  return undefined;
}

/** A service's speeds from the form: `<speed>_amount`, `<speed>_unit`, `<speed>_days`, `<speed>_fee`. */
export function checkSpeedsForm(fields: FormFields, today: string, t: Translate): Checked<{ items: SpeedInput[]; source: SourceInput }> {
  const errors: FieldError[] = [];
  for (const name of Object.keys(fields)) {
    const m = /^([a-z]+)_(amount|unit|days|fee)$/.exec(name);
    if (m && !(SPEEDS as readonly string[]).includes(m[1]) && (fields[name] ?? '').trim()) {
      errors.push({ field: name, message: t('staff.facts.error.unknownSpeed', { speed: m[1] }) });
    }
  }
  const items: SpeedInput[] = [];
  for (const speed of SPEEDS) {
    const error = (what: 'amount' | 'unit' | 'days', key: string) => errors.push({ field: `${speed}_${what}`, message: `${speedLabel(t, speed, what)}: ${t(`staff.facts.error.${key}`)}` });
    const amount = number(fields[`${speed}_amount`]);
    const unit = (fields[`${speed}_unit`] ?? '').trim();
    const days = (fields[`${speed}_days`] ?? '').trim();
    if (unit && !(DEADLINE_UNITS as readonly string[]).includes(unit)) error('unit', 'unit');
    if (days && days !== 'working' && days !== 'calendar') error('days', 'days');
    if (amount !== undefined && (Number.isNaN(amount) || amount <= 0 || amount > 1000)) error('amount', 'amount');
    if (amount !== undefined && !unit) error('unit', 'unitMissing');
    if (unit && unit !== 'immediately' && amount === undefined) error('amount', 'amountMissing');
    if (days && unit !== 'days') error('days', 'daysOnlyWithDays');
    const fee = feeOf(fields, speed, t, errors);
    const validUnit = (DEADLINE_UNITS as readonly string[]).includes(unit) ? (unit as Deadline['unit']) : undefined;
    const deadline: Deadline | undefined =
      validUnit && (validUnit === 'immediately' || (amount !== undefined && amount > 0))
        ? { unit: validUnit, ...(validUnit === 'immediately' ? {} : { amount }), ...(days === 'working' || days === 'calendar' ? { days } : {}) }
        : undefined;
    if (deadline || fee) items.push({ speed, ...(deadline ? { deadline } : {}), ...(fee ? { fee } : {}) });
  }
  if (items.length === 0 && errors.length === 0) errors.push({ field: 'regular_fee', message: t('staff.facts.error.nothing') });
  const source = sourceOf(fields, '', today, t, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { items, source } };
}

export type WeeklyHours = Partial<Record<Weekday, Array<[string, string]>>>;

/** The weekdays whose hours can be "the same as Monday" with a tick. */
export const LIKE_MONDAY: readonly Weekday[] = ['tue', 'wed', 'thu', 'fri'];

/** The blocks of the municipality's facts; each is saved with the source the clerk names for it. */
export const FACT_BLOCKS = ['hours', 'reception', 'payment', 'contacts'] as const;
export type FactBlock = (typeof FACT_BLOCKS)[number];

type Labelled = { label: { bg: string; en: string } };

/** The municipality's facts the form edits, without their sources. */
export interface MunicipalityValues {
  /** Undefined: every day left empty, so the hours are not known (not "closed every day"). */
  hours?: WeeklyHours;
  reception?: { bg: string; en: string };
  payment?: { iban: string; bic?: string; codes: Array<{ code: string } & Labelled> };
  phones: Array<{ number: string } & Labelled>;
  emails: Array<{ address: string } & Labelled>;
}

export interface MunicipalityFacts extends MunicipalityValues {
  /** The source the clerk named for a block: needed where the block is set or changed. */
  sources: Partial<Record<FactBlock, SourceInput>>;
}

/** The municipality's facts as the file has them (its parsed data; sources left out). */
export function municipalityValues(m: {
  hours?: { weekly: WeeklyHours };
  reception?: { bg: string; en: string };
  payment?: { iban: string; bic?: string; codes?: Array<{ code: string } & Labelled> };
  phones?: Array<{ number: string } & Labelled>;
  emails?: Array<{ address: string } & Labelled>;
}): MunicipalityValues {
  const label = (l: Labelled['label']) => ({ bg: l.bg, en: l.en });
  return {
    ...(m.hours ? { hours: m.hours.weekly } : {}),
    ...(m.reception ? { reception: { bg: m.reception.bg, en: m.reception.en } } : {}),
    ...(m.payment ? { payment: { iban: m.payment.iban.replace(/\s+/g, '').toUpperCase(), ...(m.payment.bic ? { bic: m.payment.bic } : {}), codes: (m.payment.codes ?? []).map((c) => ({ code: c.code, label: label(c.label) })) } } : {}),
    phones: (m.phones ?? []).map((p) => ({ number: p.number, label: label(p.label) })),
    emails: (m.emails ?? []).map((e) => ({ address: e.address, label: label(e.label) })),
  };
}

/** A block's values as one comparable text: two equal texts are the same facts. */
export function blockKey(values: MunicipalityValues, block: FactBlock): string {
  const of = { hours: values.hours, reception: values.reception, payment: values.payment, contacts: [values.phones, values.emails] }[block];
  return JSON.stringify(of ?? null, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
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

type ErrorAt = (field: string, key: string, extra?: Record<string, string>) => void;

/** The week from `hours_<day>` and the ticks `same_<day>` ("as Monday"); an empty day is closed. */
function weekOf(fields: FormFields, t: Translate, error: ErrorAt): WeeklyHours | undefined {
  const hours: WeeklyHours = {};
  const read = (day: Weekday) => {
    const text = (fields[`hours_${day}`] ?? '').trim();
    const periods = text ? parsePeriods(text) : [];
    if (!periods) error(`hours_${day}`, 'hours', { day: t(`calendar.weekday.${day}`, { defaultValue: day }) });
    return periods ?? [];
  };
  for (const day of WEEKDAYS) {
    const own = read(day);
    const likeMonday = LIKE_MONDAY.includes(day) && Boolean(fields[`same_${day}`]);
    if (likeMonday && own.length > 0 && JSON.stringify(own) !== JSON.stringify(hours.mon ?? [])) error(`hours_${day}`, 'sameAsMonday', { day: t(`calendar.weekday.${day}`, { defaultValue: day }) });
    const periods = likeMonday ? (hours.mon ?? []) : own;
    if (periods.length > 0) hours[day] = periods;
  }
  return Object.keys(hours).length > 0 ? hours : undefined;
}

/** The municipality's values from the form's fields, with an error for each field that is wrong. */
function readMunicipalityValues(fields: FormFields, t: Translate, errors: FieldError[]): MunicipalityValues {
  const label = (field: string) => t(`staff.facts.field.${field.replace(/^hours_.*/, 'hours').replace(/^reception_.*/, 'reception')}`);
  const error: ErrorAt = (field, key, extra = {}) => errors.push({ field, message: `${label(field)}: ${t(`staff.facts.error.${key}`, extra)}` });

  const hours = weekOf(fields, t, error);
  const receptionBg = (fields.reception_bg ?? '').trim();
  const receptionEn = (fields.reception_en ?? '').trim();
  if (Boolean(receptionBg) !== Boolean(receptionEn)) error(receptionBg ? 'reception_en' : 'reception_bg', 'bothLanguages');

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

  return {
    ...(hours ? { hours } : {}),
    ...(receptionBg ? { reception: { bg: receptionBg, en: receptionEn } } : {}),
    ...(iban ? { payment: { iban, ...(bic ? { bic } : {}), codes } } : {}),
    phones,
    emails,
  };
}

/**
 * The municipality's facts from the form: `hours_<day>` and `same_<day>`, `reception_bg/en`, `iban`,
 * `bic`, `codes`, `phones`, `emails`, and for each block its source (`<block>_source_title`, …).
 * A block that is set and differs from `before` (what the form showed) needs its source; a source
 * named for a block that did not change records that the clerk checked it again.
 */
export function checkMunicipalityForm(fields: FormFields, today: string, t: Translate, before: MunicipalityValues): Checked<MunicipalityFacts> {
  const errors: FieldError[] = [];
  const values = readMunicipalityValues(fields, t, errors);
  const sources: MunicipalityFacts['sources'] = {};
  for (const block of FACT_BLOCKS) {
    const prefix = `${block}_`;
    const changed = blockKey(values, block) !== blockKey(before, block);
    const set = blockKey(values, block) !== 'null';
    if (namesSource(fields, prefix) || (changed && set)) sources[block] = sourceOf(fields, prefix, today, t, errors, t(`staff.facts.block.${block}`));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { ...values, sources } };
}

/** Fields of a form page are short; a `_seen` longer than this is not one the page made. */
export const MAX_SEEN = 64 * 1024;

/** What the municipality form showed the clerk (its `_seen` field), read as the form is; undefined when absent or not valid. */
export function seenMunicipalityValues(fields: FormFields, t: Translate): MunicipalityValues | undefined {
  const text = fields._seen ?? '';
  if (!text || text.length > MAX_SEEN) return undefined;
  let seen: unknown;
  try {
    seen = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof seen !== 'object' || seen === null || Array.isArray(seen) || !Object.values(seen).every((v) => typeof v === 'string')) return undefined;
  const errors: FieldError[] = [];
  const values = readMunicipalityValues(seen as FormFields, t, errors);
  return errors.length === 0 ? values : undefined;
}
