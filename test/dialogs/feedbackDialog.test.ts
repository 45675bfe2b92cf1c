// The feedback and status dialogs, end to end through MainDialog, over real lowdb stores.
import { describe, expect, it } from '@jest/globals';
import { ActivityTypes, type Activity } from 'botbuilder';
import { Assistant } from '../../src/answer/assistant.js';
import { DESCRIPTION_MAX } from '../../src/feedback/validate.js';
import { repliesOf } from '../../src/bot/channelTurns.js';
import { messengerMessagesOf } from '../../src/channels/messenger/messengerChannel.js';
import { textReplyOf } from '../../src/channels/textReply.js';
import { viberMessagesOf } from '../../src/channels/viber/viberChannel.js';
import { buttonTitles, choiceButtons, visibleText } from '../support/cards.js';
import { dialogConversation } from '../support/dialogHarness.js';
import { paths } from '../support/paths.js';

const conversation = dialogConversation(() => Assistant.load(paths));
const say = (message: string | Partial<Activity>) => conversation.say(message);
const textOf = (replies: Array<Partial<Activity>>) => replies.map(visibleText).join('\n');
const buttonsOf = (replies: Array<Partial<Activity>>) => buttonTitles(replies[replies.length - 1]);

const REFERENCE = /(ПТ-\d{4}-\d{6})/;
const CODE = /Код за достъп: ([A-Z0-9]{8})/;

describe('each kind of feedback is saved, and only then numbered', () => {
  it.each([
    {
      kind: 'complaint',
      script: ['Искам да подам жалба', 'Служителката на гише 3 беше груба с мен вчера.', 'С име и контакт', 'Мария Петрова', '0888 123 456', 'Съгласен/съгласна съм', 'Потвърждавам'],
      contact: { name: 'Мария Петрова', phone: '0888123456' },
    },
    {
      kind: 'signal',
      script: ['Искам да подам сигнал', 'Не свети уличното осветление от седмица.', 'ул. „Рила“ 12', 'Анонимно', 'Потвърждавам'],
      location: 'ул. „Рила“ 12',
    },
    { kind: 'proposal', script: ['Имам предложение', 'Да има пейки в парка до читалището.', 'С име и контакт', 'Иван Иванов', 'ivan@example.bg', 'Съгласен/съгласна съм', 'Потвърждавам'], contact: { name: 'Иван Иванов', email: 'ivan@example.bg' } },
    { kind: 'praise', script: ['Искам да похваля служител', 'Много бързо ми издадоха удостоверението, благодаря!', 'Анонимно', 'Потвърждавам'] },
  ])('$kind', async ({ kind, script, contact, location }) => {
    let last: Array<Partial<Activity>> = [];
    for (const [i, line] of script.entries()) {
      if (i === script.length - 1) expect((await conversation.harness.feedback.list())).toHaveLength(0); // nothing saved before confirmation
      last = await say(line);
    }
    const [record] = (await conversation.harness.feedback.list());
    expect(record).toMatchObject({ kind, status: 'received', description: script[1], channel: 'test' });
    expect(record.contact).toEqual(contact);
    if (contact) expect(record.consentAt).toBeDefined();
    expect(record.location).toEqual(location);
    const text = textOf(last);
    expect(text).toContain(record.reference);
    expect(text).toMatch(CODE);
    // The law gives 2 months for proposals and signals; no source gives a deadline for a complaint; an anonymous record is owed no reply.
    const outcome = { praise: /не се изисква отговор/, complaint: /не е потвърден/, proposal: /до 2 месеца/, signal: /не е длъжна да отговори/ }[kind];
    expect(text).toMatch(outcome!);
    expect(conversation.harness.notified.map((r) => r.reference)).toEqual([record.reference]);
  });

  it('asks for the kind when the message does not say it', async () => {
    expect(buttonsOf(await say({ type: ActivityTypes.Message, value: { action: 'feedback' } }))).toEqual(['Жалба', 'Сигнал за проблем', 'Предложение', 'Похвала']);
  });

  it('takes a first message that tells the matter as the description and skips that question', async () => {
    const replies = await say('Имам предложение: да има безплатен интернет в центъра на града.');
    expect(textOf(replies)).toMatch(/Искате ли да оставите име/);
    expect(textOf(replies)).not.toMatch(/Опишете/);
  });

  it('stores no contact data when the citizen declines consent and submits anonymously', async () => {
    for (const line of ['Искам да подам жалба', 'Чаках два часа на опашка без обяснение.', 'С име и контакт', 'Петър Петров', '0899111222', 'Подай анонимно']) await say(line);
    const summary = textOf(await say('Потвърждавам'));
    const [record] = (await conversation.harness.feedback.list());
    expect(record.contact).toBeUndefined();
    expect(summary).toMatch(/анонимна/);
  });
});

describe('anonymous records: the law is said after the choice, and the closing promises no answer', () => {
  const LAW = 'по анонимни предложения и сигнали не се образува производство';
  const SIGNAL = ['Искам да подам сигнал', 'Паднало дърво пречи на движението.', 'Пропусни'];
  const COMPLAINT = ['Искам да подам жалба', 'Чаках два часа на опашка без обяснение.'];
  it.each([
    { name: 'the contact question comes alone', script: SIGNAL, has: ['Искате ли да оставите име'], lacks: [LAW] },
    { name: '"Анонимно" brings the law, then the summary', script: [...SIGNAL, 'Анонимно'], has: [LAW, 'Моля, проверете'], lacks: [] },
    { name: 'a name and contact bring no law on anonymous records', script: [...SIGNAL, 'С име и контакт'], has: ['Как се казвате'], lacks: [LAW] },
    { name: 'declining consent and going anonymous brings the law', script: [...COMPLAINT, 'С име и контакт', 'Петър Петров', '0899111222', 'Подай анонимно'], has: [LAW, 'Моля, проверете'], lacks: [] },
    { name: 'anonymous praise gets no law about signals', script: ['Искам да похваля служител', 'Много бързо ми издадоха удостоверението, благодаря!', 'Анонимно'], has: ['Моля, проверете'], lacks: [LAW] },
    {
      name: 'an anonymous signal closes with what happens to it and no deadline',
      script: [...SIGNAL, 'Анонимно', 'Потвърждавам'],
      has: ['Служителите на общината ще я видят', 'общината не е длъжна да отговори'],
      lacks: ['трябва да отговори до', LAW],
    },
    { name: 'a signal with a contact closes with the legal deadline', script: [...SIGNAL, 'С име и контакт', 'Мария Петрова', '0888 123 456', 'Съгласен/съгласна съм', 'Потвърждавам'], has: ['трябва да отговори до 2 месеца'], lacks: ['не е длъжна'] },
    { name: 'an anonymous complaint promises no reply either', script: [...COMPLAINT, 'Анонимно', 'Потвърждавам'], has: ['общината не е длъжна да отговори'], lacks: ['ще отговорят'] },
  ])('$name', async ({ script, has, lacks }) => {
    let last: Array<Partial<Activity>> = [];
    for (const line of script) last = await say(line);
    const text = textOf(last);
    for (const sentence of has) expect(text).toContain(sentence);
    for (const sentence of lacks) expect(text).not.toContain(sentence);
  });
});

describe('the summary: every action on every channel, and an honest word on anonymous records', () => {
  const SIGNAL = ['Искам да подам сигнал', 'Не свети уличното осветление от седмица.', 'ул. „Рила“ 12'];
  const SUMMARY = ['Потвърждавам', 'Промени вида', 'Промени описанието', 'Промени мястото', 'Промени контакта', 'Откажи'];

  /** The last reply as each text channel sends it: Messenger's quick replies and Viber's keyboard, by their shown titles. */
  const onTextChannels = (replies: Array<Partial<Activity>>) => {
    const reply = textReplyOf(repliesOf(replies).at(-1)!)!;
    return {
      messenger: messengerMessagesOf(reply).at(-1)!.quick_replies?.map((q) => q.title),
      viber: viberMessagesOf(reply, { name: 'bot' }).at(-1)!.keyboard?.Buttons.map((b) => b.Text),
    };
  };

  it('shows the six actions as the buttons of a card, whole on Messenger and Viber too', async () => {
    for (const line of [...SIGNAL, 'С име и контакт', 'Мария Петрова', '0888 123 456']) await say(line);
    const replies = await say('Съгласен/а съм');
    const prompt = replies.at(-1)!;
    expect(prompt.suggestedActions).toBeUndefined(); // the web chat shows only a few suggestions
    expect(choiceButtons(prompt).map((b) => b.title)).toEqual(SUMMARY);
    expect(onTextChannels(replies)).toEqual({ messenger: SUMMARY, viber: SUMMARY });
  });

  // Each button tapped as the web chat sends it (the card's data as typed text) leads to its step.
  it.each([
    ['Потвърждавам', /Записахме преписката/],
    ['Промени вида', /Какво искате да подадете/],
    ['Промени описанието', /Опишете/],
    ['Промени мястото', /Къде е проблемът/],
    ['Промени контакта', /Искате ли да оставите име/],
    ['Откажи', /Нищо не е записано/],
  ])('the button "%s" does what it says', async (title, next) => {
    for (const line of [...SIGNAL, 'С име и контакт', 'Мария Петрова', '0888 123 456']) await say(line);
    const button = choiceButtons((await say('Съгласен/а съм')).at(-1)).find((b) => b.title === title)!;
    expect(typeof button.data).toBe('string');
    expect(textOf(await say(button.data as string))).toMatch(next);
  });

  it('every choice of the dialog fits a Messenger quick reply without being cut', async () => {
    const shown: string[] = [];
    const script = ['Искам да подам жалба', 'Служителката на гише 3 беше груба с мен вчера.', 'С име и контакт', 'Мария Петрова', '0888 123 456', 'Подай анонимно'];
    const kinds = await say({ type: ActivityTypes.Message, value: { action: 'feedback' } });
    shown.push(...(onTextChannels(kinds).messenger ?? []));
    for (const line of script) shown.push(...(onTextChannels(await say(line)).messenger ?? []));
    expect(shown).toEqual(expect.arrayContaining(['Жалба', 'Похвала', 'Анонимно', 'С име и контакт', 'Съгласен/а съм', 'Подай анонимно', 'Потвърждавам', 'Добави контакт']));
    expect(shown.filter((title) => title.endsWith('…'))).toEqual([]);
  });

  it('an anonymous signal hears what the law says and that the staff see it, never that it is ignored, and adds a contact in one tap', async () => {
    for (const line of SIGNAL) await say(line);
    const replies = await say('Анонимно');
    const text = textOf(replies);
    expect(text).toContain('не се образува производство');
    expect(text).toContain('служителите на общината я виждат');
    expect(text).not.toMatch(/не се разглежда/);
    expect(buttonTitles(replies.at(-1))).toContain('Добави контакт');
    expect(buttonTitles(replies.at(-1))).not.toContain('Промени контакта');
    // One tap: the name is asked at once, not "anonymous or named?" again.
    expect(textOf(await say('Добави контакт'))).toMatch(/^Как се казвате/);
    await say('Мария Петрова');
    await say('0888 123 456');
    expect(textOf(await say('Съгласен/а съм'))).toContain('Контакт: Мария Петрова, 0888123456');
    await say('Потвърждавам');
    expect((await conversation.harness.feedback.list())[0].contact).toEqual({ name: 'Мария Петрова', phone: '0888123456' });
  });

  it('an emergency reported anonymously is pointed to 112 first', async () => {
    await say('Гори къща на нашата улица, вътре има хора!');
    expect(textOf(await conversation.say({ action: 'answer', yes: true }))).toMatch(/Къде е проблемът/);
    expect(textOf(await say('Пропусни'))).toMatch(/Искате ли да оставите име/);
    const rule = textOf(await say('Анонимно'));
    expect(rule).toMatch(/^Ако някой е в опасност.*112/);
    expect(rule).not.toMatch(/не се разглежда/);
  });
});

describe('cancel, correction and interruption', () => {
  it('"откажи" leaves at any step and saves nothing', async () => {
    await say('Искам да подам жалба');
    await say('Нещо много лошо се случи днес.');
    expect(textOf(await say('откажи'))).toMatch(/Нищо не е записано/);
    expect((await conversation.harness.feedback.list())).toHaveLength(0);
    // The conversation goes on normally afterwards.
    expect(textOf(await say('скица на имот'))).toContain('Скица');
  });

  it('corrects the description from the summary', async () => {
    for (const line of ['Имам предложение', 'Първи вариант на текста.', 'Анонимно']) await say(line);
    expect(textOf(await say('Промени описанието'))).toMatch(/Опишете/);
    expect(textOf(await say('Втори, поправен вариант на текста.'))).toMatch(/Описание: Втори, поправен вариант/);
    await say('Потвърждавам');
    expect((await conversation.harness.feedback.list())[0].description).toBe('Втори, поправен вариант на текста.');
  });

  it('answers a service question asked mid-dialog and goes on where it was', async () => {
    await say('Искам да подам жалба');
    await say('Никой не вдига телефона на общината.');
    const interruption = await say('Къде се вади удостоверение за наследници?');
    expect(textOf(interruption)).toContain('Удостоверение за наследници');
    expect(buttonsOf(interruption)).toEqual(['Анонимно', 'С име и контакт']);
    await say('Анонимно');
    await say('Потвърждавам');
    expect((await conversation.harness.feedback.list())[0]).toMatchObject({ kind: 'complaint', description: 'Никой не вдига телефона на общината.' });
  });
});

describe('citizen text', () => {
  it('is stored as typed and echoed only as plain text, never as markup', async () => {
    const markup = '<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))';
    for (const line of ['Имам предложение', markup]) await say(line);
    const replies = await say('Анонимно');
    const summary = replies.find((r) => (r.text ?? '').includes('Описание:'))!;
    expect(summary.textFormat).toBe('plain');
    expect(summary.text).toContain(markup);
    await say('Потвърждавам');
    expect((await conversation.harness.feedback.list())[0].description).toBe(markup);
  });
});

describe('interruption by an opening-hours question', () => {
  it('answers it and shows the same choice again', async () => {
    await say('Искам да подам жалба');
    await say('Никой не вдига телефона на общината.');
    const replies = await say('Отворено ли е сега?');
    // On a working day "not confirmed"; on a day off "closed", and the other days' hours not confirmed (the real clock runs here).
    expect(textOf(replies)).toMatch(/Работното време (на Община Петрич|в другите дни) не е потвърдено/);
    expect(buttonsOf(replies)).toEqual(['Анонимно', 'С име и контакт']);
  });
});

describe('validation', () => {
  it('refuses a description over the limit with a clear message, then accepts a shorter one', async () => {
    await say('Имам предложение');
    expect(textOf(await say('я'.repeat(DESCRIPTION_MAX + 1)))).toMatch(new RegExp(`${DESCRIPTION_MAX + 1} знака при максимум ${DESCRIPTION_MAX}`));
    expect(textOf(await say('По-кратко предложение.'))).toMatch(/Искате ли да оставите име/);
  });

  it('refuses a contact that is neither a phone nor an e-mail', async () => {
    for (const line of ['Искам да подам жалба', 'Грубо отношение на гишето.', 'С име и контакт', 'Ана Иванова']) await say(line);
    expect(textOf(await say('утре след обяд'))).toMatch(/не прилича на телефонен номер или имейл/);
    expect(textOf(await say('ana@example.bg'))).toMatch(/Съгласни ли сте/);
  });
});

describe('status check', () => {
  async function submit(): Promise<{ reference: string; code: string }> {
    for (const line of ['Искам да подам сигнал', 'Счупена пейка в парка.', 'Пропусни', 'Анонимно']) await say(line);
    const text = textOf(await say('Потвърждавам'));
    return { reference: REFERENCE.exec(text)![1], code: CODE.exec(text)![1] };
  }

  it('shows the status, its date and the staff reply with the right code', async () => {
    const { reference, code } = await submit();
    await say(`статус ${reference}`);
    expect(textOf(await say(code))).toMatch(new RegExp(`${reference} \\(сигнал\\): получена \\(от \\d{1,2} [а-я]+ \\d{4} г\\.\\)$`));
    await conversation.harness.feedback.updateStatus(reference, 'answered', 'staff');
    await conversation.harness.feedback.appendReply(reference, 'Пейката е ремонтирана.', 'staff');
    await say(`status ${reference.toLowerCase()}`);
    const text = textOf(await say(code.toLowerCase()));
    expect(text).toMatch(/отговорена/);
    expect(text).toContain('Отговор на общината: Пейката е ремонтирана.');
  });

  it.each([
    ['the word, the number and the code', (r: string, c: string) => `статус ${r} ${c}`],
    ['the code after a comma and the word "код"', (r: string, c: string) => `статус ${r}, код: ${c.toLowerCase()}`],
    ['the number and the code alone', (r: string, c: string) => `${r} ${c}`],
    ['in English', (r: string, c: string) => `status ${r.toLowerCase()} ${c}`],
  ])('answers at once when %s come on one line', async (_name, line) => {
    const { reference, code } = await submit();
    const replies = await say(line(reference, code));
    expect(replies).toHaveLength(1);
    expect(textOf(replies)).toMatch(new RegExp(`^${reference} \\(сигнал\\): получена \\(от `));
    expect(textOf(replies)).not.toContain('г..');
  });

  it('a wrong code on one line counts as a failed attempt', async () => {
    const { reference } = await submit();
    expect(textOf(await say(`статус ${reference} AAAAAAAA`))).toMatch(/не съвпадат/);
  });

  it('asks for the number when it is not given', async () => {
    const { reference, code } = await submit();
    expect(textOf(await say('статус'))).toMatch(/Напишете номера на преписката/);
    await say(reference);
    expect(textOf(await say(code))).toContain('получена');
  });

  it('a wrong code reveals nothing, the same as an unknown number, and attempts are limited', async () => {
    const { reference, code } = await submit();
    await say(`статус ${reference}`);
    const wrong = textOf(await say('AAAAAAAA'));
    await say('статус ПТ-2026-999999');
    const unknown = textOf(await say('AAAAAAAA'));
    expect(wrong).toBe(unknown);
    expect(wrong).not.toContain('сигнал');
    await say(`статус ${reference}`);
    await say('BBBBBBBB'); // third failure for this conversation
    await say(`статус ${reference}`);
    expect(textOf(await say(code))).toMatch(/Твърде много неуспешни опити/);
  });
});

describe('ratings', () => {
  type RatingButton = { title: string; data: unknown; iconUrl?: string };
  const buttonsOfCard = (card: Partial<Activity>) => (card.attachments?.[0].content as { actions: RatingButton[] }).actions;

  it('every answer card asks whether it helped, in words with SVG icons, never emoji that need a font', async () => {
    const [card] = await say('Как се вади скица на имот?');
    const buttons = buttonsOfCard(card);
    expect(buttons.map((a) => a.title)).toEqual(['Да', 'Не']);
    expect(buttons.every((a) => a.iconUrl?.startsWith('data:image/svg+xml,'))).toBe(true);
    expect(JSON.stringify(card)).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  // Taps as [card, button]: two cards of the same service are asked for; button 0 is "Да", 1 is "Не".
  it.each([
    ['a tap is stored with the service id', [[0, 1]], [false]],
    ['"Да" then "Не" on the same card: one rating, the last', [[0, 0], [0, 1]], [false]],
    ['"Не", "Да", "Да" on the same card: one rating', [[0, 1], [0, 0], [0, 0]], [true]],
    ['two cards are two ratings, each its last tap', [[0, 0], [1, 1], [0, 1]], [false, false]],
  ])('%s', async (_name, taps, expected) => {
    const cards = [(await say('Как се вади скица на имот?'))[0], (await say('Как се вади скица на имот?'))[0]];
    for (const [card, button] of taps) {
      expect(textOf(await say({ type: ActivityTypes.Message, value: buttonsOfCard(cards[card])[button].data }))).toMatch(/Благодарим за оценката/);
    }
    expect((await conversation.harness.ratings.list())).toEqual(expected.map((useful) => expect.objectContaining({ entryId: 'property-sketch', useful, channel: 'test' })));
  });
});
