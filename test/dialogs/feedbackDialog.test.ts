// The feedback and status dialogs, end to end through MainDialog, over real lowdb stores.
import { describe, expect, it } from '@jest/globals';
import { ActivityTypes, type Activity } from 'botbuilder';
import { Assistant } from '../../src/answer/assistant.js';
import { DESCRIPTION_MAX } from '../../src/feedback/validate.js';
import { buttonTitles, visibleText } from '../support/cards.js';
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
      if (i === script.length - 1) expect(conversation.harness.feedback.list()).toHaveLength(0); // nothing saved before confirmation
      last = await say(line);
    }
    const [record] = conversation.harness.feedback.list();
    expect(record).toMatchObject({ kind, status: 'received', description: script[1], channel: 'test' });
    expect(record.contact).toEqual(contact);
    if (contact) expect(record.consentAt).toBeDefined();
    expect(record.location).toEqual(location);
    const text = textOf(last);
    expect(text).toContain(record.reference);
    expect(text).toMatch(CODE);
    // The law gives 2 months for proposals and signals; no source gives a deadline for a complaint.
    expect(text).toMatch(kind === 'praise' ? /не се изисква отговор/ : kind === 'complaint' ? /не е потвърден/ : /до 2 месеца/);
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

  it('warns before the contact choice that anonymous signals are not examined', async () => {
    await say('Искам да подам сигнал');
    await say('Паднало дърво пречи на движението.');
    expect(textOf(await say('Пропусни'))).toMatch(/анонимни предложения и сигнали не се образува производство/);
  });

  it('stores no contact data when the citizen declines consent and submits anonymously', async () => {
    for (const line of ['Искам да подам жалба', 'Чаках два часа на опашка без обяснение.', 'С име и контакт', 'Петър Петров', '0899111222', 'Подай анонимно']) await say(line);
    const summary = textOf(await say('Потвърждавам'));
    const [record] = conversation.harness.feedback.list();
    expect(record.contact).toBeUndefined();
    expect(summary).toMatch(/анонимна/);
  });
});

describe('cancel, correction and interruption', () => {
  it('"откажи" leaves at any step and saves nothing', async () => {
    await say('Искам да подам жалба');
    await say('Нещо много лошо се случи днес.');
    expect(textOf(await say('откажи'))).toMatch(/Нищо не е записано/);
    expect(conversation.harness.feedback.list()).toHaveLength(0);
    // The conversation goes on normally afterwards.
    expect(textOf(await say('скица на имот'))).toContain('Скица');
  });

  it('corrects the description from the summary', async () => {
    for (const line of ['Имам предложение', 'Първи вариант на текста.', 'Анонимно']) await say(line);
    expect(textOf(await say('Промени описанието'))).toMatch(/Опишете/);
    expect(textOf(await say('Втори, поправен вариант на текста.'))).toMatch(/Описание: Втори, поправен вариант/);
    await say('Потвърждавам');
    expect(conversation.harness.feedback.list()[0].description).toBe('Втори, поправен вариант на текста.');
  });

  it('answers a service question asked mid-dialog and goes on where it was', async () => {
    await say('Искам да подам жалба');
    await say('Никой не вдига телефона на общината.');
    const interruption = await say('Къде се вади удостоверение за наследници?');
    expect(textOf(interruption)).toContain('Удостоверение за наследници');
    expect(buttonsOf(interruption)).toEqual(['Анонимно', 'С име и контакт']);
    await say('Анонимно');
    await say('Потвърждавам');
    expect(conversation.harness.feedback.list()[0]).toMatchObject({ kind: 'complaint', description: 'Никой не вдига телефона на общината.' });
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
    expect(conversation.harness.feedback.list()[0].description).toBe(markup);
  });
});

describe('interruption by an opening-hours question', () => {
  it('answers it and shows the same choice again', async () => {
    await say('Искам да подам жалба');
    await say('Никой не вдига телефона на общината.');
    const replies = await say('Отворено ли е сега?');
    expect(textOf(replies)).toMatch(/Работното време на Община Петрич не е потвърдено/);
    expect(buttonsOf(replies)).toEqual(['Анонимно', 'С име и контакт']);
  });
});

describe('validation', () => {
  it('refuses a description over the limit with a clear message, then accepts a shorter one', async () => {
    await say('Имам предложение');
    expect(textOf(await say('я'.repeat(DESCRIPTION_MAX + 1)))).toMatch(new RegExp(`${DESCRIPTION_MAX + 1} знака при максимум ${DESCRIPTION_MAX}`));
    expect(textOf(await say('По-кратко предложение.'))).toMatch(/анонимни/);
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
    expect(textOf(await say(code))).toMatch(new RegExp(`${reference} \\(сигнал\\): получена от`));
    await conversation.harness.feedback.updateStatus(reference, 'answered', 'staff');
    await conversation.harness.feedback.appendReply(reference, 'Пейката е ремонтирана.', 'staff');
    await say(`status ${reference.toLowerCase()}`);
    const text = textOf(await say(code.toLowerCase()));
    expect(text).toMatch(/отговорена/);
    expect(text).toContain('Отговор на общината: Пейката е ремонтирана.');
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
  it('every answer card asks whether it helped, and a tap is stored with the service id', async () => {
    const [card] = await say('Как се вади скица на имот?');
    const content = card.attachments?.[0].content as { actions: Array<{ title: string; data: unknown }> };
    expect(content.actions.map((a) => a.title)).toEqual(['👍 Да', '👎 Не']);
    expect(textOf(await say({ type: ActivityTypes.Message, value: content.actions[1].data }))).toMatch(/Благодарим за оценката/);
    expect(conversation.harness.ratings.list()).toEqual([expect.objectContaining({ entryId: 'property-sketch', useful: false, channel: 'test' })]);
  });
});
