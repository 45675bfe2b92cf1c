// Turns the text of the knowledge files into a checked KnowledgeBase, or a list
// of problems. Pure: the caller reads the files (see load.ts).
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { publicDayOffOn } from '../dates/holidays.js';
import { isWeekend } from '../dates/sofiaTime.js';
import { CalendarSettings, FeedbackSettings, IntentEntry, Municipality, RedirectEntry, ServiceEntry, SHORT_TITLE_MAX, SignalCategory, Synonyms, TopicEntry } from './schema.js';
import { DecisionsFile, DerivationFile, FacetsFile, PracticalFile, ReportsFile, StopwordsFile, WordList, type Lexicon } from './lexiconSchema.js';
import type { EntryKind, KnowledgeBase, KnowledgeEntry, KnowledgeProblem } from './types.js';

export interface KnowledgeFile {
  /** Path relative to the knowledge folder, with forward slashes. */
  path: string;
  text: string;
}

/** `warnings`: what a clerk should fix but the bot can live with (kb:check prints them and passes). */
export type ParseResult = { ok: true; kb: KnowledgeBase; warnings: KnowledgeProblem[] } | { ok: false; problems: KnowledgeProblem[] };

const ENTRY_FOLDERS: Record<string, { kind: EntryKind; schema: z.ZodType }> = {
  services: { kind: 'service', schema: ServiceEntry },
  topics: { kind: 'topic', schema: TopicEntry },
  redirects: { kind: 'redirect', schema: RedirectEntry },
};

function fieldPath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function readYaml(file: KnowledgeFile, problems: KnowledgeProblem[]): unknown {
  try {
    return parseYaml(file.text);
  } catch (err) {
    const message = err instanceof YAMLParseError ? err.message.split('\n')[0] : String(err);
    problems.push({ file: file.path, field: '', message: `not valid YAML: ${message}` });
    return undefined;
  }
}

function validate<T>(file: KnowledgeFile, schema: z.ZodType<T>, problems: KnowledgeProblem[]): T | undefined {
  const raw = readYaml(file, problems);
  if (raw === undefined && problems.some((p) => p.file === file.path)) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push({ file: file.path, field: fieldPath(issue.path), message: issue.message });
  }
  return undefined;
}

/** Every `source:` key used anywhere in an entry, with where it was used. */
function sourceRefs(value: unknown, path: string[] = []): Array<{ field: string; ref: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => sourceRefs(v, [...path, `[${i}]`]));
  if (value === null || typeof value !== 'object') return [];
  const out: Array<{ field: string; ref: string }> = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === 'source') {
      const refs = Array.isArray(v) ? v : [v];
      for (const ref of refs) out.push({ field: [...path, key].join('.').replace(/\.\[/g, '['), ref: String(ref) });
    } else if (key !== 'sources') {
      out.push(...sourceRefs(v, [...path, key]));
    }
  }
  return out;
}

function checkSourceRefs(file: string, value: { sources: Array<{ id: string }> }, problems: KnowledgeProblem[]): void {
  const known = new Set<string>();
  value.sources.forEach((s, i) => {
    if (known.has(s.id)) problems.push({ file, field: `sources[${i}].id`, message: `source "${s.id}" is listed twice` });
    known.add(s.id);
  });
  for (const { field, ref } of sourceRefs(value)) {
    if (!known.has(ref)) problems.push({ file, field, message: `names source "${ref}", which is not in this file's sources list` });
  }
}

/** Mistakes the schema cannot see: a date listed twice, or a "working day" that already is one. */
function checkCalendar(file: string, calendar: CalendarSettings, problems: KnowledgeProblem[]): void {
  const seen = new Map<string, string>();
  const lists = [
    ['days_off', calendar.days_off],
    ['working_days', calendar.working_days],
  ] as const;
  for (const [list, days] of lists) {
    days.forEach((d, i) => {
      const field = `${list}[${i}].date`;
      const earlier = seen.get(d.date);
      if (earlier) problems.push({ file, field, message: `${d.date} is also listed at ${earlier}: keep one` });
      seen.set(d.date, field);
      if (list === 'working_days' && !isWeekend(d.date) && !publicDayOffOn(d.date)) {
        problems.push({ file, field, message: `${d.date} is a weekday that is already a working day: check the date (list Saturdays, Sundays or holidays declared working)` });
      }
    });
  }
}

/** The intents, signal categories and entries of the knowledge folder's sub-folders, each file checked. */
function readFolders(files: KnowledgeFile[], problems: KnowledgeProblem[]) {
  const intents: IntentEntry[] = [];
  const signals: SignalCategory[] = [];
  const entries: KnowledgeEntry[] = [];
  const fileOf = new Map<string, string>();

  for (const file of files) {
    const [folder, name, ...rest] = file.path.split('/');
    if (rest.length > 0 || !name || !/\.ya?ml$/.test(name)) continue;
    const expectedId = name.replace(/\.ya?ml$/, '');
    if (folder === 'intents') {
      const intent = validate(file, IntentEntry, problems);
      if (intent) intents.push(intent);
      continue;
    }
    if (folder === 'signals') {
      const category = validate(file, SignalCategory, problems);
      if (!category) continue;
      if (category.id !== expectedId) problems.push({ file: file.path, field: 'id', message: `is "${category.id}" but the file is named "${name}": make them the same` });
      else {
        checkSourceRefs(file.path, category, problems);
        signals.push(category);
      }
      continue;
    }
    const folderSpec = ENTRY_FOLDERS[folder];
    if (!folderSpec) continue;
    const entry = validate(file, folderSpec.schema, problems) as Omit<KnowledgeEntry, 'kind'> | undefined;
    if (!entry) continue;
    if (entry.id !== expectedId) {
      problems.push({ file: file.path, field: 'id', message: `is "${entry.id}" but the file is named "${name}": make them the same` });
      continue;
    }
    if (folderSpec.kind !== 'redirect' && entry.id.startsWith('redirect-')) {
      problems.push({ file: file.path, field: 'id', message: 'ids starting with "redirect-" belong in redirects/' });
    }
    const previous = fileOf.get(entry.id);
    if (previous) {
      problems.push({ file: file.path, field: 'id', message: `"${entry.id}" is also used by ${previous}` });
      continue;
    }
    fileOf.set(entry.id, file.path);
    checkSourceRefs(file.path, entry, problems);
    entries.push({ ...entry, kind: folderSpec.kind } as KnowledgeEntry);
  }

  return { intents, signals, entries, fileOf };
}

/** An entry whose title a button cannot show whole, with no short title to show instead: the channel cuts it with "…". */
function titleWarnings(entries: KnowledgeEntry[], fileOf: ReadonlyMap<string, string>): KnowledgeProblem[] {
  return entries
    .filter((e) => !e.short_title && (['bg', 'en'] as const).some((lang) => Array.from(e.title[lang]).length > SHORT_TITLE_MAX))
    .map((e) => ({
      file: fileOf.get(e.id)!,
      field: 'short_title',
      message: `the title is longer than a button shows (${SHORT_TITLE_MAX} characters) and is cut there: add short_title with bg and en of at most ${SHORT_TITLE_MAX}`,
    }));
}

export function parseKnowledge(files: KnowledgeFile[]): ParseResult {
  const problems: KnowledgeProblem[] = [];
  const byPath = new Map(files.map((f) => [f.path, f]));

  /** A top-level settings file, validated and with its source keys checked; a problem when required and missing. */
  const settings = <T extends { sources: Array<{ id: string }> }>(name: string, schema: z.ZodType<T>, required: boolean): T | undefined => {
    const file = byPath.get(name);
    if (!file) {
      if (required) problems.push({ file: name, field: '', message: 'file is missing' });
      return undefined;
    }
    const value = validate(file, schema, problems);
    if (value) checkSourceRefs(file.path, value, problems);
    return value;
  };

  const municipality = settings('municipality.yaml', Municipality, true);
  const feedback = settings('feedback.yaml', FeedbackSettings, true);
  // Optional: without it the bot still knows the Labour Code's holidays, just nothing declared.
  const calendar = settings('calendar.yaml', CalendarSettings, false);
  if (calendar) checkCalendar('calendar.yaml', calendar, problems);

  /** A word list of lexicon/: required, since the bot cannot read messages without it. */
  const wordList = <T>(name: string, schema: z.ZodType<T>): T | undefined => {
    const file = byPath.get(`lexicon/${name}`);
    if (!file) {
      problems.push({ file: `lexicon/${name}`, field: '', message: 'file is missing: copy it from the bundled knowledge/lexicon/' });
      return undefined;
    }
    return validate(file, schema, problems);
  };
  const stopwords = wordList('stopwords.yaml', StopwordsFile);
  const facets = wordList('facets.yaml', FacetsFile);
  const practical = wordList('practical.yaml', PracticalFile);
  const reports = wordList('reports.yaml', ReportsFile);
  const weak = wordList('weak.yaml', WordList);
  const decisions = wordList('decisions.yaml', DecisionsFile);
  // Optional: a knowledge folder from before it reads derived words apart, as it always did.
  const derivationFile = byPath.get('lexicon/derivation.yaml');
  const derivation = derivationFile ? validate(derivationFile, DerivationFile, problems) : { bg: [] };

  const synonymsFile = byPath.get('synonyms.yaml');
  const synonyms = synonymsFile ? validate(synonymsFile, Synonyms, problems)?.groups ?? [] : [];

  const { intents, signals, entries, fileOf } = readFolders(files, problems);

  for (const entry of entries) {
    entry.related.forEach((id, i) => {
      if (!fileOf.has(id)) problems.push({ file: fileOf.get(entry.id)!, field: `related[${i}]`, message: `no entry has the id "${id}"` });
      if (id === entry.id) problems.push({ file: fileOf.get(entry.id)!, field: `related[${i}]`, message: 'an entry cannot be related to itself' });
    });
  }
  municipality?.featured.forEach((id, i) => {
    if (!fileOf.has(id)) problems.push({ file: 'municipality.yaml', field: `featured[${i}]`, message: `no entry has the id "${id}"` });
  });
  if (intents.length > 0 && !intents.some((i) => i.id === 'feedback')) {
    problems.push({ file: 'intents/feedback.yaml', field: '', message: 'the feedback intent is missing' });
  }
  if (entries.length === 0) problems.push({ file: 'services/', field: '', message: 'there are no entries' });
  signals
    .filter((c) => c.fallback)
    .slice(1)
    .forEach((c) => problems.push({ file: `signals/${c.id}.yaml`, field: 'fallback', message: 'only one category may be the fallback' }));

  if (problems.length > 0 || !municipality || !feedback || !stopwords || !facets || !practical || !reports || !weak || !decisions || !derivation) return { ok: false, problems };
  const lexicon: Lexicon = { stopwords, facets, practical, reports, weak, decisions, derivation };
  entries.sort((a, b) => a.id.localeCompare(b.id));
  return { ok: true, warnings: titleWarnings(entries, fileOf), kb: { municipality, entries, byId: new Map(entries.map((e) => [e.id, e])), synonyms, lexicon, intents, signals: signals.sort((a, b) => a.id.localeCompare(b.id)), feedback, ...(calendar ? { calendar } : {}) } };
}
