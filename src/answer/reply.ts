// Turns a decision into what the citizen sees, as a channel-neutral view.
import type { KnowledgeEntry } from '../knowledge/types.js';
import { contactsSection, entryAction, entryView, type ActionValue, type AnswerView, type RenderContext, type ViewAction } from '../render/answerView.js';
import { hoursView, readyDateView, speedFeeView } from '../render/practicalViews.js';
import { reportView, yesNoActions } from '../render/reportView.js';
import type { Decision } from './understand.js';
import type { PendingOffer } from './offers.js';

export function entryTitle(ctx: RenderContext, id: string): string {
  if (id === 'feedback') return ctx.t('feedback.title');
  return ctx.kb.byId.get(id)?.title[ctx.lang] ?? id;
}

/** An example question, and its title for channels with short buttons. */
interface Example {
  question: string;
  short: string;
}

export function exampleActions(ctx: RenderContext): ViewAction[] {
  const examples = ctx.t('bot.examples', { returnObjects: true }) as unknown as Example[];
  return examples.map((e) => ({ title: e.question, shortTitle: e.short, value: { action: 'ask', text: e.question } }));
}

export function feedbackAction(ctx: RenderContext): ViewAction {
  return { title: ctx.t('feedback.action'), shortTitle: ctx.t('feedback.actionShort'), value: { action: 'feedback' } };
}

export function welcomeView(ctx: RenderContext): AnswerView {
  const other = ctx.lang === 'bg' ? 'en' : 'bg';
  return {
    text: ctx.t('bot.welcome', { municipality: ctx.kb.municipality.name[ctx.lang] }),
    sections: [],
    sources: [],
    actions: [...exampleActions(ctx), feedbackAction(ctx), { title: ctx.t('bot.switchLanguage'), value: { action: 'language', lang: other } }],
  };
}

/**
 * An offer still waiting for yes or no, shown again as it was made (after a status request in
 * between): the report as understood with the offer to register it, or "Имате предвид X?".
 */
export function offerView(offer: PendingOffer, ctx: RenderContext): AnswerView {
  const { t } = ctx;
  if (offer.kind === 'entry') return messageView(t('clarify.confirm', { title: entryTitle(ctx, offer.entryId) }), yesNoActions(t('clarify.yes'), t('clarify.no')));
  const category = ctx.kb.signals.find((c) => c.id === offer.category);
  if (category) return reportView({ category, kind: offer.feedbackKind, ...(offer.location ? { place: offer.location } : {}) }, ctx);
  // A category gone from the knowledge since: the offer still stands, in general words.
  return messageView(t('report.offer', { kind: t(`feedback.kind.${offer.feedbackKind}`) }), yesNoActions(t('report.yes'), t('report.no')));
}

export function messageView(text: string, actions: ViewAction[] = []): AnswerView {
  return { text, sections: [], sources: [], actions };
}

export function replyView(decision: Decision, ctx: RenderContext): AnswerView {
  const { t } = ctx;
  switch (decision.type) {
    case 'answer': {
      const entry = ctx.kb.byId.get(decision.entryId) as KnowledgeEntry;
      if (decision.practical?.kind === 'readyDate') return readyDateView(entry, ctx);
      if (decision.practical?.kind === 'speedFee') return speedFeeView(entry, decision.practical.speed, ctx);
      return entryView(entry, decision.facets, ctx, decision.asked);
    }
    case 'hours':
      return hoursView(decision.day, decision.entryId, ctx);
    case 'clarify': {
      const report: ViewAction[] = decision.report ? [{ title: t('clarify.report'), value: { action: 'report' } }] : [];
      // One candidate is a yes-or-no question, never a list of one.
      if (decision.options.length === 1) {
        return messageView(t('clarify.confirm', { title: entryTitle(ctx, decision.options[0]) }), [...yesNoActions(t('clarify.yes'), t('clarify.no')), ...report]);
      }
      return messageView(t(decision.facets.length > 0 ? 'clarify.which' : 'clarify.text'), [
        ...decision.options.map((id): ViewAction => {
          const value: ActionValue = { action: 'entry', id, ...(decision.facets.length > 0 ? { facets: decision.facets } : {}) };
          const entry = ctx.kb.byId.get(id);
          return entry ? entryAction(entry, ctx.lang, value) : { title: entryTitle(ctx, id), value };
        }),
        ...report,
      ]);
    }
    case 'abstain':
      return { text: t('abstain.text'), sections: [contactsSection(ctx)], footer: t('abstain.rephrase'), sources: [], actions: [...exampleActions(ctx), feedbackAction(ctx)] };
    case 'feedback':
      return { title: t('feedback.title'), text: t('feedback.text'), sections: [contactsSection(ctx)], sources: [], actions: [] };
    case 'report':
      return reportView(decision.report, ctx);
    case 'smalltalk':
      return messageView(t(`bot.${decision.kind}`));
    case 'help':
      return messageView(t('bot.help'), exampleActions(ctx));
  }
}

