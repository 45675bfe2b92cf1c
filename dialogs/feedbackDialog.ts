// Complaints, signals, proposals and praise: kind → description → place (signals) → contact, or
// anonymous and then the law on anonymous records → consent (only with contact) → summary to confirm
// or correct → saved, and only then a reference number and an access code.
import type { Activity, TurnContext } from 'botbuilder';
import {
  TextPrompt,
  WaterfallDialog,
  type Choice,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { FEEDBACK_KINDS } from '../src/knowledge/schema.js';
import type { FeedbackContact, FeedbackKind } from '../src/feedback/types.js';
import { checkDescription, DESCRIPTION_MAX, DESCRIPTION_MIN, isValidName, LOCATION_MAX, NAME_MAX, parseReach } from '../src/feedback/validate.js';
import type { Translate } from '../src/common/i18n.js';
import { messageView } from '../src/answer/reply.js';
import { activityOf } from '../src/bot/activityRenderer.js';
import { describedAs, type FeedbackDraft } from '../src/feedback/draft.js';
import { LOCALE } from '../src/common/lang.js';
import type { DialogServices } from './dialogServices.js';
import { InterruptibleDialog } from './interruptibleDialog.js';
import { StatusDialog } from './statusDialog.js';
import { ChoiceViewPrompt, type ChoiceViewOptions } from './choiceViewPrompt.js';
import { mainPhone } from '../src/render/answerView.js';

export const FEEDBACK_DIALOG = 'feedbackDialog';
const STEPS = 'feedbackSteps';
const KIND = 'feedbackKindPrompt';
const DESCRIPTION = 'feedbackDescriptionPrompt';
const LOCATION = 'feedbackLocationPrompt';
const CONTACT = 'feedbackContactPrompt';
const NAME = 'feedbackNamePrompt';
const REACH = 'feedbackReachPrompt';
const CONSENT = 'feedbackConsentPrompt';
const CONFIRM = 'feedbackConfirmPrompt';

const choice = (value: string, title: string, synonyms: string[] = []): Choice => ({ value, action: { type: 'imBack', title, value: title }, synonyms: [value, ...synonyms] });

/** What the citizen can correct at the summary, by button or by typing the field's name ("мястото"). */
const CORRECTIONS = ['confirm', 'kind', 'description', 'place', 'contact', 'cancel'] as const;
const wordsOf = (key: string, t: Translate) => t(key, { returnObjects: true }) as unknown as string[];
/** An anonymous citizen's "contact" is adding one, in one tap: the button says so and leads straight to the name. */
const correctionChoice = (c: (typeof CORRECTIONS)[number], t: Translate, anonymous: boolean) =>
  c === 'contact' && anonymous
    ? choice(c, t('feedback.confirmChoice.addContact'), [...wordsOf('feedback.confirmWords.addContact', t), ...wordsOf('feedback.confirmWords.contact', t)])
    : choice(c, t(`feedback.confirmChoice.${c}`), wordsOf(`feedback.confirmWords.${c}`, t));

/** The most of a shared place's address kept, so that it and the coordinates fit the place's limit. */
const SHARED_ADDRESS_MAX = LOCATION_MAX - 80;

/** A location shared from the channel (Bot Framework Place / GeoCoordinates entity), with its address when the channel sent one. */
function sharedLocation(activity: Partial<Activity>, t: Translate): string | undefined {
  for (const e of activity.entities ?? []) {
    const geo = (e.type === 'GeoCoordinates' ? e : (e as { geo?: unknown }).geo) as { latitude?: unknown; longitude?: unknown } | undefined;
    if (geo && typeof geo.latitude === 'number' && typeof geo.longitude === 'number') {
      const coordinates = { lat: geo.latitude.toFixed(5), lon: geo.longitude.toFixed(5) };
      const typed = e.type === 'Place' ? (e as { address?: unknown }).address : undefined;
      const address = typeof typed === 'string' ? typed.trim().slice(0, SHARED_ADDRESS_MAX) : '';
      return address ? t('feedback.sharedPlace', { address, ...coordinates }) : t('feedback.sharedLocation', coordinates);
    }
  }
  return undefined;
}

export class FeedbackDialog extends InterruptibleDialog {
  constructor(services: DialogServices) {
    super(FEEDBACK_DIALOG, services);
    const choicePrompt = (id: string) => new ChoiceViewPrompt(id);
    // A reference number typed at any of its prompts asks for that record's status (InterruptibleDialog).
    this.addDialog(new StatusDialog(services))
      .addDialog(choicePrompt(KIND))
      .addDialog(new TextPrompt(DESCRIPTION, (p) => this.validateDescription(p)))
      .addDialog(new TextPrompt(LOCATION, (p) => this.validateLocation(p)))
      .addDialog(choicePrompt(CONTACT))
      .addDialog(new TextPrompt(NAME, (p) => this.validateName(p)))
      .addDialog(new TextPrompt(REACH, (p) => this.validateReach(p)))
      .addDialog(choicePrompt(CONSENT))
      .addDialog(choicePrompt(CONFIRM))
      .addDialog(
        new WaterfallDialog(STEPS, [
          this.kindStep.bind(this),
          this.descriptionStep.bind(this),
          this.locationStep.bind(this),
          this.contactStep.bind(this),
          this.nameStep.bind(this),
          this.reachStep.bind(this),
          this.consentStep.bind(this),
          this.summaryStep.bind(this),
          this.finishStep.bind(this),
        ]),
      );
    this.initialDialogId = STEPS;
  }

  /** A choice prompt, its choices shown on every channel (choiceViewPrompt.ts). */
  private async askChoice(step: WaterfallStepContext, id: string, prompt: string, choices: Choice[]): Promise<DialogTurnResult> {
    const options: ChoiceViewOptions = { prompt, choices, lang: await this.langOf(step.context) };
    return step.prompt(id, options);
  }

  private draft(step: WaterfallStepContext): FeedbackDraft {
    return step.options as FeedbackDraft;
  }

  private async kindStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    const t = await this.tr(step.context);
    if (!draft.introduced) {
      await this.say(step.context, t('feedback.start'));
      draft.introduced = true;
    }
    if (draft.kind) return step.next();
    return this.askChoice(step, KIND, t('feedback.askKind'), FEEDBACK_KINDS.map((k) => choice(k, t(`feedback.kindChoice.${k}`))));
  }

  private async descriptionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (!draft.kind) draft.kind = (step.result as FoundChoice).value as FeedbackKind;
    if (draft.description) return step.next();
    const t = await this.tr(step.context);
    return step.prompt(DESCRIPTION, { prompt: t('feedback.askDescription', { max: DESCRIPTION_MAX }) });
  }

  private async locationStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (draft.description === undefined) draft.description = describedAs(String(step.result).trim(), draft.preface, DESCRIPTION_MAX);
    const need = this.placeNeed(draft);
    if (need === 'none' || draft.location !== undefined) return step.next();
    const lang = await this.langOf(step.context);
    const t = await this.tr(step.context);
    const question = this.categoryOf(draft)?.ask_place?.[lang] ?? t('feedback.askLocation');
    // A required place has no "skip": a report the staff cannot find helps no one.
    const text = need === 'required' ? `${question} ${t('feedback.placeRequired')}` : `${question} ${t('feedback.placeOptional')}`;
    const skip = need === 'optional' ? [{ title: t('feedback.skip'), value: { action: 'ask' as const, text: t('feedback.skip') } }] : [];
    return step.prompt(LOCATION, { prompt: activityOf(messageView(text, skip), LOCALE[lang]), validations: { required: need === 'required' } });
  }

  private categoryOf(draft: FeedbackDraft) {
    return draft.category ? this.services.assistant.kb.signals.find((c) => c.id === draft.category) : undefined;
  }

  /** Whether the place is asked: as its category says, and for any signal; not for complaints, proposals or praise. */
  private placeNeed(draft: FeedbackDraft): 'required' | 'optional' | 'none' {
    const category = this.categoryOf(draft);
    if (category) return category.place;
    return draft.kind === 'signal' ? 'optional' : 'none';
  }

  private async contactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    const t = await this.tr(step.context);
    if (this.placeNeed(draft) !== 'none' && draft.location === undefined) {
      const typed = String(step.result ?? '').trim();
      draft.location = sharedLocation(step.context.activity, t) ?? (typed.toLocaleLowerCase('bg') === t('feedback.skip').toLocaleLowerCase('bg') ? '' : typed);
    }
    if (draft.contact) return step.next();
    if (draft.addContact) return step.next({ value: 'named', index: 1, score: 1 } satisfies FoundChoice);
    return this.askChoice(step, CONTACT, t('feedback.askContact'), [choice('anonymous', t('feedback.contactChoice.anonymous')), choice('named', t('feedback.contactChoice.named'))]);
  }

  private async nameStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (!draft.contact) {
      if ((step.result as FoundChoice).value !== 'anonymous') return step.prompt(NAME, { prompt: (await this.tr(step.context))('feedback.askName') });
      draft.contact = 'anonymous';
      await this.sendAnonymousRule(step.context, draft);
    }
    return step.next();
  }

  /**
   * The law on anonymous records and what happens to this one, said once the citizen has chosen to
   * stay anonymous, not to everyone before; then how to get a reply (the summary's "add a contact").
   * A danger happening now is pointed to its emergency number first: a record is no help then.
   */
  private async sendAnonymousRule(context: TurnContext, draft: FeedbackDraft): Promise<void> {
    if (draft.kind === 'praise') return; // the rule is about proposals and signals; praise is simply passed on
    const lang = await this.langOf(context);
    const t = await this.tr(context);
    const category = this.categoryOf(draft);
    const emergency = category?.handled_by === 'emergency' ? [t('report.emergency', { phone: category.institution?.phone ?? '112' })] : [];
    await this.say(context, [...emergency, this.services.assistant.kb.feedback.anonymous_rule[lang], t('feedback.addContactOffer')].join('\n\n'));
  }

  private async reachStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (draft.contact) return step.next();
    draft.contact = { name: String(step.result).trim() };
    return step.prompt(REACH, { prompt: (await this.tr(step.context))('feedback.askReach') });
  }

  private async consentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (draft.contact === 'anonymous' || draft.consent !== undefined) return step.next();
    const reach = parseReach(String(step.result));
    if (draft.contact && reach) Object.assign(draft.contact, reach);
    const t = await this.tr(step.context);
    const lang = await this.langOf(step.context);
    const question = t('feedback.askConsent', {
      municipality: this.services.assistant.kb.municipality.name[lang],
      kind: t(`feedback.kind.${draft.kind}`),
      count: this.services.retentionDays,
    });
    const choices = (['agree', 'anonymous', 'cancel'] as const).map((c) => choice(c, t(`feedback.consentChoice.${c}`), wordsOf(`feedback.consentWords.${c}`, t)));
    return this.askChoice(step, CONSENT, question, choices);
  }

  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    const t = await this.tr(step.context);
    if (draft.contact !== 'anonymous' && draft.consent === undefined) {
      const answer = (step.result as FoundChoice).value;
      if (answer === 'cancel') {
        await this.say(step.context, t('feedback.cancelled'));
        return step.endDialog();
      }
      if (answer === 'anonymous') {
        draft.contact = 'anonymous';
        await this.sendAnonymousRule(step.context, draft);
      } else draft.consent = true;
    }
    const contact = draft.contact === 'anonymous' || !draft.contact ? t('feedback.anonymous') : [draft.contact.name, draft.contact.phone, draft.contact.email].filter(Boolean).join(', ');
    const category = this.categoryOf(draft);
    const kind = t(`feedback.kind.${draft.kind}`);
    const lines = [
      t('feedback.summary'),
      t('feedback.summaryKind', { kind: category ? `${kind} – ${category.title[await this.langOf(step.context)]}` : kind }),
      t('feedback.summaryDescription', { description: draft.description }),
      ...(draft.location ? [t('feedback.summaryLocation', { location: draft.location })] : []),
      t('feedback.summaryContact', { contact }),
    ];
    // Citizen text: sent as plain text so that no channel renders it as markup.
    await this.say(step.context, lines.join('\n'));
    const fields = this.placeNeed(draft) === 'none' ? CORRECTIONS.filter((c) => c !== 'place') : CORRECTIONS;
    const anonymous = draft.contact === 'anonymous';
    return this.askChoice(step, CONFIRM, t('feedback.askConfirm'), fields.map((c) => correctionChoice(c, t, anonymous)));
  }

  private async finishStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    const t = await this.tr(step.context);
    const answer = (step.result as FoundChoice).value;
    // Each field is asked again alone; what the citizen said before stays.
    if (answer === 'kind') return step.replaceDialog(STEPS, { ...draft, kind: undefined, category: undefined });
    if (answer === 'description') return step.replaceDialog(STEPS, { ...draft, description: undefined });
    if (answer === 'place') return step.replaceDialog(STEPS, { ...draft, location: undefined });
    if (answer === 'contact') return step.replaceDialog(STEPS, { ...draft, contact: undefined, consent: undefined, addContact: draft.contact === 'anonymous' || undefined });
    if (answer === 'cancel') {
      await this.say(step.context, t('feedback.cancelled'));
      return step.endDialog();
    }
    await this.save(step.context, draft, t);
    return step.endDialog();
  }

  private async save(context: TurnContext, draft: FeedbackDraft, t: Translate): Promise<void> {
    const { assistant, feedback } = this.services;
    const anonymous = draft.contact === 'anonymous' || !draft.contact;
    let saved;
    try {
      saved = await feedback.create({
        kind: draft.kind!,
        ...(draft.category ? { category: draft.category } : {}),
        description: draft.description!,
        ...(draft.location ? { location: draft.location } : {}),
        ...(anonymous ? {} : { contact: draft.contact as FeedbackContact, consent: draft.consent === true }),
        lang: await this.langOf(context),
        channel: context.activity.channelId ?? 'unknown',
        conversationId: context.activity.conversation?.id ?? 'unknown',
      });
    } catch (err) {
      this.services.logger.error({ err }, 'feedback record not saved');
      await this.say(context, t('feedback.saveFailed', { phone: mainPhone(assistant.kb.municipality) }));
      return;
    }
    const { record, accessCode } = saved;
    if (draft.questionId) {
      // Staff no longer see the message as an open report; a failure here loses nothing, the record is saved.
      await this.services.questions.markRegistered(draft.questionId, record.reference).catch((err: unknown) => this.services.logger.warn({ err }, 'question log not updated'));
    }
    const settings = assistant.kb.feedback.kinds[record.kind]?.response;
    // What happens next: an anonymous record is seen by staff but owed no answer, so no deadline is promised.
    const outcome =
      record.kind === 'praise'
        ? t('feedback.noDeadline')
        : anonymous
          ? t('feedback.anonymousOutcome')
          : settings
            ? t('feedback.deadline', { period: t(`feedback.period.${settings.unit}`, { count: settings.amount }) })
            : t('feedback.deadlineNotConfirmed');
    const lines = [t('feedback.saved', { kind: t(`feedback.kind.${record.kind}`), reference: record.reference, code: accessCode }), outcome];
    await this.say(context, lines.join('\n'));
    this.services.onFeedbackSaved(record);
  }

  private async validateDescription(p: PromptValidatorContext<string>): Promise<boolean> {
    const text = p.recognized.value ?? '';
    const t = await this.tr(p.context);
    // "искам да подам жалба" again, after "имам оплакване": the matter is open, the account is still to come.
    if (this.services.assistant.onlyOpens(text, await this.langOf(p.context))) {
      await this.say(p.context, t('feedback.askDescriptionAgain', { max: DESCRIPTION_MAX }));
      return false;
    }
    const check = checkDescription(text);
    if (check === 'ok') return true;
    await this.say(
      p.context,
      check === 'tooLong' ? t('feedback.descriptionTooLong', { length: text.trim().length, max: DESCRIPTION_MAX }) : t('feedback.descriptionTooShort', { min: DESCRIPTION_MIN }),
    );
    return false;
  }

  private async validateLocation(p: PromptValidatorContext<string>): Promise<boolean> {
    const t = await this.tr(p.context);
    if (sharedLocation(p.context.activity, t)) return true;
    const text = (p.recognized.value ?? '').trim();
    if (text.length > LOCATION_MAX) {
      await this.say(p.context, t('feedback.locationTooLong', { max: LOCATION_MAX }));
      return false;
    }
    const required = (p.options.validations as { required?: boolean } | undefined)?.required === true;
    if (required && text.toLocaleLowerCase('bg') === t('feedback.skip').toLocaleLowerCase('bg')) {
      await this.say(p.context, t('feedback.placeRequired'));
      return false;
    }
    return text.length > 0;
  }

  private async validateName(p: PromptValidatorContext<string>): Promise<boolean> {
    if (isValidName(p.recognized.value ?? '')) return true;
    await this.say(p.context, (await this.tr(p.context))('feedback.nameInvalid', { max: NAME_MAX }));
    return false;
  }

  private async validateReach(p: PromptValidatorContext<string>): Promise<boolean> {
    if (parseReach(p.recognized.value ?? '')) return true;
    await this.say(p.context, (await this.tr(p.context))('feedback.reachInvalid'));
    return false;
  }
}
