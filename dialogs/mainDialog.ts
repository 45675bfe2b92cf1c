// The conversation's root, as a thin Bot Framework adapter over the conversation core
// (src/answer/route.ts): it reads the state, lets the core decide, sends the reply or starts the
// feedback or status dialog, and writes what the turn asked to be written only after the reply,
// so that a failing log can neither hold up nor fail an answer.
import { randomUUID } from 'node:crypto';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { commandReader } from '../src/answer/commands.js';
import { afterDialog, routeTurn, type ConversationCore, type TurnRecords } from '../src/answer/route.js';
import { turnOf } from '../src/bot/turnOf.js';
import type { DialogServices } from './dialogServices.js';
import { FEEDBACK_DIALOG, FeedbackDialog } from './feedbackDialog.js';
import { sendView } from './sendView.js';
import { STATUS_DIALOG, StatusDialog } from './statusDialog.js';

export const MAIN_DIALOG = 'mainDialog';
const ROUTE_STEPS = 'routeSteps';

const DIALOG_OF = { feedback: FEEDBACK_DIALOG, status: STATUS_DIALOG } as const;

export class MainDialog extends ComponentDialog {
  private readonly core: ConversationCore;

  constructor(private readonly services: DialogServices) {
    super(MAIN_DIALOG);
    const { assistant } = services;
    const commands = commandReader(assistant.i18n);
    this.core = {
      get kb() {
        return assistant.kb;
      },
      get kindLexicon() {
        return assistant.kindLexicon;
      },
      renderContext: (lang) => assistant.renderContext(lang),
      understand: (question, context) => assistant.understand(question, context),
      languageOf: (text) => assistant.languageOf(text),
      reply: (understanding) => assistant.reply(understanding),
      commands,
      newId: randomUUID,
    };
    this.addDialog(new FeedbackDialog(services))
      .addDialog(new StatusDialog(services))
      .addDialog(new WaterfallDialog(ROUTE_STEPS, [this.routeStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = ROUTE_STEPS;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = step.context;
    const { route, state, records } = routeTurn(turnOf(turn.activity), await this.services.conversation.get(turn, {}), this.core);
    await this.services.conversation.set(turn, state);
    if ('start' in route) {
      this.write(records);
      return step.beginDialog(DIALOG_OF[route.start], route.options);
    }
    await sendView(turn, route.reply, state.lang ?? 'bg');
    this.write(records);
    return step.endDialog();
  }

  /** After the feedback or status dialog: an offer the status request set aside is asked again. */
  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const turn = step.context;
    const state = await this.services.conversation.get(turn, {});
    const lang = state.lang ?? 'bg';
    const next = afterDialog(state, this.core.renderContext(lang));
    if (next) {
      await this.services.conversation.set(turn, next.state);
      await sendView(turn, next.reply, lang);
    }
    return step.endDialog();
  }

  /** Writes the turn's records in the background; a failure is logged and never reaches the citizen. */
  private write(records: TurnRecords): void {
    const { usage, questions, ratings, logger } = this.services;
    const writes = [records.usage && usage.add(records.usage), records.question && questions.append(records.question), records.rating && ratings.add(records.rating)];
    for (const write of writes) write?.catch((err: unknown) => logger.error({ err }, 'could not write a record of the turn'));
  }
}
