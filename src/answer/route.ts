// What one turn of the conversation leads to, decided without Bot Framework: a reply to send, or
// the feedback or status dialog to start, and the conversation's next state. A button, a typed
// number, yes or no to the last offer, a language or status command, and otherwise the message
// understood by the Assistant. What the turn asks to be written (usage, the question log, a rating)
// comes back as records, for the host to write after the reply: a log must never hold up or fail
// an answer. Pure, given the assistant's current knowledge.
import { detectKind, type KindLexicon } from '../feedback/detectKind.js';
import type { FeedbackDraft } from '../feedback/draft.js';
import type { StatusRequest } from '../feedback/statusRequest.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { contactsSection, entryView, type ActionValue, type AnswerView, type RenderContext } from '../render/answerView.js';
import type { Lang } from '../common/lang.js';
import type { LogReason, NewLoggedQuestion } from '../insights/questionLog.js';
import { isActionValue } from './actionValue.js';
import { numberedChoice, type CommandReader } from './commands.js';
import { reportOffer, type PendingOffer } from './offers.js';
import { exampleActions, messageView, offerView } from './reply.js';
import type { ConversationContext, Understanding } from './understand.js';

/** The longest message the bot reads; longer ones get a polite request to shorten. */
export const MAX_MESSAGE_LENGTH = 1000;

/** An incoming message as the conversation core sees it, whatever channel it came from. */
export interface Turn {
  text?: string;
  /** A tapped button's value, not yet trusted. */
  value?: unknown;
  channel: string;
  conversationId: string;
}

export type Route = { reply: AnswerView } | { start: 'feedback'; options: FeedbackDraft } | { start: 'status'; options: StatusRequest };

/** What the turn asks to be written once the reply is out. */
export interface TurnRecords {
  usage?: { decision: string; entryId?: string; lang: Lang; channel: string };
  /** With its id chosen here, so that an offer made in the reply can name it before it is written. */
  question?: NewLoggedQuestion & { id: string };
  rating?: { entryId: string; useful: boolean; card?: string; lang: Lang; channel: string; conversationId: string };
}

export interface TurnOutcome {
  route: Route;
  state: ConversationContext;
  records: TurnRecords;
}

/** The parts of the Assistant a turn uses. */
export interface ConversationCore {
  kb: KnowledgeBase;
  kindLexicon: KindLexicon;
  renderContext(lang: Lang): RenderContext;
  understand(question: string, context: ConversationContext): Understanding;
  /** The language a text is certainly in, or undefined. */
  languageOf(text: string): Lang | undefined;
  reply(understanding: Understanding): AnswerView;
  commands: CommandReader;
  /** A new id for a question-log entry. */
  newId(): string;
}

const REASON_OF: Partial<Record<Understanding['decision']['type'], LogReason>> = { abstain: 'abstain', clarify: 'clarify', report: 'report' };

export function routeTurn(turn: Turn, before: ConversationContext, core: ConversationCore): TurnOutcome {
  // An offer of the last reply is answered now or set aside: it never waits past one turn.
  const state: ConversationContext = { ...before, pending: undefined, reportable: undefined };
  const records: TurnRecords = {};
  const route = decideRoute(turn, before, state, records, core);
  // A status request is a detour: the offer waits until the status is shown, and is asked again then (afterDialog).
  if ('start' in route && route.start === 'status') Object.assign(state, { pending: before.pending, reportable: before.reportable });
  if (!('start' in route) && route.reply.entryId) {
    state.lastEntryId = route.reply.entryId;
    state.clarified = undefined;
  }
  state.lastActions = 'start' in route ? undefined : route.reply.actions.map((a) => a.value);
  return { route, state, records };
}

/**
 * What follows a dialog the turn started, once it has ended: the offer a status request interrupted
 * ("Да го регистрирам ли?"), asked again with its buttons; undefined when none waits.
 */
export function afterDialog(state: ConversationContext, ctx: RenderContext): { reply: AnswerView; state: ConversationContext } | undefined {
  if (!state.pending) return undefined;
  const reply = offerView(state.pending, ctx);
  return { reply, state: { ...state, lastActions: reply.actions.map((a) => a.value) } };
}

/** Decides the route; `state` and `records` are the outcome being built. */
function decideRoute(turn: Turn, before: ConversationContext, state: ConversationContext, records: TurnRecords, core: ConversationCore): Route {
  const ctx = () => core.renderContext(state.lang ?? 'bg');
  const value: unknown = turn.value ?? numberedChoice(turn.text, state.lastActions);
  const yes = isActionValue(value) ? (value.action === 'answer' ? value.yes : undefined) : core.commands.yesNo(turn.text ?? '');
  if (before.pending && yes !== undefined) return resolveOffer(before.pending, yes, ctx());
  if (before.reportable && isActionValue(value) && value.action === 'report') return resolveOffer(before.reportable, true, ctx());
  if (isActionValue(value)) {
    const route = actionRoute(value, turn, state, records, core);
    if (route) return route;
  }

  const text = (turn.text ?? '').trim();
  if (!text) return { reply: messageView(ctx().t('bot.unsupported')) };
  if (text.length > MAX_MESSAGE_LENGTH) return { reply: messageView(ctx().t('bot.tooLong', { max: MAX_MESSAGE_LENGTH })) };
  const switchTo = core.commands.language(text);
  if (switchTo) {
    state.lang = switchTo;
    return { reply: messageView(ctx().t('bot.languageSwitched')) };
  }
  const statusRequest = core.commands.statusRequest(text, core.kb.feedback.reference_prefix);
  if (statusRequest) {
    // "какво става с ПТ-…?" after an English question is answered in Bulgarian.
    state.lang = core.languageOf(statusRequest.words ?? text) ?? state.lang;
    return { start: 'status', options: statusRequest };
  }
  return answer(turn, text, state, records, core);
}

/** A tapped button; undefined when it names nothing the bot has (an old button), so the text is read instead. */
function actionRoute(value: ActionValue, turn: Turn, state: ConversationContext, records: TurnRecords, core: ConversationCore): Route | undefined {
  const ctx = core.renderContext(state.lang ?? 'bg');
  switch (value.action) {
    case 'language':
      state.lang = value.lang;
      return { reply: messageView(core.renderContext(value.lang).t('bot.languageSwitched')) };
    // A report offer that is no longer open starts the dialog from its first question.
    case 'feedback':
    case 'report':
      return { start: 'feedback', options: {} };
    case 'status':
      return { start: 'status', options: {} };
    case 'rate':
      records.rating = { entryId: value.id, useful: value.useful, ...(value.card ? { card: value.card } : {}), lang: state.lang ?? 'bg', channel: turn.channel, conversationId: turn.conversationId };
      return { reply: messageView(ctx.t('rating.thanks')) };
    case 'answer':
      // A yes or no to an offer that is no longer open.
      return { reply: messageView(ctx.t('bot.help'), exampleActions(ctx)) };
    case 'entry': {
      const entry = core.kb.byId.get(value.id);
      if (entry) return { reply: entryView(entry, value.facets ?? [], ctx) };
      if (value.id === 'feedback') return { start: 'feedback', options: {} };
      return undefined;
    }
    case 'ask':
      return answer(turn, value.text, state, records, core);
  }
}

/** A message understood by the Assistant: an answer, "did you mean", a recognised report, or feedback. */
function answer(turn: Turn, text: string, state: ConversationContext, records: TurnRecords, core: ConversationCore): Route {
  const understanding = core.understand(text, state);
  const { decision, lang } = understanding;
  state.lang = lang;
  records.usage = {
    decision: decision.type,
    ...((decision.type === 'answer' || decision.type === 'hours') && decision.entryId ? { entryId: decision.entryId } : {}),
    lang,
    channel: turn.channel,
  };
  if (decision.type === 'feedback') {
    const kind = detectKind(text, core.kindLexicon);
    // "Искам да подам жалба срещу служител" only opens the matter: the next message is the account.
    const told = decision.framed ? { preface: text } : decision.opener ? {} : { description: text };
    return { start: 'feedback', options: { ...(kind ? { kind } : {}), ...told } };
  }
  const reason = REASON_OF[decision.type];
  if (reason) {
    records.question = {
      id: core.newId(),
      text,
      lang,
      channel: turn.channel,
      conversationId: turn.conversationId,
      reason,
      candidates: understanding.search.candidates.slice(0, 3).map((c) => ({ id: c.id, score: Math.round(c.score * 100) / 100, coverage: Math.round(c.coverage * 100) / 100 })),
      ...(decision.type === 'report' ? { category: decision.report.category.id } : {}),
    };
  }
  if (decision.type === 'report') state.pending = reportOffer(decision.report, text, records.question?.id);
  if (decision.type === 'clarify') {
    // Until the citizen chooses, a follow-up asks which candidate is meant rather than use an older service.
    state.lastEntryId = undefined;
    state.clarified = decision.options;
    if (decision.report) state.reportable = reportOffer(decision.report, text, records.question?.id);
    if (decision.options.length === 1) state.pending = { kind: 'entry', entryId: decision.options[0], facets: decision.facets };
  }
  return { reply: core.reply(understanding) };
}

/** The citizen's yes or no to the offer of the last reply. */
function resolveOffer(offer: PendingOffer, yes: boolean, ctx: RenderContext): Route {
  if (offer.kind === 'report') {
    if (!yes) return { reply: messageView(ctx.t('report.declined')) };
    return {
      start: 'feedback',
      options: {
        kind: offer.feedbackKind,
        category: offer.category,
        description: offer.description,
        ...(offer.location ? { location: offer.location } : {}),
        ...(offer.questionId ? { questionId: offer.questionId } : {}),
      },
    };
  }
  const entry = ctx.kb.byId.get(offer.entryId);
  if (yes && entry) return { reply: entryView(entry, offer.facets, ctx) };
  return { reply: { text: ctx.t('clarify.declined'), sections: [contactsSection(ctx)], sources: [], actions: exampleActions(ctx) } };
}
