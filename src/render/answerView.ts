// A channel-neutral model of what the bot shows: a title, sections of lines,
// sources and follow-up actions. Channels turn it into cards, keyboards or text.
import type { Deadline, Fee, Municipality, SpeedOption } from '../knowledge/schema.js';
import type { KnowledgeBase, KnowledgeEntry } from '../knowledge/types.js';
import type { Lang } from '../search/analyze.js';
import type { Facet } from '../search/facets.js';
import type { Translate } from '../i18n.js';

export type ActionValue =
  | { action: 'entry'; id: string }
  | { action: 'ask'; text: string }
  | { action: 'language'; lang: Lang }
  | { action: 'feedback' }
  | { action: 'status' }
  | { action: 'rate'; id: string; useful: boolean };

export interface ViewAction {
  title: string;
  value: ActionValue;
}

export interface ViewSection {
  id: string;
  heading: string;
  lines: string[];
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
  actions: ViewAction[];
  /** The entry this view answers, so the conversation can refer back to it. */
  entryId?: string;
  /** "Was this helpful?" with its two answers. */
  rating?: { question: string; actions: [ViewAction, ViewAction] };
}

export interface RenderContext {
  lang: Lang;
  t: Translate;
  kb: KnowledgeBase;
}

const LOCALE: Record<Lang, string> = { bg: 'bg-BG', en: 'en-GB' };

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

function formatMoney(amount: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

export function formatDeadline(d: Deadline | undefined, t: Translate): string {
  if (!d) return t('answer.deadline.unknown');
  if (d.unit === 'immediately') return t('answer.deadline.immediately');
  const key = d.unit === 'days' && d.days ? d.days : d.unit;
  return t(`answer.deadline.${key}`, { count: d.amount });
}

export function formatFee(fee: Fee | undefined, ctx: RenderContext): string {
  const { t, lang } = ctx;
  if (!fee) return t('answer.fee.unknown');
  if (fee.eur === 0) return t('answer.fee.free');
  const eur = formatMoney(fee.eur, lang);
  const amount = fee.per ? t('answer.fee.amountPer', { eur, per: fee.per[lang] }) : t('answer.fee.amount', { eur });
  const withSource = fee.bgn !== undefined ? t('answer.fee.converted', { amount, bgn: formatMoney(fee.bgn, lang) }) : amount;
  return fee.note ? `${withSource} (${fee.note[lang]})` : withSource;
}

function speedLine(option: SpeedOption, ctx: RenderContext): string {
  return ctx.t('answer.speedLine', {
    speed: ctx.t(`answer.speed.${option.speed}`),
    deadline: formatDeadline(option.deadline, ctx.t),
    fee: formatFee(option.fee, ctx),
  });
}

function mainPhone(m: Municipality): string {
  return m.phones[0].number;
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
  ];
  if (!m.hours) lines.push(t('contacts.hoursUnknown'));
  return { id: 'contacts', heading: t('contacts.heading'), lines };
}

function speedsSection(entry: Extract<KnowledgeEntry, { kind: 'service' }>, ctx: RenderContext): ViewSection {
  const { t, kb } = ctx;
  const phone = mainPhone(kb.municipality);
  const municipality = kb.municipality.name[ctx.lang];
  if (!entry.speeds) return { id: 'speeds', heading: t('answer.speeds'), lines: [t('answer.speedsUnknown', { phone, municipality })] };
  const lines = entry.speeds.items.map((o) => speedLine(o, ctx));
  if (entry.speeds.items.some((o) => !o.fee || !o.deadline)) lines.push(t('answer.confirmGaps', { phone }));
  return { id: 'speeds', heading: t('answer.speeds'), lines };
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
};

function entrySections(entry: KnowledgeEntry, ctx: RenderContext): ViewSection[] {
  const { t, lang } = ctx;
  const section = (id: string, lines: string[] | undefined): ViewSection[] =>
    lines && lines.length > 0 ? [{ id, heading: t(`answer.${id}`), lines }] : [];

  switch (entry.kind) {
    case 'service':
      return [
        ...section('who', entry.who_may_apply?.items.map((i) => i[lang])),
        ...section('documents', entry.documents.items.map((i) => i[lang])),
        speedsSection(entry, ctx),
        ...section('where', [entry.where[lang]]),
        ...section('online', entry.online ? [entry.online.url ? `${entry.online[lang]} ${entry.online.url}` : entry.online[lang]] : undefined),
        ...section('payment', entry.payment ? [entry.payment[lang]] : undefined),
        ...section('notes', entry.notes?.map((n) => n[lang])),
        ...section('legal', entry.legal_basis?.items),
      ];
    case 'topic':
      return [{ id: 'body', heading: '', lines: entry.body.map((p) => p[lang]) }];
    case 'redirect': {
      const inst = entry.institution;
      const lines = [inst.name[lang], inst.address?.[lang], inst.phone, inst.url].filter((l): l is string => Boolean(l));
      return [...section('institution', lines), ...(entry.body ? [{ id: 'body', heading: '', lines: entry.body.map((p) => p[lang]) }] : [])];
    }
  }
}

/** The answer about one entry; with facets, only the parts asked about. */
export function entryView(entry: KnowledgeEntry, facets: Facet[], ctx: RenderContext): AnswerView {
  const { t, lang, kb } = ctx;
  const all = entrySections(entry, ctx);
  const wanted = new Set(facets.flatMap((f) => FACET_SECTIONS[f]));
  const focused = wanted.size > 0 ? all.filter((s) => wanted.has(s.id)) : [];
  const sections = focused.length > 0 ? focused : all;

  const oldest = entry.sources.map((s) => s.checked).sort()[0];
  const related = entry.related
    .map((id) => kb.byId.get(id))
    .filter((e): e is KnowledgeEntry => e !== undefined)
    .slice(0, 4)
    .map((e) => ({ title: e.title[lang], value: { action: 'entry', id: e.id } as const }));
  const actions: ViewAction[] =
    sections === all ? related : [{ title: t('answer.fullAnswer', { title: entry.title[lang] }), value: { action: 'entry', id: entry.id } }, ...related];

  return {
    title: entry.title[lang],
    summary: sections === all ? entry.summary[lang] : undefined,
    sections,
    footer: t('answer.checked', { date: formatDate(oldest, lang) }),
    sources: entry.sources.map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}) })),
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
