// "статус ПТ-2026-000123": asks for the access code (unless it was typed on the same line) and shows the record's status, its date and
// the staff's public reply. A wrong code and an unknown number get the same answer, and wrong
// attempts are limited per conversation (a channel-verified person), whatever the numbers tried.
import { TextPrompt, WaterfallDialog, type DialogContext, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { findAccessCode } from '../src/feedback/accessCode.js';
import { findReference, formatReference } from '../src/feedback/reference.js';
import { formatDate } from '../src/render/answerView.js';
import type { DialogServices } from './dialogServices.js';
import { InterruptibleDialog, STATUS_DIALOG } from './interruptibleDialog.js';
import type { StatusRequest } from '../src/feedback/statusRequest.js';

export { STATUS_DIALOG };
const STEPS = 'statusSteps';
const REFERENCE = 'statusReferencePrompt';
const CODE = 'statusCodePrompt';

export interface StatusOptions {
  reference?: string;
  /** Typed on the same line as the reference: then the code is not asked. */
  code?: string;
}

export class StatusDialog extends InterruptibleDialog {
  constructor(services: DialogServices) {
    super(STATUS_DIALOG, services);
    this.addDialog(new TextPrompt(REFERENCE, (p) => this.validateReference(p)))
      .addDialog(new TextPrompt(CODE))
      .addDialog(new WaterfallDialog(STEPS, [this.referenceStep.bind(this), this.codeStep.bind(this), this.resultStep.bind(this)]));
    this.initialDialogId = STEPS;
  }

  /** A number typed at the code prompt ("не, ПТ-2026-000124") starts over with that number. */
  protected override async onStatusRequest(inner: DialogContext, request: StatusRequest): Promise<DialogTurnResult> {
    await inner.cancelAllDialogs();
    return inner.beginDialog(STEPS, request);
  }

  private get prefix(): string {
    return this.services.assistant.kb.feedback.reference_prefix;
  }

  private example(): string {
    return formatReference(this.prefix, new Date().getFullYear(), 123);
  }

  private async referenceStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as StatusOptions;
    if (options.reference) return step.next(options.reference);
    return step.prompt(REFERENCE, { prompt: (await this.tr(step.context))('status.askReference', { example: this.example() }) });
  }

  private async codeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as StatusOptions;
    options.reference = findReference(String(step.result), this.prefix);
    if (options.code) return step.next(options.code);
    return step.prompt(CODE, { prompt: (await this.tr(step.context))('status.askCode') });
  }

  private async resultStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const reference = (step.options as StatusOptions).reference!;
    const t = await this.tr(step.context);
    const lang = await this.langOf(step.context);
    const conversationKey = `conversation:${step.context.activity.channelId}:${step.context.activity.conversation?.id}`;
    const { accessLimiter, feedback } = this.services;
    // Limited per conversation only: a limit on the reference would let five strangers lock its owner
    // out. Counted, in one step with the check, before the code is hashed; a right code takes it back.
    if (!(await accessLimiter.tryAttempt(conversationKey))) {
      await this.say(step.context, t('status.blocked'));
      return step.endDialog();
    }
    // "кодът е K7PQ2XMA": the code out of the sentence; what has no code's form is tried as typed, and fails.
    const typed = String(step.result ?? '');
    const record = await feedback.verifyAccess(reference, findAccessCode(typed) ?? typed);
    if (!record) {
      await this.say(step.context, t('status.notFound'));
      return step.endDialog();
    }
    await accessLimiter.forgiveOne(conversationKey);
    const lines = [
      t('status.result', {
        reference: record.reference,
        kind: t(`feedback.kind.${record.kind}`),
        status: t(`status.name.${record.status}`),
        date: formatDate(record.statusChangedAt.slice(0, 10), lang),
      }),
      ...(record.publicReply ? [t('status.reply', { reply: record.publicReply.text })] : []),
    ];
    await this.say(step.context, lines.join('\n'));
    return step.endDialog();
  }

  private async validateReference(p: PromptValidatorContext<string>): Promise<boolean> {
    if (findReference(p.recognized.value ?? '', this.prefix)) return true;
    await this.say(p.context, (await this.tr(p.context))('status.referenceInvalid', { example: this.example() }));
    return false;
  }
}
