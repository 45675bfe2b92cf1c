// The shape of the municipality's knowledge files. Every fact block names the
// source(s) it comes from; the loader checks that those sources exist, so a
// fee or a deadline can never appear without a source and a check date.
import { z } from 'zod';
import { WEEKDAYS, type Weekday } from '../dates/sofiaTime.js';

const text = z.string().trim().min(1, 'must not be empty');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case latin letters, digits and hyphens');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use the form YYYY-MM-DD');

/** A sentence in both languages. */
export const Bilingual = z.object({ bg: text, en: text }).strict();

/** One source key or several. */
const SourceRef = z.union([slug, z.array(slug).min(1)]);

export const Source = z
  .object({
    id: slug,
    title: text,
    url: z.url().optional(),
    /** When someone last checked that the source says what the entry says. */
    checked: isoDate,
    /** petrich: about this municipality; national: a law or national register that applies everywhere. */
    scope: z.enum(['petrich', 'national']),
    note: text.optional(),
  })
  .strict();

const SourcedText = Bilingual.extend({ source: SourceRef }).strict();

const SourcedList = z.object({ source: SourceRef, items: z.array(Bilingual).min(1) }).strict();

export const Deadline = z
  .object({
    unit: z.enum(['immediately', 'hours', 'days', 'months']),
    amount: z.number().positive().optional(),
    /** Left out when the source does not say whether working or calendar days count. */
    days: z.enum(['working', 'calendar']).optional(),
  })
  .strict()
  .refine((d) => d.unit === 'immediately' || d.amount !== undefined, { message: 'amount is required unless unit is immediately', path: ['amount'] })
  .refine((d) => d.days === undefined || d.unit === 'days', { message: 'days (working/calendar) only goes with unit: days', path: ['days'] });

export const Fee = z
  .object({
    /** Amount in euro; 0 means free of charge. */
    eur: z.number().min(0),
    /** The amount the source gave in leva, when the euro amount was converted at 1.95583. */
    bgn: z.number().min(0).optional(),
    /** Unit the fee is charged per (per m³, per m² a day, …). */
    per: Bilingual.optional(),
    note: Bilingual.optional(),
  })
  .strict();

export const SPEEDS = ['regular', 'fast', 'express'] as const;

export const SpeedOption = z
  .object({
    speed: z.enum(SPEEDS),
    deadline: Deadline.optional(),
    fee: Fee.optional(),
  })
  .strict()
  .refine((s) => s.deadline !== undefined || s.fee !== undefined, { message: 'give a deadline, a fee or both' });

const Phrases = z
  .object({
    bg: z.array(text).min(1, 'give at least one Bulgarian phrasing'),
    en: z.array(text).min(1, 'give at least one English phrasing'),
  })
  .strict();

/** The most characters a button shows on every channel (Messenger's quick replies: 20). */
export const SHORT_TITLE_MAX = 20;
const shortText = text.refine((s) => Array.from(s).length <= SHORT_TITLE_MAX, { message: `at most ${SHORT_TITLE_MAX} characters: it is shown on a button` });

const entryBase = {
  id: slug,
  title: Bilingual,
  /** The title as a button shows it where buttons are short ("Наследници"); needed when `title` is longer than SHORT_TITLE_MAX. */
  short_title: z.object({ bg: shortText, en: shortText }).strict().optional(),
  summary: Bilingual,
  related: z.array(slug).default([]),
  /** Questions as citizens ask them; indexed for search. */
  examples: Phrases,
  /** Everyday and official words for the matter; indexed for search. */
  keywords: Phrases,
  /** Words or phrases that rule this entry out: a question that has one is never answered with it. */
  excludes: z.object({ bg: z.array(text).default([]), en: z.array(text).default([]) }).strict().optional(),
  sources: z.array(Source).min(1, 'every entry needs at least one source'),
};

export const ServiceEntry = z
  .object({
    ...entryBase,
    /** Number in the national register of administrative services (IISDA), when known. */
    code: z.string().regex(/^\d+$/, 'digits only').optional(),
    department: Bilingual.optional(),
    who_may_apply: SourcedList.optional(),
    documents: SourcedList,
    speeds: z.object({ source: SourceRef, items: z.array(SpeedOption).min(1) }).strict().optional(),
    /** Where and how to apply. */
    where: SourcedText,
    online: SourcedText.extend({ url: z.url().optional() }).strict().optional(),
    payment: SourcedText.optional(),
    legal_basis: z.object({ source: SourceRef, items: z.array(text).min(1) }).strict().optional(),
    notes: z.array(SourcedText).optional(),
  })
  .strict();

/**
 * The municipality's facts that staff fill in from the console (municipality.yaml), placed in a topic
 * where it wants them: the bot shows the current value, or says that it is not published yet.
 */
export const MUNICIPAL_FACTS = ['hours', 'bank', 'reception'] as const;
export type MunicipalFact = (typeof MUNICIPAL_FACTS)[number];

export const TopicEntry = z
  .object({
    ...entryBase,
    body: z.array(z.union([SourcedText, z.object({ fact: z.enum(MUNICIPAL_FACTS) }).strict()])).min(1),
  })
  .strict();

export const RedirectEntry = z
  .object({
    ...entryBase,
    id: z.string().regex(/^redirect-[a-z0-9]+(-[a-z0-9]+)*$/, 'a redirect id starts with "redirect-"'),
    institution: z
      .object({
        name: Bilingual,
        address: Bilingual.optional(),
        phone: text.optional(),
        url: z.url().optional(),
        source: SourceRef,
      })
      .strict(),
    body: z.array(SourcedText).optional(),
  })
  .strict();

export const FEEDBACK_KINDS = ['complaint', 'signal', 'proposal', 'praise'] as const;

/** Phrasings that mark a message as a complaint, signal, proposal or praise. */
export const IntentEntry = z
  .object({
    id: slug,
    examples: Phrases,
    keywords: Phrases,
    /** Words that tell which kind of feedback a message is, so the dialog need not ask. */
    kinds: z.partialRecord(z.enum(FEEDBACK_KINDS), Phrases).optional(),
    /** Polite closings that name no kind of feedback: "Благодаря за отговора" ends a question, it is not praise. */
    courtesy: z.object({ bg: z.array(text).default([]), en: z.array(text).default([]) }).strict().optional(),
  })
  .strict();

/** Words or phrases in both languages, for recognising a message (see knowledge/README.md, "Problem reports"). */
const Patterns = z.object({ bg: z.array(text).default([]), en: z.array(text).default([]) }).strict();

/** Who deals with a category of problem: the municipality, another body, or the emergency services. */
export const SIGNAL_HANDLERS = ['municipality', 'other', 'emergency'] as const;

/**
 * A category of problem that citizens report (signals/<id>.yaml): the words of its objects and
 * typical faults, who deals with it, and what the bot asks. A message that names an object of a
 * category together with a fault or a request to act is taken as a report of that category.
 */
export const SignalCategory = z
  .object({
    id: slug,
    title: Bilingual,
    /** Completes "Разбрах: …" / "I understood: …" when the bot says what it recognised. */
    understood: Bilingual,
    handled_by: z.enum(SIGNAL_HANDLERS).default('municipality'),
    /** The kind of feedback a report of this category is recorded as. */
    kind: z.enum(['signal', 'complaint']).default('signal'),
    /** Whether the bot must know where the problem is before it records it. */
    place: z.enum(['required', 'optional']).default('required'),
    /**
     * The category of a problem told as a narrative (a state that lasts, indignation, a place, the
     * municipality addressed) that no other category names. It has no words of its own: at most one
     * category of a knowledge base is the fallback.
     */
    fallback: z.boolean().default(false),
    /** The question for the place, when the message did not say it. */
    ask_place: Bilingual.optional(),
    /** Things of this category: "контейнер", "улична лампа", "бездомно куче". */
    objects: Patterns.default({ bg: [], en: [] }),
    /** What typically goes wrong with them: "не се извозва", "прелива*". */
    faults: Patterns.default({ bg: [], en: [] }),
    /** Phrases that report a problem on their own: "незаконно сметище", "паднало дърво". */
    reports: Patterns.default({ bg: [], en: [] }),
    /** The body that deals with it, for `other` and `emergency`. */
    institution: z
      .object({
        name: Bilingual,
        phone: text.optional(),
        url: z.url().optional(),
        address: Bilingual.optional(),
        /** What the citizen should know about reaching it. */
        note: Bilingual.optional(),
        source: SourceRef,
      })
      .strict()
      .optional(),
    sources: z.array(Source).default([]),
  })
  .strict()
  .refine((c) => c.handled_by === 'municipality' || c.institution !== undefined, { message: 'a category handled by another body or the emergency services needs its institution', path: ['institution'] })
  .refine((c) => c.fallback || c.objects.bg.length > 0 || c.reports.bg.length > 0, { message: 'give at least one Bulgarian object or report phrase', path: ['objects'] });

/** How feedback is numbered and how soon the municipality must answer each kind. */
export const FeedbackSettings = z
  .object({
    /** Reference numbers look like ПТ-2026-000123. */
    reference_prefix: z.string().regex(/^[\p{Lu}A-Z]{1,6}$/u, 'one to six capital letters'),
    kinds: z.record(
      z.enum(FEEDBACK_KINDS),
      z
        .object({
          /** Left out when no rule sets a deadline (praise). */
          response: z.object({ amount: z.number().positive(), unit: z.enum(['days', 'months']) }).strict().optional(),
          source: SourceRef.optional(),
        })
        .strict(),
    ),
    /** What the law says about anonymous submissions, told before the citizen chooses. */
    anonymous_rule: SourcedText,
    sources: z.array(Source).min(1),
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM');

/** One opening period of a day, such as ["08:00", "12:00"]; "HH:MM" strings compare in time order. */
const OpeningPeriod = z.tuple([hhmm, hhmm]).refine(([from, to]) => from < to, { message: 'the closing time must be after the opening time' });

export const Municipality = z
  .object({
    name: Bilingual,
    address: SourcedText,
    service_centre: SourcedText,
    phones: z.array(z.object({ number: text, label: Bilingual, source: SourceRef }).strict()).min(1),
    emails: z.array(z.object({ address: z.email(), label: Bilingual, source: SourceRef }).strict()).default([]),
    website: z.object({ url: z.url(), source: SourceRef }).strict(),
    /** Left out when no source gives the hours: the bot then says to confirm by phone. */
    hours: z
      .object({
        source: SourceRef,
        weekly: z.partialRecord(
          z.enum(WEEKDAYS),
          z
            .array(OpeningPeriod)
            .min(1)
            .refine((periods) => periods.every((p, i) => i === 0 || periods[i - 1][1] <= p[0]), { message: 'list the periods in time order, without overlaps' }),
        ),
      })
      .strict()
      .optional(),
    holidays: SourcedText.optional(),
    /** When and where the mayor receives citizens. */
    reception: SourcedText.optional(),
    /** The bank account for paying local taxes and fees by transfer, with the codes of the kinds of payment. */
    payment: z
      .object({
        iban: z
          .string()
          .trim()
          .transform((v) => v.replace(/\s+/g, '').toUpperCase())
          .pipe(z.string().regex(/^BG\d{2}[A-Z]{4}\d{6}[A-Z0-9]{8}$/, 'a Bulgarian IBAN has 22 characters: BG, 2 digits, 4 letters, 14 letters or digits')),
        bic: z.string().trim().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'a BIC has 8 or 11 letters and digits').optional(),
        bank: Bilingual.optional(),
        /** Codes of the kinds of payment (вид плащане), such as 442100 for the property tax. */
        codes: z.array(z.object({ code: z.string().regex(/^\d{6}$/, 'six digits'), label: Bilingual }).strict()).default([]),
        source: SourceRef,
      })
      .strict()
      .optional(),
    /** The services the web page lists first, in this order (ids of entries). */
    featured: z.array(z.string()).default([]),
    sources: z.array(Source).min(1),
  })
  .strict();

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
const calendarDate = isoDate.refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: 'is not a real date' });

/** A day that the government or the mayor declared, with what it is and who declared it. */
const DeclaredDay = z.object({ date: calendarDate, name: Bilingual, source: SourceRef }).strict();

/**
 * calendar.yaml: what is declared year by year on top of the Labour Code's holidays, which the
 * bot computes itself (fixed dates, Orthodox Easter, a day off moved after a weekend holiday).
 */
export const CalendarSettings = z
  .object({
    /** The source of the Labour Code's official holidays (чл. 154), cited when the bot names one. */
    public_holidays: z.object({ source: SourceRef }).strict(),
    /** Days the municipality does not work although the law makes them working days: a bridge day, the town's own holiday. */
    days_off: z.array(DeclaredDay).default([]),
    /** Days the municipality works although they are a Saturday, a Sunday or a holiday (to work off a bridge day). */
    working_days: z
      .array(
        DeclaredDay.extend({
          /** Whose weekday's opening hours apply that day; Monday's when left out. */
          hours_like: z.enum(WEEKDAYS).optional(),
        }).strict(),
      )
      .default([]),
    sources: z.array(Source).min(1),
  })
  .strict();

export const Synonyms = z
  .object({
    /** Each group lists words or phrases that citizens use for the same thing. */
    groups: z.array(z.array(text).min(2, 'a group needs at least two phrases')),
  })
  .strict();

export type Bilingual = z.infer<typeof Bilingual>;
export type Source = z.infer<typeof Source>;
export type Deadline = z.infer<typeof Deadline>;
export type Fee = z.infer<typeof Fee>;
export type Speed = (typeof SPEEDS)[number];
export type SpeedOption = z.infer<typeof SpeedOption>;
export type ServiceEntry = z.infer<typeof ServiceEntry>;
export type TopicEntry = z.infer<typeof TopicEntry>;
export type RedirectEntry = z.infer<typeof RedirectEntry>;
export type IntentEntry = z.infer<typeof IntentEntry>;
export type SignalCategory = z.infer<typeof SignalCategory>;
export type FeedbackSettings = z.infer<typeof FeedbackSettings>;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export type Municipality = z.infer<typeof Municipality>;
export type Synonyms = z.infer<typeof Synonyms>;
export type CalendarSettings = z.infer<typeof CalendarSettings>;
export type DeclaredDay = CalendarSettings['days_off'][number];
export type DeclaredWorkingDay = CalendarSettings['working_days'][number];
export { WEEKDAYS, type Weekday };
