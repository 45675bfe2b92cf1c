// The conversation's root: every message is understood by the Assistant (plain TypeScript).
// Questions about services are answered here, with a card or a short message; complaints and the
// like start the feedback dialog; "статус ПТ-…" starts the status check. Follow-ups ("а колко
// струва?") use the entry of the last answer, kept in conversation state with the language.
import type { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { exampleActions, messageView } from '../src/answer/reply.js';
import type { ConversationContext, Understanding } from '../src/answer/understand.js';
import { activityOf } from '../src/bot/activityRenderer.js';
import { detectKind } from '../src/feedback/detectKind.js';
import { readStatusRequest, type StatusRequest } from '../src/feedback/statusRequest.js';
import type { ActionValue, AnswerView } from '../src/render/answerView.js';
import { entryView } from '../src/render/answerView.js';
import type { Lang } from '../src/search/analyze.js';
import { FACETS } from '../src/knowledge/lexiconSchema.js';
import { reportOffer, yesNoReader, type PendingOffer } from '../src/answer/offers.js';
import { contactsSection } from '../src/render/answerView.js';
import type { LogReason } from '../src/storage/questionLog.js';
import type { DialogServices } from './dialogServices.js';
import { FEEDBACK_DIALOG, FeedbackDialog, type FeedbackDraft } from './feedbackDialog.js';
import { STATUS_DIALOG, StatusDialog } from './statusDialog.js';

export const MAIN_DIALOG = 'mainDialog';
const ROUTE_STEPS = 'routeSteps';

/** The longest message the bot reads; longer ones get a polite request to shorten. */
export const MAX_MESSAGE_LENGTH = 1000;

const LOCALE: Record<Lang, string> = { bg: 'bg-BG', en: 'en-US' };

/** A card id is a few random characters (bot/activityRenderer.ts); anything longer is not ours. */
const MAX_CARD_ID = 32;

function isActionValue(value: unknown): value is ActionValue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.action) {
    case 'entry':
      return typeof v.id === 'string' && (v.facets === undefined || (Array.isArray(v.facets) && v.facets.every((f) => (FACETS as readonly unknown[]).includes(f))));
    case 'ask':
      return typeof v.text === 'string';
    case 'language':
      return v.lang === 'bg' || v.lang === 'en';
    case 'rate':
      return typeof v.id === 'string' && typeof v.useful === 'boolean' && (v.card === undefined || (typeof v.card === 'string' && v.card.length <= MAX_CARD_ID));
    case 'answer':
      return typeof v.yes === 'boolean';
    case 'feedback':
    case 'status':
      return true;
    default:
      return false;
  }
}

const REASON_OF: Partial<Record<Understanding['decision']['type'], LogReason>> = { abstain: 'abstain', clarify: 'clarify', report: 'report' };

/** What a turn leads to: a reply, or another dialog to start. */
type Route = { reply: AnswerView } | { start: typeof FEEDBACK_DIALOG; options: FeedbackDraft } | { start: typeof STATUS_DIALOG; options: StatusRequest };

export class MainDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(MAIN_DIALOG);
    this.addDialog(new FeedbackDialog(services))
      .addDialog(new StatusDialog(services))
      .addDialog(new WaterfallDialog(ROUTE_STEPS, [this.routeStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = ROUTE_STEPS;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = step.context;
    const state = await this.services.conversation.get(turn, {});
    const route = await this.route(turn, state);
    if (!('start' in route) && route.reply.entryId) {
      state.lastEntryId = route.reply.entryId;
      state.clarified = undefined;
    }
    state.lastActions = 'start' in route ? undefined : route.reply.actions.map((a) => a.value);
    await this.services.conversation.set(turn, state);
    if ('start' in route) return step.beginDialog(route.start, route.options);
    await turn.sendActivity(activityOf(route.reply, LOCALE[state.lang ?? 'bg']));
    return step.endDialog();
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }

  private async route(turn: TurnContext, state: ConversationContext): Promise<Route> {
    const { assistant } = this.services;
    const ctx = () => assistant.renderContext(state.lang ?? 'bg');
    const value: unknown = turn.activity.value ?? this.numberedChoice(turn.activity.text, state);
    // An offer of the last reply is answered now or set aside: it never waits past one turn.
    const pending = state.pending;
    state.pending = undefined;
    const yes = isActionValue(value) ? (value.action === 'answer' ? value.yes : undefined) : this.yesNo(turn.activity.text ?? '');
    if (pending && yes !== undefined) return this.resolveOffer(pending, yes, state);
    if (isActionValue(value)) {
      switch (value.action) {
        case 'language':
          state.lang = value.lang;
          return { reply: messageView(ctx().t('bot.languageSwitched')) };
        case 'feedback':
          return { start: FEEDBACK_DIALOG, options: {} };
        case 'status':
          return { start: STATUS_DIALOG, options: {} };
        case 'rate':
          await this.services.ratings.add({
            entryId: value.id,
            useful: value.useful,
            ...(value.card ? { card: value.card } : {}),
            lang: state.lang ?? 'bg',
            channel: turn.activity.channelId ?? 'unknown',
            conversationId: turn.activity.conversation?.id ?? 'unknown',
          });
          return { reply: messageView(ctx().t('rating.thanks')) };
        case 'answer':
          // A yes or no to an offer that is no longer open (an old button).
          return { reply: messageView(ctx().t('bot.help'), exampleActions(ctx())) };
        case 'entry': {
          const entry = assistant.kb.byId.get(value.id);
          if (entry) return { reply: entryView(entry, value.facets ?? [], ctx()) };
          if (value.id === 'feedback') return { start: FEEDBACK_DIALOG, options: {} };
          break;
        }
        case 'ask':
          return this.answer(turn, value.text, state);
      }
    }

    const text = (turn.activity.text ?? '').trim();
    if (!text) return { reply: messageView(ctx().t('bot.unsupported')) };
    if (text.length > MAX_MESSAGE_LENGTH) return { reply: messageView(ctx().t('bot.tooLong', { max: MAX_MESSAGE_LENGTH })) };
    const switchTo = this.languageCommand(text);
    if (switchTo) {
      state.lang = switchTo;
      return { reply: messageView(ctx().t('bot.languageSwitched')) };
    }
    const statusRequest = this.statusRequest(text);
    if (statusRequest) return { start: STATUS_DIALOG, options: statusRequest };
    return this.answer(turn, text, state);
  }

  private async answer(turn: TurnContext, text: string, state: ConversationContext): Promise<Route> {
    const { assistant } = this.services;
    const understanding = assistant.understand(text, state);
    state.lang = understanding.lang;
    const decision = understanding.decision;
    await this.services.usage.add({
      decision: decision.type,
      ...((decision.type === 'answer' || decision.type === 'hours') && decision.entryId ? { entryId: decision.entryId } : {}),
      lang: understanding.lang,
      channel: turn.activity.channelId ?? 'unknown',
    });
    if (decision.type === 'feedback') {
      const kind = detectKind(text, assistant.kindLexicon);
      // "Искам да подам жалба срещу служител" only opens the matter: the next message is the account.
      return { start: FEEDBACK_DIALOG, options: { ...(kind ? { kind } : {}), ...(decision.opener ? {} : { description: text }) } };
    }
    const reason = REASON_OF[decision.type];
    const logged = reason
      ? await this.services.questions.append({
          text,
          lang: understanding.lang,
          channel: turn.activity.channelId ?? 'unknown',
          conversationId: turn.activity.conversation?.id ?? 'unknown',
          reason,
          candidates: understanding.search.candidates.slice(0, 3).map((c) => ({ id: c.id, score: Math.round(c.score * 100) / 100, coverage: Math.round(c.coverage * 100) / 100 })),
          ...(decision.type === 'report' ? { category: decision.report.category.id } : {}),
        })
      : undefined;
    if (decision.type === 'report') state.pending = reportOffer(decision.report, text, logged?.id);
    if (decision.type === 'clarify') {
      // Until the citizen chooses, a follow-up asks which candidate is meant rather than use an older service.
      state.lastEntryId = undefined;
      state.clarified = decision.options;
      if (decision.options.length === 1) state.pending = { kind: 'entry', entryId: decision.options[0], facets: decision.facets };
    }
    return { reply: assistant.reply(understanding) };
  }

  /** The citizen's yes or no to the offer of the last reply. */
  private resolveOffer(offer: PendingOffer, yes: boolean, state: ConversationContext): Route {
    const ctx = this.services.assistant.renderContext(state.lang ?? 'bg');
    if (offer.kind === 'report') {
      if (!yes) return { reply: messageView(ctx.t('report.declined')) };
      return {
        start: FEEDBACK_DIALOG,
        options: {
          kind: offer.feedbackKind,
          category: offer.category,
          description: offer.description,
          ...(offer.location ? { location: offer.location } : {}),
          ...(offer.questionId ? { questionId: offer.questionId } : {}),
        },
      };
    }
    const entry = this.services.assistant.kb.byId.get(offer.entryId);
    if (yes && entry) return { reply: entryView(entry, offer.facets, ctx) };
    return { reply: { text: ctx.t('clarify.declined'), sections: [contactsSection(ctx)], sources: [], actions: exampleActions(ctx) } };
  }

  private yesNoWords?: (text: string) => boolean | undefined;

  /** Yes or no in either language, typed or as a button's title; the words are read once. */
  private yesNo(text: string): boolean | undefined {
    if (!this.yesNoWords) {
      const list = (key: string) => ['bg', 'en'].flatMap((l) => this.services.assistant.i18n.getFixedT(l)(key, { returnObjects: true }) as unknown as string[]);
      this.yesNoWords = yesNoReader({ yes: list('commands.yes'), no: list('commands.no') });
    }
    return this.yesNoWords(text);
  }

  /** "2" typed after a reply with buttons picks the second button (text-only channels list them numbered). */
  private numberedChoice(text: string | undefined, state: ConversationContext): ActionValue | undefined {
    const n = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text ?? '')?.[1];
    return n ? state.lastActions?.[Number(n) - 1] : undefined;
  }

  /** "статус ПТ-2026-000123", "status", a bare reference number, each possibly followed by the access code. */
  private statusRequest(text: string): StatusRequest | undefined {
    const words = ['bg', 'en'].flatMap((l) => this.services.assistant.i18n.getFixedT(l)('commands.status', { returnObjects: true }) as unknown as string[]);
    return readStatusRequest(text, this.services.assistant.kb.feedback.reference_prefix, words);
  }

  /** "English", "Български", "en", "bg": the labels of the language buttons, typed or tapped. */
  private languageCommand(text: string): Lang | undefined {
    const typed = text.toLocaleLowerCase('bg').replace(/[.!]+$/, '');
    for (const lang of ['bg', 'en'] as const) {
      const label = this.services.assistant.i18n.getFixedT(lang === 'bg' ? 'en' : 'bg')('bot.switchLanguage').toLocaleLowerCase('bg');
      if (typed === label || typed === lang) return lang;
    }
    return undefined;
  }
}
