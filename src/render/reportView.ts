// What the citizen sees when the bot recognises a problem report in a message: what it
// understood, who deals with it (the municipality, another body with its contacts, or 112 first),
// and the offer to register it for the municipality's staff.
import type { ReportReading } from '../feedback/reportReading.js';
import type { SignalCategory } from '../knowledge/schema.js';
import type { AnswerView, RenderContext, ViewAction, ViewSection } from './answerView.js';

/** The yes/no buttons of an offer the conversation is waiting on. */
export function yesNoActions(yes: string, no: string): ViewAction[] {
  return [
    { title: yes, value: { action: 'answer', yes: true } },
    { title: no, value: { action: 'answer', yes: false } },
  ];
}

function institutionSection(category: SignalCategory, ctx: RenderContext): ViewSection[] {
  const inst = category.institution;
  if (!inst) return [];
  const { t, lang } = ctx;
  const lines = [
    inst.name[lang],
    ...(inst.phone ? [t('report.phone', { phone: inst.phone })] : []),
    ...(inst.address ? [inst.address[lang]] : []),
    ...(inst.url ? [inst.url] : []),
    ...(inst.note ? [inst.note[lang]] : []),
  ];
  return [{ id: 'institution', heading: t('report.whoHandles'), lines }];
}

/** What the view shows of a report: also all that an offer waiting in the conversation keeps of it. */
export type ShownReport = Pick<ReportReading, 'category' | 'kind' | 'place'>;

export function reportView(report: ShownReport, ctx: RenderContext): AnswerView {
  const { t, lang } = ctx;
  const { category } = report;
  // Praise and proposals about the same things are not problems: say what they are about instead.
  const understood =
    report.kind === 'praise' || report.kind === 'proposal'
      ? t('report.understoodKind', { kind: t(`feedback.kind.${report.kind}`), topic: category.title[lang] })
      : t('report.understood', { what: category.understood[lang] });
  const place = report.place ? [t('report.place', { place: report.place })] : [];
  const sources = category.sources.map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}) }));
  switch (category.handled_by) {
    case 'emergency':
      return {
        text: [t('report.emergency', { phone: category.institution?.phone ?? '112' }), t('report.offerAnyway')].join('\n\n'),
        sections: institutionSection(category, ctx),
        sources,
        actions: yesNoActions(t('report.yesRecord'), t('report.no')),
      };
    case 'other':
      return {
        text: [understood, t('report.otherBody', { institution: category.institution?.name[lang] ?? '' })].join(' '),
        sections: institutionSection(category, ctx),
        footer: t('report.offerAnyway'),
        sources,
        actions: yesNoActions(t('report.yesRecord'), t('report.no')),
      };
    case 'municipality':
      return {
        text: [understood, ...place, t('report.offer', { kind: t(`feedback.kind.${report.kind}`) })].join('\n'),
        sections: [],
        sources: [],
        actions: yesNoActions(t('report.yes'), t('report.no')),
      };
  }
}
