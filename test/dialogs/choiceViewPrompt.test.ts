// The choice prompt recognises a message once a turn (Bot Framework's own did it also as the message
// arrived), and what it recognises is Bot Framework's ChoicePrompt's: a typed choice, a number, an
// ordinal, or a retry.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ComponentDialog, ChoicePrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { ChoiceViewPrompt, type ChoiceViewOptions } from '../../dialogs/choiceViewPrompt.js';

const PROMPT = 'contactPrompt';
const CHOICES = [{ value: 'anonymous', synonyms: ['Анонимно'] }, { value: 'named', synonyms: ['С име и контакт'] }];

/** Asks once, then says what was chosen. */
class AskDialog extends ComponentDialog {
  constructor() {
    super('ask');
    this.addDialog(new ChoiceViewPrompt(PROMPT)).addDialog(
      new WaterfallDialog('steps', [
        async (step: WaterfallStepContext) => step.prompt(PROMPT, { prompt: 'Как?', retryPrompt: 'Изберете едно от двете.', choices: CHOICES, lang: 'bg' } as ChoiceViewOptions),
        async (step: WaterfallStepContext) => {
          await step.context.sendActivity(`избрано: ${(step.result as { value: string }).value}`);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('ChoiceViewPrompt', () => {
  it.each([
    ['Анонимно', 'избрано: anonymous'],
    ['2', 'избрано: named'],
    ['the first one', 'избрано: anonymous'],
    ['колко струва скица?', 'Изберете едно от двете.'],
  ])('recognises %s once in its turn, as ChoicePrompt does', async (text, reply) => {
    const client = new DialogTestClient('test', new AskDialog());
    await client.sendActivity('здравей');
    const recognitions = jest.spyOn(ChoicePrompt.prototype as unknown as { onRecognize: () => Promise<unknown> }, 'onRecognize');
    const answer = await client.sendActivity(text);
    expect(answer.text ?? JSON.stringify(answer.attachments)).toContain(reply);
    expect(recognitions).toHaveBeenCalledTimes(1);
  });
});
