// A channel-neutral model of what the bot shows: a title, sections of lines,
// sources and follow-up actions. Channels turn it into cards, keyboards or text.
import { filingOf, readyWindow, type Filing, type ReadyWindow } from '../calendar/readyDate.js';
import { sofiaTime } from '../dates/sofiaTime.js';
import { workingCalendarOf, type WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Deadline, Fee, Municipality, MunicipalFact, ServiceEntry, Source, SpeedOption } from '../knowledge/schema.js';
import { sourcesOf, type KnowledgeBase, type KnowledgeEntry } from '../knowledge/types.js';
import { LOCALE, type Lang } from '../common/lang.js';
import type { Facet } from '../knowledge/lexiconSchema.js';
import type { Translate } from '../common/i18n.js';
import { filingSentence, readyText, weeklyLines } from './calendarText.js';
import type { RenderContext } from './renderContext.js';
import { dateTimeFormat, numberFormat } from './formatters.js';

export type ActionValue =
  /** An entry's answer; with facets, only the parts asked about ("колко струва?" before the choice). */
  | { action: 'entry'; id: string; facets?: Facet[] }
  | { action: 'ask'; text: string }
  | { action: 'language'; lang: Lang }
  | { action: 'feedback' }
  | { action: 'status' }
  /** Register the problem the last "did you mean" offered to register. */
  | { action: 'report' }
  /** `card` tells one card from another, so that a second tap on the same card replaces the first. */
  | { action: 'rate'; id: string; useful: boolean; card?: string }
  /** Yes or no to the offer the last reply made (register a report, "did you mean X?"). */
  | { action: 'answer'; yes: boolean };

export interface ViewAction {
  title: string;
  /**
   * The title written short (at most 20 characters, Messenger's limit), for channels whose buttons
   * hold fewer characters than `title` has; without it such a channel cuts the title.
   */
  shortTitle?: string;
  value: ActionValue;
}

export interface ViewTable {
  columns: string[];
  rows: string[][];
}

export interface ViewSection {
  id: string;
  heading: string;
  /** The section as text: what text channels show. */
  lines: string[];
  /** The same content as a table with `notes` under it, for channels that can lay one out (cards). */
  table?: ViewTable;
  notes?: string[];
}

export interface AnswerView {
  title?: string;
  summary?: string;
  /** Free text shown before the sections. */
  text?: string;
  sections: ViewSection[];
  /** Smaller print after the sections (the date the facts were checked). */
  footer?: string;
  sources: Array<{ title: string; url?: string }>;
  /** The label of the sources where a channel folds them away ("Източници (2)"); without it they are listed. */
  sourcesLabel?: string;
  actions: ViewAction[];
  /**
   * The conversation waits for one of the actions (a dialog's choice): every channel shows all of
   * them (the web chat as a card's buttons). Without it the actions are suggestions, of which a
   * channel may show only the first few.
   */
  choice?: boolean;
  /** The entry this view answers, so the conversation can refer back to it. */
  entryId?: string;
  /** "Was this helpful?" with its two answers. */
  rating?: { question: string; actions: [ViewAction, ViewAction] };
}

export type { RenderContext };


export function formatDate(iso: string, lang: Lang): string {
  return dateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

export function formatMoney(amount: number, lang: Lang): string {
  return numberFormat(LOCALE[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

export function formatDeadline(d: Deadline | undefined, t: Translate): string {
  if (!d) return t('answer.deadline.unknown');
  if (d.unit === 'immediately') return t('answer.deadline.immediately');
  const key = d.unit === 'days' && d.days ? d.days : d.unit;
  return t(`answer.deadline.${key}`, { count: d.amount });
}

/**
 * A fee in words: the amount in euro (per unit when it is per something), the leva the source gave
 * and their conversion, and its note. `short`, for a table cell, leaves out the note and says the
 * conversion briefly.
 */
export function formatFee(fee: Fee | undefined, ctx: RenderContext, style: 'full' | 'short' = 'full'): string {
  const { t, lang } = ctx;
  if (!fee) return t('answer.fee.unknown');
  if (fee.eur === 0) return t('answer.fee.free');
  const eur = formatMoney(fee.eur, lang);
  const amount = fee.per ? t('answer.fee.amountPer', { eur, per: fee.per[lang] }) : t('answer.fee.amount', { eur });
  if (fee.bgn === undefined) return style === 'full' && fee.note ? `${amount} (${fee.note[lang]})` : amount;
  const bgn = formatMoney(fee.bgn, lang);
  if (style === 'short') return t('calendar.table.feeBgn', { amount, bgn });
  const converted = t('answer.fee.converted', { amount, bgn });
  return fee.note ? `${converted} (${fee.note[lang]})` : converted;
}

export function mainPhone(m: Municipality): string {
  return m.phones[0].number;
}

/** Each speed of a service with the day it would be ready if applied for now. */
export interface SpeedReady {
  option: SpeedOption;
  ready?: ReadyWindow;
}

/** The ready days of a service's speeds for an application made at the moment of the reply. */
export function speedsReady(entry: ServiceEntry, ctx: RenderContext): { filing: Filing; calendar: WorkingCalendar; speeds: SpeedReady[] } {
  const calendar = workingCalendarOf(ctx.kb.calendar);
  const filing = filingOf(sofiaTime(ctx.now), calendar, ctx.kb.municipality.hours?.weekly);
  const speeds = (entry.speeds?.items ?? []).map((option) => ({ option, ...(option.deadline ? { ready: readyWindow(filing, option.deadline, calendar) } : {}) }));
  return { filing, calendar, speeds };
}

/**
 * The speeds of a service as a table (speed, time, fee, ready if applied today) with notes, and
 * as text lines. `focus: 'ready'` words the lines around the ready days ("кога ще е готово?").
 */
export function speedsSection(entry: ServiceEntry, ctx: RenderContext, focus: 'all' | 'ready' = 'all'): ViewSection {
  const { t, kb, lang } = ctx;
  const phone = mainPhone(kb.municipality);
  const municipality = kb.municipality.name[lang];
  const heading = t(focus === 'ready' ? 'calendar.ready.heading' : 'answer.speeds');
  if (!entry.speeds) {
    // Without a table of speeds, the notes that state a deadline or an amount (a tax's due dates and
    // discount) are the section: it opens with the facts rather than a pointer to another section,
    // and says a fee is unpublished only when no note states one.
    const facts = factNotes(entry, ctx);
    if (facts.lines.length === 0) return { id: 'speeds', heading, lines: [t('answer.speedsUnknown', { phone, municipality })] };
    return { id: 'speeds', heading, lines: facts.fee ? facts.lines : [...facts.lines, t('answer.feeUnknown', { phone, municipality })] };
  }

  const { filing, calendar, speeds } = speedsReady(entry, ctx);
  const speedName = (o: SpeedOption) => t(`answer.speed.${o.speed}`);
  const readyLong = (s: SpeedReady) => (s.ready ? readyText(s.ready, ctx, 'long') : t('answer.deadline.unknown'));
  const rows = speeds.map((s) => [t(`calendar.table.speedName.${s.option.speed}`), formatDeadline(s.option.deadline, t), formatFee(s.option.fee, ctx, 'short'), s.ready ? readyText(s.ready, ctx, 'short') : '–']);

  const notes = [filingSentence(filing, calendar, ctx)];
  if (speeds.some((s) => s.ready?.estimate)) notes.push(t('calendar.ready.estimateNote'));
  if (speeds.some((s) => s.ready && s.option.deadline?.unit !== 'immediately')) notes.push(t('calendar.ready.rule'));
  if (focus === 'all') {
    if (speeds.some((s) => s.option.fee?.bgn !== undefined)) notes.push(t('calendar.table.converted'));
    for (const s of speeds) if (s.option.fee?.note) notes.push(`${speedName(s.option)}: ${s.option.fee.note[lang]}`);
  }
  if (entry.speeds.items.some((o) => !o.deadline || (focus === 'all' && !o.fee))) notes.push(t('answer.confirmGaps', { phone }));

  const lines =
    focus === 'ready'
      ? speeds.map((s) => t('calendar.ready.line', { speed: speedName(s.option), deadline: formatDeadline(s.option.deadline, t), ready: readyLong(s) }))
      : speeds.map((s) =>
          t(s.ready ? 'answer.speedLineReady' : 'answer.speedLine', {
            speed: speedName(s.option),
            deadline: formatDeadline(s.option.deadline, t),
            fee: formatFee(s.option.fee, ctx),
            ...(s.ready ? { ready: readyText(s.ready, ctx, 'long') } : {}),
          }),
        );
  const columns = [t('calendar.table.speed'), t('calendar.table.deadline'), ...(focus === 'all' ? [t('calendar.table.fee')] : []), t('calendar.table.ready')];
  const tableRows = focus === 'all' ? rows : rows.map((r) => [r[0], r[1], r[3]]);
  // The text version keeps every note; the card shows the notes under the table.
  return { id: 'speeds', heading, lines: [...lines, ...notes], table: { columns, rows: tableRows }, notes };
}

/** The notes of a service without speeds that state its deadlines or amounts, in the notes' order, and whether one states an amount. */
function factNotes(entry: ServiceEntry, ctx: RenderContext): { lines: string[]; fee: boolean } {
  if (entry.speeds) return { lines: [], fee: false };
  const service: KnowledgeEntry = { kind: 'service', ...entry };
  const fee = ctx.facts.notesAbout(service, 'fee', ctx.lang);
  const facts = new Set([...ctx.facts.notesAbout(service, 'deadline', ctx.lang), ...fee]);
  return { lines: (entry.notes ?? []).map((n) => n[ctx.lang]).filter((text) => facts.has(text)), fee: fee.length > 0 };
}

/** The municipality's contacts as a section (used when abstaining and for redirects to the office). */
export function contactsSection(ctx: RenderContext): ViewSection {
  const { t, lang } = ctx;
  const m = ctx.kb.municipality;
  const lines = [
    t('contacts.address', { address: m.address[lang] }),
    ...m.phones.map((p) => t('contacts.phone', { number: p.number, label: p.label[lang] })),
    ...m.emails.map((e) => t('contacts.email', { address: e.address })),
    t('contacts.website', { url: m.website.url }),
    ...(m.reception ? [t('contacts.reception', { reception: m.reception[lang] })] : []),
  ];
  if (!m.hours) lines.push(t('contacts.hoursUnknown'));
  return { id: 'contacts', heading: t('contacts.heading'), lines };
}

/** A fact of municipality.yaml where a topic places it: the value, or that it is not published yet. */
function municipalFactLines(fact: MunicipalFact, ctx: RenderContext): string[] {
  const { t, lang, kb } = ctx;
  const m = kb.municipality;
  switch (fact) {
    case 'bank':
      return bankLines(ctx);
    case 'reception':
      return [m.reception ? t('contacts.reception', { reception: m.reception[lang] }) : t('contacts.receptionUnknown', { phone: mainPhone(m) })];
    case 'hours':
      return m.hours ? [t('calendar.hours.weekly'), ...weeklyLines(m.hours.weekly, ctx)] : [t('contacts.hoursUnknownCall', { phone: mainPhone(m) })];
  }
}

/** The municipality's bank account and payment codes, or that they are not published. */
export function bankLines(ctx: RenderContext): string[] {
  const { t, lang } = ctx;
  const p = ctx.kb.municipality.payment;
  if (!p) return [t('answer.bankUnknown')];
  const account = t('answer.bank', { iban: p.iban, bic: p.bic ?? '–', bank: p.bank?.[lang] ?? '' }).replace(/\s+\(\)$/, '');
  return [account, ...p.codes.map((c) => t('answer.paymentCode', { code: c.code, label: c.label[lang] }))];
}

/** The sources of the municipality's facts a topic shows (hours, bank account, reception day), when filled in. */
function municipalFactSources(entry: KnowledgeEntry, kb: KnowledgeBase): Source[] {
  if (entry.kind !== 'topic') return [];
  const m = kb.municipality;
  const block = { hours: m.hours, bank: m.payment, reception: m.reception };
  return entry.body.flatMap((p) => {
    const filled = 'fact' in p ? block[p.fact] : undefined;
    return filled ? sourcesOf(m, filled.source) : [];
  });
}

/** Which sections a question about one facet needs. */
const FACET_SECTIONS: Record<Facet, string[]> = {
  fee: ['speeds'],
  deadline: ['speeds'],
  speed: ['speeds'],
  documents: ['documents', 'who'],
  where: ['where', 'online', 'payment', 'institution'],
  // "днес", "утре" say when, not which part: the whole answer (its speeds table has today's ready dates).
  when: [],
  who: ['who'],
};

function entrySections(entry: KnowledgeEntry, ctx: RenderContext): ViewSection[] {
  const { t, lang } = ctx;
  const section = (id: string, lines: string[] | undefined): ViewSection[] =>
    lines && lines.length > 0 ? [{ id, heading: t(`answer.${id}`), lines }] : [];

  switch (entry.kind) {
    case 'service': {
      const shownAsFacts = new Set(factNotes(entry, ctx).lines);
      return [
        ...section('who', entry.who_may_apply?.items.map((i) => i[lang])),
        ...section('documents', entry.documents.items.map((i) => i[lang])),
        speedsSection(entry, ctx),
        ...section('where', [entry.where[lang]]),
        ...section('online', entry.online ? [entry.online.url ? `${entry.online[lang]} ${entry.online.url}` : entry.online[lang]] : undefined),
        ...section('payment', entry.payment ? [entry.payment[lang], ...bankLines(ctx)] : undefined),
        // A note already shown as a deadline or a fee is not repeated.
        ...section('notes', entry.notes?.map((n) => n[lang]).filter((text) => !shownAsFacts.has(text))),
        ...section('legal', entry.legal_basis?.items),
      ];
    }
    case 'topic':
      return [{ id: 'body', heading: '', lines: entry.body.flatMap((p) => ('fact' in p ? municipalFactLines(p.fact, ctx) : [p[lang]])) }];
    case 'redirect': {
      const inst = entry.institution;
      const lines = [inst.name[lang], inst.address?.[lang], inst.phone, inst.url].filter((l): l is string => Boolean(l));
      return [...section('institution', lines), ...(entry.body ? [{ id: 'body', heading: '', lines: entry.body.map((p) => p[lang]) }] : [])];
    }
  }
}

/**
 * The notes that state the fee or the deadline asked about, as a section of their own: a question
 * about one part is answered from every place the entry holds that fact, not only its speeds.
 */
function factSections(entry: KnowledgeEntry, facets: Facet[], ctx: RenderContext): ViewSection[] {
  const asked = (['deadline', 'fee'] as const).filter((f) => facets.includes(f) || (f === 'deadline' && facets.includes('when')));
  const lines = [...new Set(asked.flatMap((f) => ctx.facts.notesAbout(entry, f, ctx.lang)))];
  return lines.length > 0 ? [{ id: 'facts', heading: ctx.t('answer.notes'), lines }] : [];
}

/** The parts asked about that the entry does not hold (who may apply, when it names no one): said, not left out. */
function unheldParts(facets: Facet[], all: ViewSection[], ctx: RenderContext): ViewSection[] {
  const held = new Set(all.map((s) => s.id));
  return facets
    .filter((f) => FACET_SECTIONS[f].length > 0 && !FACET_SECTIONS[f].some((id) => held.has(id)))
    .map((f) => ({ id: FACET_SECTIONS[f][0], heading: ctx.t(`answer.${FACET_SECTIONS[f][0]}`), lines: [ctx.t('answer.partUnknown', { phone: mainPhone(ctx.kb.municipality) })] }));
}

/** Sections with every line that an earlier section already shows taken out (and sections left empty dropped). */
function withoutRepeats(sections: ViewSection[]): ViewSection[] {
  const shown = new Set<string>();
  return sections.flatMap((s) => {
    if (s.table) {
      s.lines.forEach((l) => shown.add(l));
      return [s];
    }
    const lines = s.lines.filter((l) => !shown.has(l));
    lines.forEach((l) => shown.add(l));
    return lines.length > 0 ? [{ ...s, lines }] : [];
  });
}

/** A button that shows an entry (by default its whole card), with the entry's short title for channels whose buttons are short. */
export function entryAction(entry: KnowledgeEntry, lang: Lang, value: ActionValue = { action: 'entry', id: entry.id }): ViewAction {
  return { title: entry.title[lang], ...(entry.short_title ? { shortTitle: entry.short_title[lang] } : {}), value };
}

/**
 * The answer about one entry. With facets, only the parts asked about (each of them, so that "къде и
 * колко струва?" gets both); with the words of a question whether something holds (`asked`), led by
 * the lines they point at ("Имам ТЕЛК, полага ли ми се намаление?"). Either way the whole card, with
 * its summary, is one tap away.
 */
export function entryView(entry: KnowledgeEntry, facets: Facet[], ctx: RenderContext, asked: string[] = []): AnswerView {
  const { t, lang, kb } = ctx;
  const all = entrySections(entry, ctx);
  const lead = ctx.details.linesAbout(entry, asked, lang);
  const wanted = new Set(facets.flatMap((f) => FACET_SECTIONS[f]));
  const parts = wanted.size > 0 ? [...all.filter((s) => wanted.has(s.id)), ...unheldParts(facets, all, ctx), ...factSections(entry, facets, ctx)] : [];
  const leading: ViewSection[] = lead.length > 0 ? [{ id: 'asked', heading: t('answer.asked'), lines: lead }] : [];
  // Led by a detail, a card keeps the rest of its sections below it: the words may point at the wrong line.
  const focused = withoutRepeats([...leading, ...(parts.length > 0 ? parts : leading.length > 0 ? all : [])]);
  const sections = focused.length > 0 ? focused : all;

  const sources = [...new Set([...entry.sources, ...municipalFactSources(entry, kb)])];
  const oldest = sources.map((s) => s.checked).sort()[0];
  const related = entry.related
    .map((id) => kb.byId.get(id))
    .filter((e): e is KnowledgeEntry => e !== undefined)
    .slice(0, 4)
    .map((e) => entryAction(e, lang));
  const actions: ViewAction[] =
    sections === all ? related : [{ title: t('answer.fullAnswer', { title: entry.title[lang] }), shortTitle: t('answer.fullAnswerShort'), value: { action: 'entry', id: entry.id } }, ...related];

  return {
    title: entry.title[lang],
    summary: sections === all ? entry.summary[lang] : undefined,
    sections,
    footer: t('answer.checked', { date: formatDate(oldest, lang) }),
    sources: sources.map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}) })),
    sourcesLabel: t('answer.sourcesToggle', { count: sources.length }),
    actions,
    entryId: entry.id,
    rating: {
      question: t('rating.question'),
      actions: [
        { title: t('rating.useful'), value: { action: 'rate', id: entry.id, useful: true } },
        { title: t('rating.notUseful'), value: { action: 'rate', id: entry.id, useful: false } },
      ],
    },
  };
}

/** Plain text for channels and tools without cards. */
export function viewToText(view: AnswerView): string {
  const parts: string[] = [];
  if (view.title) parts.push(view.title);
  if (view.summary) parts.push(view.summary);
  if (view.text) parts.push(view.text);
  for (const s of view.sections) {
    const lines = s.lines.map((l) => (s.lines.length > 1 ? `• ${l}` : l)).join('\n');
    parts.push(s.heading ? `${s.heading}:\n${lines}` : lines);
  }
  if (view.footer) parts.push(view.footer);
  if (view.rating) parts.push(`${view.rating.question} ${view.rating.actions.map((a) => a.title).join(' / ')}`);
  if (view.actions.length > 0) parts.push(view.actions.map((a, i) => `${i + 1}. ${a.title}`).join('\n'));
  return parts.join('\n\n');
}
