import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accessCodeMatches, findAccessCode, generateAccessCode, hashAccessCode } from '../../src/feedback/accessCode.js';
import { MemoryAttemptLimiter } from '../../src/feedback/attemptLimiter.js';
import { findReference, formatReference } from '../../src/feedback/reference.js';
import { readStatusRequest } from '../../src/feedback/statusRequest.js';
import { applyRetention } from '../../src/feedback/retention.js';
import { checkDescription, normalisePhone, parseReach } from '../../src/feedback/validate.js';
import { LowdbFeedbackRepository } from '../../src/storage/feedbackRepository.js';
import type { NewFeedback } from '../../src/feedback/types.js';
import { withTempDir } from '../support/tempDir.js';

describe('reference numbers', () => {
  it('are PREFIX-YEAR-six digits', () => {
    expect(formatReference('ПТ', 2026, 123)).toBe('ПТ-2026-000123');
  });

  it.each([
    ['статус ПТ-2026-000123', 'ПТ-2026-000123'],
    ['пт-2026-123', 'ПТ-2026-000123'],
    ['PT-2026-000123', 'ПТ-2026-000123'],
    ['ПТ 2026 7', 'ПТ-2026-000007'],
    ['AB-2026-000123', undefined],
    ['нищо', undefined],
  ])('finds %s → %s', (text, ref) => {
    expect(findReference(text, 'ПТ')).toBe(ref);
  });

  it.each([
    ['sf-2026-7', 'СФ-2026-000007'],
    ['СФ 2026 7', 'СФ-2026-000007'],
    ['pt-2026-7', undefined],
  ])("another municipality's prefix typed in Latin letters: %s → %s", (text, ref) => {
    expect(findReference(text, 'СФ')).toBe(ref);
  });
});

describe('a status request in one message', () => {
  const WORDS = ['статус', 'status', 'проверка на статус'];
  it.each([
    ['статус', {}],
    ['статус на сигнала ми', {}],
    ['статус ПТ-2026-000123', { reference: 'ПТ-2026-000123' }],
    ['статус ПТ-2026-000123 K7PQ2XMA', { reference: 'ПТ-2026-000123', code: 'K7PQ2XMA' }],
    ['Статус ПТ-2026-000123, код: k7pq-2xma.', { reference: 'ПТ-2026-000123', code: 'K7PQ2XMA' }],
    ['status pt-2026-123 k7pq2xma', { reference: 'ПТ-2026-000123', code: 'K7PQ2XMA' }],
    ['ПТ-2026-000123', { reference: 'ПТ-2026-000123' }],
    ['ПТ-2026-000123 K7PQ2XMA', { reference: 'ПТ-2026-000123', code: 'K7PQ2XMA' }],
    // not a code: too short, or letters the codes never use (0, O, 1, I, L)
    ['статус ПТ-2026-000123 K7PQ', { reference: 'ПТ-2026-000123' }],
    ['статус ПТ-2026-000123 OOOOLLLL', { reference: 'ПТ-2026-000123' }],
    // a number anywhere asks for its record, in any words; the code may come later in the sentence
    ['Подадох ПТ-2026-000123 вчера, какво става?', { reference: 'ПТ-2026-000123' }],
    ['ПТ-2026-000123 какво става с него', { reference: 'ПТ-2026-000123' }],
    ['проверявам ПТ-2026-000123, кодът ми е K7PQ2XMA', { reference: 'ПТ-2026-000123', code: 'K7PQ2XMA' }],
    ['Как да получа удостоверение за наследници?', undefined],
  ])('%s', (text, expected) => {
    // `words` (what tells the message's language) is left out: the number and the code are what is read.
    const read = readStatusRequest(text, 'ПТ', WORDS);
    expect(read && { ...read, words: undefined }).toEqual(expected && { ...expected, words: undefined });
  });
});

describe('access codes', () => {
  it('are 8 unambiguous characters, checked by hash, case and spaces ignored', () => {
    const code = generateAccessCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const hash = hashAccessCode('ПТ-2026-000001', code);
    expect(hash).not.toContain(code);
    expect(accessCodeMatches('ПТ-2026-000001', ` ${code.toLowerCase()} `, hash)).toBe(true);
    expect(accessCodeMatches('ПТ-2026-000002', code, hash)).toBe(false);
    expect(accessCodeMatches('ПТ-2026-000001', 'AAAAAAAA', hash)).toBe(false);
  });

  it.each([
    ['K7PQ2XMA', 'K7PQ2XMA'],
    ['кодът е k7pq2xma.', 'K7PQ2XMA'],
    ['кодът ми е K7PQ 2XMA', 'K7PQ2XMA'],
    ['Код: „K7PQ-2XMA“', 'K7PQ2XMA'],
    ['my code is K7PQ2XMA, thanks', 'K7PQ2XMA'],
    ['кодът е K7PQ', undefined],
    ['не го помня', undefined],
  ])('are read out of what is typed at the code prompt: %s', (typed, code) => {
    expect(findAccessCode(typed)).toBe(code);
  });
});

describe('attempt limiter', () => {
  it('blocks a key after too many attempts within the window, and forgets them after it', async () => {
    let now = 0;
    const limiter = new MemoryAttemptLimiter(2, 1000, () => now);
    expect(await limiter.tryAttempt('a', 'c')).toBe(true);
    expect(await limiter.tryAttempt('a')).toBe(true);
    expect(await limiter.tryAttempt('a')).toBe(false);
    expect(await limiter.tryAttempt('a', 'c')).toBe(false); // blocked by a: nothing counted against c
    expect(await limiter.tryAttempt('c')).toBe(true);
    now = 1500;
    expect(await limiter.tryAttempt('a')).toBe(true);
  });
});

describe('validation', () => {
  it.each([
    ['0888 123 456', '0888123456'],
    ['+359 888 123 456', '+359888123456'],
    ['00359888123456', '+359888123456'],
    ['(0745) 6-91-12', '074569112'],
    ['12345', undefined],
    ['888123456', undefined],
    ['call me', undefined],
  ])('phone %s → %s', (text, phone) => {
    expect(normalisePhone(text)).toBe(phone);
  });

  it('accepts an e-mail or a phone as the way to reply', () => {
    expect(parseReach(' Ivan@Example.bg ')).toEqual({ email: 'ivan@example.bg' });
    expect(parseReach('0899 111 222')).toEqual({ phone: '0899111222' });
    expect(parseReach('<script>')).toBeUndefined();
  });

  it('checks description length', () => {
    expect(checkDescription('ok')).toBe('tooShort');
    expect(checkDescription('Счупена пейка')).toBe('ok');
    expect(checkDescription('я'.repeat(2001))).toBe('tooLong');
  });
});

describe('LowdbFeedbackRepository', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let now = new Date('2026-03-01T10:00:00Z');
  const open = () => LowdbFeedbackRepository.open(join(dir, 'feedback.json'), { prefix: 'ПТ', salt: 's', now: () => now });
  const input = (extra: Partial<NewFeedback> = {}): NewFeedback => ({ kind: 'signal', description: 'Счупена пейка', lang: 'bg', channel: 'test', conversationId: 'c1', ...extra });

  beforeEach(async () => {
    ({ dir, cleanup } = await withTempDir());
    now = new Date('2026-03-01T10:00:00Z');
  });
  afterEach(async () => cleanup());

  it('numbers records sequentially within a year and starts again in the next', async () => {
    const repo = await open();
    expect((await repo.create(input())).record.reference).toBe('ПТ-2026-000001');
    expect((await repo.create(input())).record.reference).toBe('ПТ-2026-000002');
    now = new Date('2027-01-01T08:00:00Z');
    expect((await repo.create(input())).record.reference).toBe('ПТ-2027-000001');
  });

  it('has the record on disk when create resolves', async () => {
    const repo = await open();
    const { record } = await repo.create(input());
    const file = JSON.parse(await readFile(join(dir, 'feedback.json'), 'utf8')) as { records: Array<{ reference: string }> };
    expect(file.records.map((r) => r.reference)).toEqual([record.reference]);
    expect((await (await open()).getByReference(record.reference))?.description).toBe('Счупена пейка');
  });

  it('keeps contact data only with consent, and never the conversation id', async () => {
    const repo = await open();
    const withConsent = await repo.create(input({ contact: { name: 'Иван', phone: '0888123456' }, consent: true }));
    const without = await repo.create(input({ contact: { name: 'Иван', phone: '0888123456' }, consent: false }));
    expect(withConsent.record.contact).toEqual({ name: 'Иван', phone: '0888123456' });
    expect(without.record.contact).toBeUndefined();
    expect(JSON.stringify((await repo.list()))).not.toContain('"c1"');
  });

  it('gives the record only for the right access code', async () => {
    const repo = await open();
    const { record, accessCode } = await repo.create(input());
    expect((await repo.verifyAccess(record.reference, accessCode))?.reference).toBe(record.reference);
    expect((await repo.verifyAccess(record.reference, 'WRONG123'))).toBeUndefined();
    expect((await repo.verifyAccess('ПТ-2026-999999', accessCode))).toBeUndefined();
  });

  it('changes status, adds the public reply, keeps a history and filters', async () => {
    const repo = await open();
    const { record } = await repo.create(input());
    await repo.create(input({ kind: 'praise' }));
    await repo.updateStatus(record.reference, 'in_progress', 'clerk1');
    const updated = await repo.appendReply(record.reference, 'Ремонтирахме я.', 'clerk1');
    expect(updated).toMatchObject({ status: 'in_progress', publicReply: { text: 'Ремонтирахме я.', by: 'clerk1' } });
    expect(updated.history.map((h) => h.action)).toEqual(['received', 'status:in_progress', 'reply']);
    expect((await repo.list({ kind: 'praise' }))).toHaveLength(1);
    expect((await repo.list({ statuses: ['in_progress'] })).map((r) => r.reference)).toEqual([record.reference]);
    await expect(repo.updateStatus('ПТ-2026-999999', 'closed', 'x')).rejects.toThrow(/no feedback record/);
  });

  it('erases personal data of records closed longer ago than the retention period, keeping the record', async () => {
    const repo = await open();
    const old = await repo.create(input({ contact: { name: 'Иван', email: 'i@example.bg' }, consent: true, location: 'ул. Рила 1' }));
    const recent = await repo.create(input({ contact: { name: 'Мария', email: 'm@example.bg' }, consent: true }));
    const open_ = await repo.create(input({ contact: { name: 'Петър', email: 'p@example.bg' }, consent: true }));
    await repo.updateStatus(old.record.reference, 'closed', 'clerk');
    now = new Date('2026-05-01T10:00:00Z');
    await repo.updateStatus(recent.record.reference, 'closed', 'clerk');
    now = new Date('2026-05-15T10:00:00Z');
    expect(await applyRetention(repo, 30, now)).toBe(1);
    const erased = (await repo.getByReference(old.record.reference))!;
    expect(erased).toMatchObject({ kind: 'signal', status: 'closed', description: '[erased]', location: '[erased]' });
    expect(erased.contact).toBeUndefined();
    expect(erased.anonymisedAt).toBeDefined();
    expect((await repo.getByReference(recent.record.reference))?.contact?.name).toBe('Мария');
    expect((await repo.getByReference(open_.record.reference))?.contact?.name).toBe('Петър');
    expect(JSON.parse(await readFile(join(dir, 'feedback.json'), 'utf8')).records[0].contact).toBeUndefined();
    expect(await applyRetention(repo, 30, now)).toBe(0);
  });
});
