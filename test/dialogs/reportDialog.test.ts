// Problem reports told in the citizen's own words, and the offers the bot makes (register it?
// "Имате предвид X?"), as tables of conversations through the real MainDialog over real stores.
import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { Assistant } from '../../src/answer/assistant.js';
import type { FeedbackRecord } from '../../src/feedback/types.js';
import { buttonTitles, visibleText } from '../support/cards.js';
import { dialogConversation } from '../support/dialogHarness.js';
import { paths } from '../support/paths.js';

const conversation = dialogConversation(() => Assistant.load(paths));
const { say } = conversation;
const textOf = (replies: Array<Partial<Activity>>) => replies.map(visibleText).join('\n');
const REFERENCE = /ПТ-\d{4}-\d{6}/;

/** One turn of a conversation: what the citizen sends and what the bot's replies must show. */
interface Turn {
  send: string | object;
  shows?: RegExp[];
  hides?: RegExp[];
  buttons?: string[];
}

interface Conversation {
  name: string;
  turns: Turn[];
  /** The record saved at the end, if any. */
  record?: Partial<FeedbackRecord>;
}

const narrative = 'Контейнерите на ул. „Рила“ 5 не са извозени от две седмици и миризмата е ужасна.';
const noPlace = 'Уличната лампа пред блока ни не свети вече цял месец, вечер е тъмно и опасно.';
const water = 'От вчера тече вода от спукана тръба на улицата и се образува голяма локва.';
/** A problem no category names, told as a narrative (fixture knowledge: no category has fences or baths). */
const untold = 'От години никой не е боядисал оградата на старата баня на ул. „Липа“ 4! Всеки ден минаваме оттам с децата.';

/** A problem told as a question that services explain a little of (fixture knowledge: two taxes). */
const askedAndTold = 'Децата ни нямат къде да играят, а плащаме данъци от години. Как да платим по-малко?';

const conversations: Conversation[] = [
  {
    name: 'a problem told as a question: the "did you mean" also offers to register it, with the message as its description',
    turns: [
      { send: askedAndTold, shows: [/Имахте ли предвид/], buttons: ['Плащане на данък сгради и такса смет', 'Данък върху превозните средства (данък кола)', 'Подай като сигнал'] },
      { send: { action: 'report' }, shows: [/Къде е проблемът/], hides: [/Опишете/] },
      { send: 'кв. „Изток“', shows: [/Искате ли да оставите име/] },
      { send: 'Анонимно', shows: [/Описание: Децата ни нямат къде да играят/] },
      { send: 'Потвърждавам', shows: [REFERENCE] },
    ],
    record: { kind: 'signal', category: 'other', description: askedAndTold, location: 'кв. „Изток“' },
  },
  {
    name: 'on a text-only channel the offer to register is taken by its number',
    turns: [
      { send: askedAndTold, buttons: ['Плащане на данък сгради и такса смет', 'Данък върху превозните средства (данък кола)', 'Подай като сигнал'] },
      { send: '3', shows: [/Къде е проблемът/] },
    ],
  },
  {
    name: 'the offer to register lasts one turn: its button tapped later starts the feedback dialog from its first question',
    turns: [
      { send: askedAndTold, buttons: ['Плащане на данък сгради и такса смет', 'Данък върху превозните средства (данък кола)', 'Подай като сигнал'] },
      { send: 'Здравейте' },
      { send: { action: 'report' }, shows: [/Какво искате да подадете/], hides: [/Къде е проблемът/] },
    ],
  },
  {
    name: 'a narrative report: category understood, the message is the description, the place is taken from it',
    turns: [
      { send: narrative, shows: [/Разбрах: .*отпадъци/, /Място: ул\. „Рила“ 5/, /няма нужда да го пишете отново/], buttons: ['Да, регистрирай', 'Не, благодаря'] },
      // The place is known, so the next question is about the contact.
      { send: 'Да', shows: [/Искате ли да оставите име/], hides: [/Опишете/, /Къде/] },
      { send: 'Анонимно', shows: [/Описание: Контейнерите на ул\. „Рила“ 5/, /Място: ул\. „Рила“ 5/, /сигнал – Отпадъци/] },
      { send: 'Потвърждавам', shows: [REFERENCE] },
    ],
    record: { kind: 'signal', category: 'waste', description: narrative, location: 'ул. „Рила“ 5' },
  },
  {
    name: 'a report without a place: the place is asked, and it cannot be skipped',
    turns: [
      { send: noPlace, shows: [/Разбрах: .*осветление/] },
      { send: { action: 'answer', yes: true }, shows: [/Без място служителите не могат/], hides: [/Пропусни/] },
      { send: 'Пропусни', shows: [/Без място/] },
      { send: 'ул. „Цар Борис III“ 12', shows: [/Искате ли да оставите име/] },
      { send: 'Анонимно', shows: [/Място: ул\. „Цар Борис III“ 12/] },
      { send: 'Потвърждавам', shows: [REFERENCE] },
    ],
    record: { kind: 'signal', category: 'street-lighting', description: noPlace, location: 'ул. „Цар Борис III“ 12' },
  },
  {
    name: 'a narrative that no category names: offered as a report of the fallback category, with its place',
    turns: [
      { send: untold, shows: [/Разбрах: сигнал за проблем/, /Място: ул\. „Липа“ 4/], buttons: ['Да, регистрирай', 'Не, благодаря'] },
      { send: 'Да', shows: [/Искате ли да оставите име/], hides: [/Опишете/] },
      { send: 'Анонимно', shows: [/Описание: От години никой не е боядисал/, /Друг проблем в населеното място/] },
      { send: 'Потвърждавам', shows: [REFERENCE] },
    ],
    record: { kind: 'signal', category: 'other', description: untold, location: 'ул. „Липа“ 4' },
  },
  {
    name: 'a matter of another body: its contacts, and the offer to record it for the municipality anyway',
    turns: [
      { send: water, shows: [/ВиК/, /не се занимава общинската администрация/, /мога да запиша сигнала и за общината/], buttons: ['Да, запиши го', 'Не, благодаря'] },
      { send: 'Не', shows: [/не го регистрирам/] },
    ],
  },
  {
    name: 'an emergency: 112 first',
    turns: [{ send: 'Гори къща на нашата улица, вътре има хора!', shows: [/^Ако някой е в опасност.*112/] }],
  },
  {
    name: 'a complaint opener starts the dialog; the next message is the description',
    turns: [
      { send: 'Искам да подам жалба срещу служител', shows: [/Опишете какво се е случило/] },
      { send: 'Служителката на гише 2 ми повиши тон и отказа да приеме заявлението ми.', shows: [/Искате ли да оставите име/] },
      { send: 'Анонимно', shows: [/Описание: Служителката на гише 2/] },
      { send: 'Потвърждавам', shows: [REFERENCE] },
    ],
    record: { kind: 'complaint', description: 'Служителката на гише 2 ми повиши тон и отказа да приеме заявлението ми.' },
  },
  {
    name: 'the place is corrected at the summary by typing the field',
    turns: [
      { send: narrative },
      { send: 'да' },
      { send: 'Анонимно' },
      { send: 'мястото', shows: [/Къде точно/] },
      { send: 'ул. „Рила“ 7', shows: [/Място: ул\. „Рила“ 7/] },
      { send: 'Потвърждавам', shows: [REFERENCE] },
    ],
    record: { category: 'waste', location: 'ул. „Рила“ 7', description: narrative },
  },
  {
    name: 'the kind is corrected at the summary with its button',
    turns: [
      { send: narrative },
      { send: 'да' },
      { send: 'Анонимно', buttons: ['Потвърждавам', 'Промени вида', 'Промени описанието', 'Промени мястото', 'Добави контакт', 'Откажи'] },
      { send: 'Промени вида', buttons: ['Жалба', 'Сигнал за проблем', 'Предложение', 'Похвала'] },
      { send: 'Жалба', shows: [/Вид: жалба/] },
      { send: 'Потвърждавам', shows: [REFERENCE] },
    ],
    record: { kind: 'complaint', description: narrative },
  },
];

describe('problem reports in the citizen\'s own words', () => {
  it.each(conversations)('$name', async ({ turns, record }) => {
    for (const turn of turns) {
      const replies = await say(turn.send);
      const text = textOf(replies);
      for (const pattern of turn.shows ?? []) expect(text).toMatch(pattern);
      for (const pattern of turn.hides ?? []) expect(text).not.toMatch(pattern);
      if (turn.buttons) expect(buttonTitles(replies[replies.length - 1])).toEqual(turn.buttons);
    }
    const saved = (await conversation.harness.feedback.list());
    if (!record) {
      expect(saved).toHaveLength(0);
      return;
    }
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject(record);
    if (!record.category) expect(saved[0].category).toBeUndefined();
  });

  it('keeps a declined report in the question log for staff, and marks a registered one', async () => {
    await say(water);
    await say('не');
    await say(narrative);
    await say('да');
    await say('Анонимно');
    const [done] = (await conversation.harness.feedback.list());
    await say('Потвърждавам');
    expect(done).toBeUndefined();
    const [record] = (await conversation.harness.feedback.list());
    const reports = (await conversation.harness.questions.list()).filter((q) => q.reason === 'report');
    expect(reports.map((q) => [q.category, q.registered?.reference])).toEqual([
      ['water-and-sewerage', undefined],
      ['waste', record.reference],
    ]);
  });

  it('sets an offer aside when the citizen asks something else', async () => {
    await say(narrative);
    expect(textOf(await say('Как да получа удостоверение за наследници?'))).toContain('Удостоверение за наследници');
    // A later "да" no longer registers the report.
    await say('да');
    expect((await conversation.harness.feedback.list())).toHaveLength(0);
  });
});

describe('did you mean', () => {
  /** Half-matched questions; as the knowledge grows, some become direct answers, so the first one left with one candidate is used. */
  const HALF_MATCHED = ['имам въпрос за апостил на диплома', 'Изгубих си кръщелното, как да получа ново?', 'с приятелката ми искаме да се венчаем в ритуалната зала', 'дубликат на диплома', 'искам копие от акт'];
  const singleCandidate = (): { question: string; id: string } => {
    for (const question of HALF_MATCHED) {
      const d = conversation.assistant.understand(question).decision;
      if (d.type === 'clarify' && d.options.length === 1) return { question, id: d.options[0] };
    }
    throw new Error('none of the half-matched questions leaves exactly one candidate: add one that does');
  };

  it('asks "Имате предвид X?" with yes and no when one candidate is left, and answers on yes', async () => {
    const { question, id } = singleCandidate();
    const title = conversation.assistant.kb.byId.get(id)!.title.bg;
    const offer = await say(question);
    expect(textOf(offer)).toContain(`Имате предвид „${title}“?`);
    expect(buttonTitles(offer[offer.length - 1])).toEqual(['Да', 'Не']);
    expect(textOf(await say('да'))).toContain(title);
  });

  it('on no, says so honestly and gives the contacts', async () => {
    await say(singleCandidate().question);
    expect(textOf(await say('не'))).toMatch(/Опишете с други думи/);
  });

  it('a follow-up after a choice refers to the service chosen', async () => {
    await say('скица на имот');
    const options = await say('I want to build an extension to my house');
    const titles = buttonTitles(options[options.length - 1]);
    expect(titles.length).toBeGreaterThan(1);
    const chosen = await say('2');
    expect(textOf(chosen)).toContain(titles[1]);
    const followUp = textOf(await say('how much does it cost?'));
    expect(followUp).toContain(titles[1]);
    expect(followUp).not.toContain('sketch');
  });

  it('a follow-up before a choice asks which candidate is meant, not the service before it', async () => {
    await say('скица на имот');
    const options = await say('I want to build an extension to my house');
    const titles = buttonTitles(options[options.length - 1]);
    const followUp = await say('how much does it cost?');
    expect(textOf(followUp)).toMatch(/Which of these services/);
    expect(buttonTitles(followUp[followUp.length - 1])).toEqual(titles);
    // Choosing now shows the part asked about.
    expect(textOf(await say('1'))).toMatch(/Deadlines and fees|fees/i);
  });
});
