// One view, three channels: what the web chat, Viber and Messenger renderers make of the answers,
// the welcome and a dialog's choice, on the fixture knowledge. Each channel shows every choice, says
// each list once, cuts long text where a section or a line ends, and fits its titles without "…".
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { Assistant } from '../../src/answer/assistant.js';
import { welcomeView } from '../../src/answer/reply.js';
import { activityOf } from '../../src/bot/activityRenderer.js';
import { messengerMessagesOf, QUICK_REPLY_TITLE_MAX } from '../../src/channels/messenger/messengerChannel.js';
import { splitText, textReplyOf } from '../../src/channels/textReply.js';
import { VIBER_BUTTON_TEXT_MAX, viberMessagesOf } from '../../src/channels/viber/viberChannel.js';
import { entryView, type AnswerView, type RenderContext } from '../../src/render/answerView.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
let ctx: RenderContext;
beforeAll(async () => {
  assistant = await Assistant.load(paths);
  ctx = assistant.renderContext('bg');
});

const SENDER = { name: 'Община' };
const viber = (view: AnswerView) => viberMessagesOf(textReplyOf(view)!, SENDER);
const messenger = (view: AnswerView) => messengerMessagesOf(textReplyOf(view)!);
const answer = (id: string) => entryView(assistant.kb.byId.get(id)!, [], ctx);

/** The summary's choice, as the feedback dialog sends it (dialogs/choiceViewPrompt.ts). */
const SUMMARY = ['Потвърждавам', 'Промени вида', 'Промени описанието', 'Промени мястото', 'Промени контакта', 'Откажи'];
const summaryChoice = (): AnswerView => ({
  text: 'Всичко наред ли е?',
  sections: [],
  sources: [],
  actions: SUMMARY.map((title) => ({ title, value: { action: 'ask', text: title } })),
  choice: true,
});

describe('a long answer on Viber', () => {
  it('goes in pieces of at most 2000 characters, like on Messenger, each cut at the end of a line', () => {
    const view = answer('vehicle-tax');
    const whole = textReplyOf(view)!.text;
    expect(whole.length).toBeGreaterThan(2500);
    const pieces = viber(view).map((m) => m.text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    // Nothing is lost or cut inside a line: the pieces are the answer's lines, in order.
    expect(pieces.join('\n\n').split('\n').filter(Boolean)).toEqual(whole.split('\n').filter(Boolean));
    // The same function and the same size on both channels.
    expect(messenger(view).map((m) => m.text)).toEqual(pieces);
  });

  it('starts a later piece at a section, not in the middle of one, when a section ends in the second half', () => {
    const pieces = viber(answer('vehicle-tax')).map((m) => m.text);
    expect(pieces.length).toBeGreaterThan(1);
    const headings = answer('vehicle-tax').sections.map((s) => `${s.heading}:`);
    for (const piece of pieces.slice(1)) expect(headings).toContain(piece.split('\n')[0]);
  });
});

describe('splitting a long text', () => {
  const sentence = (n: number) => `Изречение номер ${n} стои в бележката.`;
  const longLine = (from: number, count: number) => `• ${Array.from({ length: count }, (_, i) => sentence(from + i)).join(' ')}`;

  it('cuts at the last line end even when a sentence of a later line ends nearer the limit', () => {
    const text = ['Добре е да знаете:', longLine(1, 3), longLine(10, 4)].join('\n');
    const pieces = splitText(text, 200);
    expect(pieces).toEqual(['Добре е да знаете:\n' + longLine(1, 3), longLine(10, 4)]);
  });

  it('cuts inside a line only when the line alone is longer than a piece, then at a sentence end', () => {
    const line = longLine(1, 10);
    const pieces = splitText(`Кратък ред.\n${line}`, 200);
    expect(pieces[0]).toBe('Кратък ред.');
    expect(pieces.slice(1).every((p) => p.length <= 200 && /\.$/.test(p))).toBe(true);
    expect(pieces.slice(1).join(' ')).toBe(line);
  });
});

describe('each list is said once', () => {
  it.each(['viber', 'messenger'] as const)('on %s, the related services are buttons, not also numbered lines, and the rating is asked without its answers', (channel) => {
    const view = answer('heirs-certificate');
    const messages = channel === 'viber' ? viber(view) : messenger(view);
    const text = messages.map((m) => m.text).join('\n');
    const related = view.actions.map((a) => a.title);
    expect(related.length).toBeGreaterThan(0);
    for (const title of related) expect(text).not.toContain(title);
    expect(text).not.toMatch(/^\d+\. /m);
    expect(text).toContain('Полезно ли беше?');
    expect(text).not.toContain('Да / Не');
    const last = messages[messages.length - 1] as { keyboard?: { Buttons: unknown[] }; quick_replies?: unknown[] };
    expect((last.keyboard?.Buttons ?? last.quick_replies)?.length).toBe(related.length + 2);
  });

  it('buttons that a channel cannot show are still listed in the text', () => {
    const many: AnswerView = { text: 'Изберете:', sections: [], sources: [], actions: Array.from({ length: 15 }, (_, i) => ({ title: `Въпрос ${i + 1}`, value: { action: 'ask', text: `въпрос ${i + 1}` } })) };
    const [message] = messenger(many);
    expect(message.quick_replies).toHaveLength(13);
    expect(message.text).toContain('1. Въпрос 14');
    expect(message.text).toContain('2. Въпрос 15');
  });
});

describe('button titles fit each channel as written', () => {
  it('the welcome on Messenger: every quick reply whole, the example questions by their short titles', () => {
    const [welcome] = messenger(welcomeView(ctx));
    const titles = welcome.quick_replies!.map((q) => q.title);
    expect(titles.filter((t) => t.endsWith('…') || Array.from(t).length > QUICK_REPLY_TITLE_MAX)).toEqual([]);
    expect(titles).toEqual(['Наследници', 'Данък сгради', 'Разрешение за строеж', 'Жалба или сигнал', 'English']);
    // A tap still asks the whole question.
    expect(welcome.quick_replies![0].payload).toBe('Как да получа удостоверение за наследници?');
  });

  it("an answer's related services on Messenger by their short titles, a tap still opening the whole entry", () => {
    const last = messenger(answer('heirs-certificate')).at(-1)!;
    const related = last.quick_replies!.find((q) => q.title === 'Препис акт за смърт');
    expect(related && JSON.parse(related.payload)).toEqual({ action: 'entry', id: 'death-certificate-duplicate' });
    expect(last.quick_replies!.filter((q) => q.title.endsWith('…'))).toEqual([]);
  });

  it.each(['bg', 'en'] as const)('the welcome on Viber (%s): every button whole', (lang) => {
    const [welcome] = viber(welcomeView(assistant.renderContext(lang)));
    const texts = welcome.keyboard!.Buttons.map((b) => b.Text);
    expect(texts.filter((t) => t.endsWith('…') || Array.from(t).length > VIBER_BUTTON_TEXT_MAX)).toEqual([]);
  });

  it('the web chat keeps the whole question as the suggestion', () => {
    const activity = activityOf(welcomeView(ctx), 'bg-BG');
    expect(activity.suggestedActions!.actions[0].title).toBe('Как да получа удостоверение за наследници?');
  });
});

describe('a choice the conversation waits on is shown whole on every channel', () => {
  const cardOf = (activity: Partial<Activity>) => activity.attachments?.[0]?.content as { body: Array<{ text?: string }>; actions: Array<{ type: string; title: string; data: unknown }> };

  it('on the web chat as a card with a button for every choice (suggestions there are cut to three), each saying its text', () => {
    const activity = activityOf(summaryChoice(), 'bg-BG');
    expect(activity.suggestedActions).toBeUndefined();
    const card = cardOf(activity);
    expect(card.body.map((b) => b.text)).toEqual(['Всичко наред ли е?']);
    expect(card.actions.map((a) => [a.type, a.title, a.data])).toEqual(SUMMARY.map((t) => ['Action.Submit', t, t]));
  });

  it('on Viber as a keyboard and on Messenger as quick replies, every title whole', () => {
    expect(viber(summaryChoice()).at(-1)!.keyboard!.Buttons.map((b) => b.Text)).toEqual(SUMMARY);
    const [message] = messenger(summaryChoice());
    expect(message.text).toBe('Всичко наред ли е?');
    expect(message.quick_replies!.map((q) => [q.title, q.payload])).toEqual(SUMMARY.map((t) => [t, t]));
  });
});
