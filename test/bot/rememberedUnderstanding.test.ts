// The dialogs' remembering assistant answers exactly as the assistant does, reads a repeated message
// once, and forgets what it remembered when the knowledge is reloaded (staff attach questions while
// the bot runs).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { withRememberedUnderstanding } from '../../src/bot/rememberedUnderstanding.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
});

/** An assistant that counts the messages it really reads. */
function counting(): { assistant: Assistant; reads: () => number } {
  let reads = 0;
  const counted = Object.create(assistant) as Assistant;
  counted.read = (question, lang) => {
    reads += 1;
    return assistant.read(question, lang);
  };
  return { assistant: counted, reads: () => reads };
}

describe('withRememberedUnderstanding', () => {
  it.each([
    ['Как да получа удостоверение за наследници?', {}],
    ['а колко струва?', { lastEntryId: 'heirs-certificate', lang: 'bg' as const }],
    ['kak da si platq danaka', {}],
    ['Отворено ли е сега?', {}],
    ['Контейнерите на ул. „Рила“ 5 не са извозени от две седмици.', {}],
  ])('understands %s as the assistant does, the first time and from memory', (question, context) => {
    const remembering = withRememberedUnderstanding(assistant);
    const expected = assistant.understand(question, context);
    expect(remembering.understand(question, context)).toEqual(expected);
    expect(remembering.understand(question, context)).toEqual(expected);
  });

  it('reads a repeated message once, whatever the conversation, and decides each time with its context', () => {
    const inner = counting();
    const remembering = withRememberedUnderstanding(inner.assistant);
    const first = remembering.understand('а колко струва?', { lastEntryId: 'heirs-certificate', lang: 'bg' });
    const second = remembering.understand('а колко струва?', { lastEntryId: 'property-sketch', lang: 'bg' });
    expect(inner.reads()).toBe(1);
    expect(first.decision).toMatchObject({ type: 'answer', entryId: 'heirs-certificate' });
    expect(second.decision).toMatchObject({ type: 'answer', entryId: 'property-sketch' });
  });

  it('forgets what it remembered when the knowledge is reloaded', async () => {
    const inner = counting();
    const remembering = withRememberedUnderstanding(inner.assistant);
    remembering.understand('скица на имот');
    await assistant.reload();
    expect(remembering.understand('скица на имот')).toEqual(assistant.understand('скица на имот'));
    expect(inner.reads()).toBe(2);
  });
});
