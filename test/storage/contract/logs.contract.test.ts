// One contract for the logs behind the dashboard (unanswered questions, ratings, usage), run
// against lowdb and PostgreSQL alike.
import { expect, it } from '@jest/globals';
import { describeBackends } from './backends.js';

const question = (text: string, conversationId = 'conv-1') => ({ text, lang: 'bg', channel: 'test', conversationId, reason: 'abstain' as const, candidates: [{ id: 'e1', score: 1.5, coverage: 0.5 }] });

describeBackends('question log', ({ open }) => {
  it('keeps questions in order with a hashed conversation, and marks one registered', async () => {
    const { questions } = await open();
    const first = await questions.append(question('Къде се плаща данък?'));
    const chosen = await questions.append({ ...question('Дупка на улицата', 'conv-2'), id: 'chosen-id', reason: 'report', category: 'roads' });
    expect(chosen.id).toBe('chosen-id');
    await questions.markRegistered('chosen-id', 'ПТ-2026-000001');
    await questions.markRegistered('no-such-id', 'ПТ-2026-000002');
    await questions.flush();
    const listed = await questions.list();
    expect(listed.map((q) => q.text)).toEqual(['Къде се плаща данък?', 'Дупка на улицата']);
    expect(listed[0]).toEqual(first);
    expect(listed[0].conversation).toMatch(/^[0-9a-f]{16}$/);
    expect(listed[1]).toMatchObject({ reason: 'report', category: 'roads', registered: { reference: 'ПТ-2026-000001' } });
    expect(JSON.stringify(listed)).not.toContain('conv-1');
  });

  it("an erased record's entries go: the one registered as it and every one of its conversation, and of the registered one's", async () => {
    const { questions } = await open();
    const hashOf = async (conversationId: string) => (await questions.append(question('probe', conversationId))).conversation;
    await questions.append({ ...question('Иван Тестов: дупка на ул. Рила', 'citizen'), id: 'reported', reason: 'report' });
    await questions.append(question('Иван Тестов пак пита за басейн', 'citizen'));
    await questions.append({ ...question('Дупка пред блока', 'someone'), id: 'staff-made', reason: 'report' });
    await questions.append(question('Пак за дупката пред блока', 'someone'));
    await questions.append(question('Къде се плаща данък?', 'stranger'));
    await questions.markRegistered('reported', 'ПТ-2026-000001');
    await questions.markRegistered('staff-made', 'ПТ-2026-000002');
    const citizen = await hashOf('citizen');
    // A record of the citizen's conversation: its entries go, and the conversation is told.
    expect(await questions.eraseRecord('ПТ-2026-000001', citizen)).toEqual([citizen]);
    // A record staff made from the log carries another hash: the registered entry leads to its conversation.
    expect(await questions.eraseRecord('ПТ-2026-000002', 'no-such-conversation')).toEqual([await hashOf('someone')]);
    await questions.flush();
    expect((await questions.list()).map((q) => q.text)).toEqual(['Къде се плаща данък?', 'probe']);
    expect(await questions.eraseRecord('ПТ-2026-000001', citizen)).toEqual([]);
  });

  it('prunes the entries older than the retention', async () => {
    const { questions } = await open();
    const pause = () => new Promise((r) => setTimeout(r, 5));
    await questions.append(question('стар'));
    await pause();
    const cutoff = new Date();
    await pause();
    await questions.append(question('нов'));
    expect(await questions.pruneBefore(cutoff)).toBe(1);
    expect(await questions.pruneBefore(cutoff)).toBe(0);
    await questions.flush();
    expect((await questions.list()).map((q) => q.text)).toEqual(['нов']);
  });

  it('keeps every question after it is closed and opened again', async () => {
    const first = await open();
    await Promise.all(Array.from({ length: 30 }, (_, i) => first.questions.append(question(`въпрос ${i}`))));
    await first.close();
    const again = await open();
    expect((await again.questions.list()).map((q) => q.text).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `въпрос ${i}`).sort());
  });
});

describeBackends('ratings', ({ open }) => {
  it('keeps the last tap on a card, and every rating of cards without an id', async () => {
    const { ratings } = await open();
    const base = { entryId: 'heirs', lang: 'bg', channel: 'test', conversationId: 'conv-1' };
    await ratings.add({ ...base, useful: true, card: 'card-1' });
    await ratings.add({ ...base, useful: false, card: 'card-1' });
    await ratings.add({ ...base, useful: true, card: 'card-2' });
    await ratings.add({ ...base, useful: true });
    await ratings.add({ ...base, useful: true });
    await ratings.add({ ...base, conversationId: 'conv-2', useful: true, card: 'card-1' });
    await ratings.flush();
    const listed = await ratings.list();
    expect(listed.map((r) => `${r.card ?? '-'}:${r.useful}`)).toEqual(['card-1:false', 'card-2:true', '-:true', '-:true', 'card-1:true']);
    expect(listed[0].conversation).not.toBe(listed[4].conversation);
    expect(JSON.stringify(listed)).not.toContain('conv-1');
  });

  it('keeps ratings after it is closed and opened again, and still replaces a card rated before', async () => {
    const first = await open();
    const base = { entryId: 'heirs', lang: 'bg', channel: 'test', conversationId: 'conv-1', card: 'card-1' };
    await first.ratings.add({ ...base, useful: true });
    await first.close();
    const again = await open();
    await again.ratings.add({ ...base, useful: false });
    expect((await again.ratings.list()).map((r) => r.useful)).toEqual([false]);
  });
});

describeBackends('usage log', ({ open }) => {
  it('keeps events in order with their time, and after it is closed and opened again', async () => {
    const first = await open();
    await first.usage.add({ decision: 'answer', entryId: 'heirs', lang: 'bg', channel: 'test' });
    await first.usage.add({ decision: 'abstain', lang: 'en', channel: 'webchat' });
    await first.close();
    const again = await open();
    const events = await again.usage.list();
    expect(events.map((e) => e.decision)).toEqual(['answer', 'abstain']);
    expect(events[0]).toMatchObject({ entryId: 'heirs', lang: 'bg', channel: 'test' });
    expect(events[1].entryId).toBeUndefined();
    expect(Number.isNaN(Date.parse(events[0].time))).toBe(false);
  });

  it('drops the events before a cutoff (the retention) and keeps the rest', async () => {
    const { usage } = await open();
    await usage.add({ decision: 'answer', entryId: 'heirs', lang: 'bg', channel: 'test' });
    await usage.flush();
    expect(await usage.pruneBefore(new Date(Date.now() - 60_000))).toBe(0);
    expect(await usage.list()).toHaveLength(1);
    expect(await usage.pruneBefore(new Date(Date.now() + 60_000))).toBe(1);
    expect(await usage.list()).toEqual([]);
  });
});
