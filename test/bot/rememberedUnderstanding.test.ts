// The dialogs' remembering assistant answers exactly as the assistant does, and forgets what it
// remembered when the knowledge is reloaded (staff attach questions while the bot runs).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { withRememberedUnderstanding } from '../../src/bot/rememberedUnderstanding.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
});

describe('withRememberedUnderstanding', () => {
  it.each([
    ['Как да получа удостоверение за наследници?', {}],
    ['а колко струва?', { lastEntryId: 'heirs-certificate', lang: 'bg' as const }],
    ['kak da si platq danaka', {}],
    ['Отворено ли е сега?', {}],
  ])('understands %s as the assistant does, the first time and from memory', (question, context) => {
    const remembering = withRememberedUnderstanding(assistant);
    const expected = assistant.understand(question, context);
    expect(remembering.understand(question, context)).toEqual(expected);
    const again = remembering.understand(question, context);
    expect(again).toEqual(expected);
    again.decision = { type: 'abstain' }; // a caller changing its copy changes nothing remembered
    expect(remembering.understand(question, context)).toEqual(expected);
  });

  it('forgets what it remembered when the knowledge is reloaded', async () => {
    const remembering = withRememberedUnderstanding(assistant);
    const before = remembering.index;
    remembering.understand('скица на имот');
    await assistant.reload();
    expect(remembering.index).not.toBe(before);
    expect(remembering.understand('скица на имот')).toEqual(assistant.understand('скица на имот'));
  });
});
