// The conversations of this folder (README.md here says how to write one), each run through the
// real bot on the bundled knowledge/ and shown by the web chat's, Viber's and Messenger's renderers.
// A conversation marked `known_gap` is listed as a todo with its reason (KNOWN_GAPS=run runs them,
// to see how they fail); the runner itself is checked on conversations that must fail.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { Assistant } from '../../src/answer/assistant.js';
import { loadConversations } from '../support/conversationFiles.js';
import { channelRules, runConversation, unmet } from '../support/conversationRun.js';
import { liveKnowledgeDir, paths, root } from '../support/paths.js';
import { threeChannelBot, type ShownMessage, type ThreeChannelBot } from '../support/threeChannels.js';

const files = await loadConversations(import.meta.dirname);
const runGaps = process.env.KNOWN_GAPS === 'run';

let tb: ThreeChannelBot;
beforeAll(async () => {
  tb = await threeChannelBot(await Assistant.load({ ...paths, knowledgeDir: liveKnowledgeDir }));
});
afterAll(async () => tb.harness.cleanup());

for (const file of files) {
  describe(file.path, () => {
    for (const conversation of file.conversations) {
      for (const channel of conversation.channels) {
        const title = `${conversation.name} [${channel}]`;
        if (conversation.known_gap && !runGaps) it.todo(`${title} — known gap: ${conversation.known_gap}`);
        else it(title, async () => expect((await runConversation(tb, conversation, channel)).join('\n')).toBe(''));
      }
    }
  });
}

describe('the runner', () => {
  const fixtures = join(root, 'test', 'fixtures', 'conversations');

  // Each of these conversations is named by the problem the runner must report.
  it('fails each conversation whose expectation the bot does not meet, on every channel, saying why', async () => {
    const [failing] = await loadConversations(join(fixtures, 'failing'));
    const reports = [];
    for (const conversation of failing.conversations) {
      for (const channel of conversation.channels) reports.push({ channel, expected: conversation.name, said: (await runConversation(tb, conversation, channel)).join('\n') });
    }
    expect(reports.filter((r) => !r.said.includes(r.expected))).toEqual([]);
    expect(reports.length).toBeGreaterThanOrEqual(12);
  });

  it("holds every turn to the channel's rules", () => {
    const button = (title: string) => ({ title, sends: { text: title } });
    const message = (text: string, titles: string[] = [], replyText?: string): ShownMessage => ({ text, buttons: titles.map(button), ...(replyText ? { replyText } : {}) });
    const whole = 'Първи ред.\nВтори ред. Второ изречение.';
    expect(channelRules('messenger', [message(whole, ['Скица на имот'], whole)])).toEqual([]);
    expect(channelRules('messenger', [message('а'.repeat(2001))])).toEqual([`message 1 has 2001 characters, over the channel's 2000`]);
    expect(channelRules('messenger', [message('Изберете:', ['Удостоверение за наследници'])])).toEqual([`message 1: the button "Удостоверение за наследници" is over the channel's 20 characters`]);
    expect(channelRules('viber', [message('Изберете:', ['Да', 'Да'])])).toEqual([`message 1: two buttons read the same ("Да", "Да")`]);
    expect(channelRules('web', [message('Изберете:\n1. Скица на имот', ['Скица на имот'])])).toEqual([`message 1: "Скица на имот" is both a button and a line of the text (a list said twice)`]);
    expect(channelRules('viber', [message('Първи ред.\nВтори ред.', [], whole), message('Второ изречение.', [], whole)])).toEqual([
      'message 1 cuts a line of the reply: "Втори ред.…"',
      'message 2 cuts a line of the reply: "Второ изречение.…"',
    ]);
  });

  // Every button of the bundled knowledge has a title that fits, so no conversation can show this one failing.
  it('fails `whole_buttons` on a button cut short', () => {
    const shown: ShownMessage[] = [{ text: 'Вижте също:', buttons: [{ title: 'Удостоверение за на…', sends: { text: 'x' } }, { title: 'Скица на имот', sends: { text: 'y' } }] }];
    expect(unmet(shown, { whole_buttons: true })).toEqual(['cuts the button "Удостоверение за на…" short']);
  });

  it('refuses a file that does not follow the schema, naming the file and the field', async () => {
    await expect(loadConversations(join(fixtures, 'invalid'))).rejects.toThrow(/bad\.yaml: conversations\[0\]\.turns\[0\]: a turn has exactly one of say, tap, start[\s\S]*bad\.yaml: conversations\[0\]\.turns\[1\]\.reply: Unrecognized key: "contain"/);
  });
});
