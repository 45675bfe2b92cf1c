// The feedback list's query string, read and checked: the filters (kind, any of the statuses, the
// category of a report or none, a place, a range of days on Sofia's clock), the order and the
// grouping. The list page and the CSV export read the same query, so a bookmarked view and its
// download hold the same records. A value the form cannot send is a problem named to the clerk,
// never ignored and never an error of the server. Pure.
import { addDays, isoDate, sofiaInstant, type IsoDate } from '../dates/sofiaTime.js';
import { FEEDBACK_STATUSES, type FeedbackFilter, type FeedbackStatus } from '../feedback/types.js';
import { FEEDBACK_KINDS, type FeedbackKind } from '../knowledge/schema.js';
import { fieldMax } from './formLimits.js';

export const FEEDBACK_SORTS = ['newest', 'due'] as const;
export type FeedbackSort = (typeof FEEDBACK_SORTS)[number];

export const FEEDBACK_GROUPINGS = ['category', 'place', 'status'] as const;
export type FeedbackGrouping = (typeof FEEDBACK_GROUPINGS)[number];

/** The category filter's value for records without a category. */
export const WITHOUT_CATEGORY = 'none';

/** The parameters, in the order the form has them. */
export const FEEDBACK_QUERY_FIELDS = ['kind', 'status', 'category', 'place', 'from', 'to', 'sort', 'group'] as const;
export type FeedbackQueryField = (typeof FEEDBACK_QUERY_FIELDS)[number];

/** What the clerk asked for, as the form shows it back (a refused value included). */
export type FeedbackQueryForm = Readonly<Record<Exclude<FeedbackQueryField, 'status'>, string>> & { readonly status: readonly string[] };

/** The form of the whole list. */
export const WHOLE_LIST: FeedbackQueryForm = { kind: '', status: [], category: '', place: '', from: '', to: '', sort: '', group: '' };

export interface FeedbackListQuery {
  /** What the store filters on: in the database on PostgreSQL. */
  filter: FeedbackFilter;
  /** Words the place must have (placeMatches), checked after the store. */
  place?: string;
  sort: FeedbackSort;
  group?: FeedbackGrouping;
  form: FeedbackQueryForm;
}

export interface FeedbackQueryProblem {
  field: FeedbackQueryField;
  /** `choice`: not one the form offers; `date`: not a day; `range`: the first day after the last; `tooLong`: over fieldMax. */
  problem: 'choice' | 'date' | 'range' | 'tooLong';
  max?: number;
}

export type ParsedFeedbackQuery = { ok: true; query: FeedbackListQuery } | { ok: false; problem: FeedbackQueryProblem; form: FeedbackQueryForm };

/** A real calendar day written "YYYY-MM-DD" (not "2026-02-30"). */
function isDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** The first and the last millisecond of days on Sofia's clock, as the console shows times. */
const startOf = (day: IsoDate) => sofiaInstant({ date: day, minutes: 0 }).toISOString();
const endOf = (day: IsoDate) => new Date(sofiaInstant({ date: addDays(day, 1), minutes: 0 }).getTime() - 1).toISOString();

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/** Reads the query; `categories` are the ids of the report categories a record may be filtered by. */
export function parseFeedbackQuery(params: URLSearchParams, categories: ReadonlySet<string>): ParsedFeedbackQuery {
  const one = (name: FeedbackQueryField) => (params.get(name) ?? '').trim();
  const statuses = [...new Set(params.getAll('status').map((s) => s.trim()).filter(Boolean))];
  const form: FeedbackQueryForm = { kind: one('kind'), status: statuses, category: one('category'), place: one('place'), from: one('from'), to: one('to'), sort: one('sort'), group: one('group') };
  const refuse = (field: FeedbackQueryField, problem: FeedbackQueryProblem['problem'], max?: number): ParsedFeedbackQuery => ({
    ok: false,
    problem: { field, problem, ...(max === undefined ? {} : { max }) },
    // A refused value is shown back no longer than the field takes.
    form: { ...form, [field]: field === 'status' ? form.status.map((s) => s.slice(0, fieldMax(field))) : form[field].slice(0, fieldMax(field)) },
  });

  for (const field of FEEDBACK_QUERY_FIELDS) {
    if (params.getAll(field).some((v) => v.length > fieldMax(field))) return refuse(field, 'tooLong', fieldMax(field));
  }
  if (form.kind && !isOneOf(FEEDBACK_KINDS, form.kind)) return refuse('kind', 'choice');
  if (statuses.some((s) => !isOneOf(FEEDBACK_STATUSES, s))) return refuse('status', 'choice');
  if (form.category && form.category !== WITHOUT_CATEGORY && !categories.has(form.category)) return refuse('category', 'choice');
  if (form.from && !isDay(form.from)) return refuse('from', 'date');
  if (form.to && !isDay(form.to)) return refuse('to', 'date');
  if (form.from && form.to && form.from > form.to) return refuse('to', 'range');
  if (form.sort && !isOneOf(FEEDBACK_SORTS, form.sort)) return refuse('sort', 'choice');
  if (form.group && !isOneOf(FEEDBACK_GROUPINGS, form.group)) return refuse('group', 'choice');

  const filter: FeedbackFilter = {
    ...(form.kind ? { kind: form.kind as FeedbackKind } : {}),
    ...(statuses.length ? { statuses: statuses as FeedbackStatus[] } : {}),
    ...(form.category ? { category: form.category === WITHOUT_CATEGORY ? null : form.category } : {}),
    ...(form.from ? { from: startOf(form.from) } : {}),
    ...(form.to ? { to: endOf(form.to) } : {}),
  };
  return {
    ok: true,
    query: {
      filter,
      ...(form.place ? { place: form.place } : {}),
      sort: (form.sort || 'newest') as FeedbackSort,
      ...(form.group ? { group: form.group as FeedbackGrouping } : {}),
      form,
    },
  };
}

/** The query string of a view ("?kind=signal&status=received&status=in_progress"), '' for the whole list. */
export function feedbackQueryString(form: FeedbackQueryForm): string {
  const params = new URLSearchParams();
  for (const field of FEEDBACK_QUERY_FIELDS) {
    for (const value of field === 'status' ? form.status : [form[field]]) if (value) params.append(field, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
