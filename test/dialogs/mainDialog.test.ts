// Dialog tests with botbuilder-testing: the real MainDialog, Assistant and question log.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';
import { MainDialog } from '../../dialogs/mainDialog.js';
import { MAX_MESSAGE_LENGTH } from '../../src/answer/route.js';
import { Assistant } from '../../src/answer/assistant.js';
import { CitizenBot } from '../../src/bot/citizenBot.js';
import type { QuestionLog } from '../../src/insights/questionLog.js';
import { buttonTitles, fallbackText, tableRows, visibleText } from '../support/cards.js';
import { createHarness, type Harness } from '../support/dialogHarness.js';
import { paths } from '../support/paths.js';

let assistant: Assistant;
let harness: Harness;
let log: QuestionLog;
let client: DialogTestClient;

beforeAll(async () => {
  assistant = await Assistant.load(paths);
});

beforeEach(async () => {
  harness = await createHarness(assistant);
  log = harness.questions;
  client = harness.client();
});

afterEach(async () => harness.cleanup());

const say = async (text: string): Promise<Partial<Activity>> => client.sendActivity(text);
const tap = async (value: object): Promise<Partial<Activity>> => client.sendActivity({ type: ActivityTypes.Message, value });

describe('answers', () => {
  it('answers a service question with a card: documents, deadlines and fees, where to apply, check date and source', async () => {
    const reply = await say('Как да получа удостоверение за наследници?');
    expect(reply.attachments?.[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const text = visibleText(reply);
    expect(text).toContain('Удостоверение за наследници');
    expect(text).toContain('Необходими документи');
    expect(text).toContain('Срокове и такси');
    expect(text).toMatch(/не са публикувани в източниците ни.*0745 12345/);
    expect(text).toContain('Къде и как се подава');
    expect(text).toMatch(/Информацията е проверена на \d+ ноември 2026/);
    expect(text).toContain('iisda.government.bg');
    expect(buttonTitles(reply).length).toBeGreaterThan(0);
    expect((await log.list())).toHaveLength(0);
  });

  it('shows each speed with its deadline and fee where the source gives them: a table in the card, lines in its text', async () => {
    const reply = await say('удостоверение за факти и обстоятелства по териториално устройство');
    const rows = tableRows(reply);
    expect(rows[0]).toEqual(['Услуга', 'Срок', 'Такса', 'Готово на']);
    expect(rows[1].slice(0, 3)).toEqual(['Обикновена', '14 дни', '10,23 € (20,00 лв.)']);
    expect(rows[3].slice(0, 3)).toEqual(['Експресна', '3 дни', '20,45 € (40,00 лв.)']);
    expect(visibleText(reply)).toContain('Сумите в евро са превърнати от левовете в източника по курс 1,95583.');
    expect(fallbackText(reply)).toMatch(/Обикновена услуга: 14 дни – 10,23 €/);
    expect(fallbackText(reply)).toMatch(/Експресна услуга: 3 дни – 20,45 € \(по източника 40,00 лв\./);
  });

  it('answers in English when asked in English', async () => {
    const text = visibleText(await say('How do I get a certificate of heirs?'));
    expect(text).toContain('Certificate of heirs');
    expect(text).toContain('Documents required');
  });
});

describe('abstains honestly and logs the question for staff', () => {
  it('says it does not know, gives the contacts and logs the question without the raw conversation id', async () => {
    const reply = await say('Кой спечели мача снощи?');
    expect(visibleText(reply)).toMatch(/не намерих отговор/);
    expect(visibleText(reply)).toContain('0745 12345');
    const [logged] = await log.list();
    expect(logged).toMatchObject({ text: 'Кой спечели мача снощи?', lang: 'bg', channel: 'test', reason: 'abstain' });
    expect(logged.conversation).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(logged)).not.toContain(reply.conversation?.id ?? 'no-id');
  });
});

describe('did you mean', () => {
  it('offers close candidates as buttons, and a tap answers the chosen one', async () => {
    const reply = await say('I want to build an extension to my house');
    expect(visibleText(reply)).toContain('Did you mean');
    expect(buttonTitles(reply)).toContain('Building permit');
    expect((await log.list())[0]).toMatchObject({ reason: 'clarify' });
    const chosen = await tap({ action: 'entry', id: 'building-permit' });
    expect(visibleText(chosen)).toContain('Building permit');
  });
});

describe('follow-ups refer to the last service discussed', () => {
  it.each([
    ['а колко струва?', 'Срокове и такси', 'Необходими документи'],
    ['какви документи?', 'Необходими документи', 'Срокове и такси'],
    ['how long does it take?', 'Deadlines and fees', 'Documents required'],
  ])('%s', async (followUp, shown, hidden) => {
    await say('Как да получа удостоверение за наследници?');
    const reply = await say(followUp);
    const text = visibleText(reply);
    expect(text).toMatch(/Удостоверение за наследници|Certificate of heirs/);
    expect(text).toContain(shown);
    expect(text).not.toContain(hidden);
  });
});

describe('language', () => {
  it('switches on "English" and back on "Български"', async () => {
    expect((await say('English')).text).toBe('Fine, I will write in English.');
    expect((await say('?')).text).toMatch(/Type your question/);
    expect((await say('Български')).text).toBe('Добре, ще пиша на български.');
  });

  it('switches from the language button', async () => {
    expect((await tap({ action: 'language', lang: 'en' })).text).toBe('Fine, I will write in English.');
  });

  it('follows the user: a Cyrillic question after switching to English is answered in Bulgarian', async () => {
    await say('English');
    expect(visibleText(await say('скица на имот'))).toContain('Скица');
  });
});

describe('small talk and bad input', () => {
  it('answers thanks politely', async () => {
    expect((await say('Благодаря!')).text).toMatch(/^Моля!/);
  });

  it('asks to shorten a message that is too long', async () => {
    expect((await say('а'.repeat(MAX_MESSAGE_LENGTH + 1))).text).toMatch(/твърде дълго/);
  });

  it('asks for text when a message has none', async () => {
    const reply = await client.sendActivity({ type: ActivityTypes.Message, attachments: [{ contentType: 'image/png', contentUrl: 'x' }] });
    expect(reply.text).toMatch(/само текстови съобщения/);
  });

  it('a number typed after a reply with buttons picks that button, as text-only channels list them', async () => {
    const reply = await say('I want to build an extension to my house');
    const second = buttonTitles(reply)[1];
    expect(visibleText(await say('2'))).toContain(second);
  });

  it('ignores a malformed button value and treats the message as text', async () => {
    const reply = await client.sendActivity({ type: ActivityTypes.Message, text: 'скица на имот', value: { action: 'entry', id: 42 } });
    expect(visibleText(reply)).toContain('Скица');
  });
});

describe('welcome', () => {
  it('greets a new member in Bulgarian with three example questions and a language switch', async () => {
    const bot = new CitizenBot(assistant, harness.state, new MainDialog(harness.services));
    const adapter = new TestAdapter(async (ctx) => bot.run(ctx));
    await adapter
      .send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user1', name: 'User' }], recipient: { id: 'bot', name: 'Bot' } })
      .assertReply((activity) => {
        expect(activity.text).toMatch(/^Здравейте! Аз съм виртуалният помощник на Община Петрич/);
        expect(buttonTitles(activity)).toHaveLength(5);
        expect(buttonTitles(activity)).toContain('Жалба, сигнал или предложение');
        expect(buttonTitles(activity)).toContain('English');
      });
  });
});

describe('the activity handler', () => {
  it('gathers the dialogs’ memory scopes on the first turn and runs every later turn on them', async () => {
    const bot = new CitizenBot(assistant, harness.state, new MainDialog(harness.services));
    const configurations: unknown[] = [];
    const adapter = new TestAdapter(async (ctx) => {
      await bot.run(ctx);
      configurations.push(ctx.turnState.get('DialogStateManagerConfiguration'));
    });
    await adapter
      .send('Как да получа удостоверение за наследници?')
      .assertReply((activity) => expect(visibleText(activity)).toContain('наследници'))
      .send('скица на имот')
      .assertReply((activity) => expect(visibleText(activity)).toContain('Скица'));
    expect(configurations).toHaveLength(2);
    expect(configurations[0]).toBeDefined();
    expect(configurations[1]).toBe(configurations[0]);
  });
});
