// One contract for every feedback repository: numbering, access codes, changes, retention and
// what survives a restart, run against lowdb and PostgreSQL alike.
import { expect, it } from '@jest/globals';
import pg from 'pg';
import { RecordNotFoundError } from '../../../src/feedback/repository.js';
import { applyRetention } from '../../../src/feedback/retention.js';
import type { NewFeedback } from '../../../src/feedback/types.js';
import { describeBackends } from './backends.js';

const complaint = (description: string, extra: Partial<NewFeedback> = {}): NewFeedback => ({
  kind: 'complaint',
  description,
  lang: 'bg',
  channel: 'test',
  conversationId: 'conv-1',
  ...extra,
});

const clock = (iso: string) => {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => (now = new Date(next)) };
};

describeBackends('feedback repository', ({ open }) => {
  it('numbers records per year from 1, and starts again in a new year', async () => {
    const time = clock('2026-03-01T10:00:00Z');
    const { feedback } = await open({ now: time.now });
    const a = await feedback.create(complaint('Първа'));
    const b = await feedback.create(complaint('Втора'));
    time.set('2027-01-02T08:00:00Z');
    const c = await feedback.create(complaint('Трета'));
    expect([a, b, c].map((x) => x.record.reference)).toEqual(['ПТ-2026-000001', 'ПТ-2026-000002', 'ПТ-2027-000001']);
  });

  it('gives distinct, gap-free numbers to many records made at once', async () => {
    const { feedback } = await open();
    const made = await Promise.all(Array.from({ length: 60 }, (_, i) => feedback.create(complaint(`Сигнал ${i}`))));
    const numbers = made.map((m) => Number(m.record.reference.slice(-6))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await feedback.list()).toHaveLength(60);
  });

  it('stores the record before it resolves, keeps the contact only with consent, and hashes the conversation', async () => {
    const { feedback } = await open();
    const withConsent = await feedback.create(complaint('Дупка', { contact: { name: 'Мария', phone: '0888123456' }, consent: true, location: ' ул. Рила 5 ' }));
    const without = await feedback.create(complaint('Шум', { contact: { name: 'Петър' } }));
    const stored = await feedback.getByReference(withConsent.record.reference);
    expect(stored).toEqual(withConsent.record);
    expect(stored).toMatchObject({ status: 'received', location: 'ул. Рила 5', contact: { name: 'Мария' }, history: [{ by: 'citizen', action: 'received' }] });
    expect((await feedback.getByReference(without.record.reference))?.contact).toBeUndefined();
    expect(JSON.stringify(await feedback.list())).not.toContain('conv-1');
    expect(await feedback.getByReference('ПТ-2026-999999')).toBeUndefined();
  });

  it('opens a record with its access code only, and says the same for a wrong code and an unknown reference', async () => {
    const { feedback } = await open();
    const { record, accessCode } = await feedback.create(complaint('Счупена пейка'));
    expect((await feedback.verifyAccess(record.reference, accessCode))?.reference).toBe(record.reference);
    expect((await feedback.verifyAccess(record.reference, accessCode.toLowerCase().replace(/(....)/, '$1-')))?.reference).toBe(record.reference);
    expect(await feedback.verifyAccess(record.reference, 'WRONG123')).toBeUndefined();
    expect(await feedback.verifyAccess('ПТ-2026-999999', accessCode)).toBeUndefined();
    expect(JSON.stringify(record)).not.toContain(accessCode);
  });

  it('filters by kind, status and dates, in the order records were made', async () => {
    const time = clock('2026-05-01T09:00:00Z');
    const { feedback } = await open({ now: time.now });
    const first = await feedback.create(complaint('Първа'));
    time.set('2026-05-03T09:00:00Z');
    const praise = await feedback.create(complaint('Благодаря', { kind: 'praise' }));
    time.set('2026-05-05T09:00:00Z');
    const last = await feedback.create(complaint('Трета'));
    await feedback.updateStatus(last.record.reference, 'in_progress', 'maria');
    expect((await feedback.list()).map((r) => r.reference)).toEqual([first, praise, last].map((m) => m.record.reference));
    expect((await feedback.list({ kind: 'praise' })).map((r) => r.reference)).toEqual([praise.record.reference]);
    expect((await feedback.list({ statuses: ['in_progress'] })).map((r) => r.reference)).toEqual([last.record.reference]);
    const between = await feedback.list({ from: '2026-05-02T00:00:00.000Z', to: '2026-05-04T23:59:59.999Z' });
    expect(between.map((r) => r.reference)).toEqual([praise.record.reference]);
  });

  it('filters by any of several statuses and by category, or by having none, all parts together', async () => {
    const { feedback } = await open();
    const waste = await feedback.create(complaint('Кофите преливат', { kind: 'signal', category: 'waste' }));
    const light = await feedback.create(complaint('Не свети', { kind: 'signal', category: 'street-lighting' }));
    const plain = await feedback.create(complaint('Чаках час'));
    const wasteClosed = await feedback.create(complaint('Пак кофите', { kind: 'signal', category: 'waste' }));
    await feedback.updateStatus(light.record.reference, 'in_progress', 'maria');
    await feedback.updateStatus(wasteClosed.record.reference, 'closed', 'maria');
    const refs = async (filter: Parameters<typeof feedback.list>[0]) => (await feedback.list(filter)).map((r) => r.reference);
    expect(await refs({ statuses: ['received', 'in_progress'] })).toEqual([waste, light, plain].map((m) => m.record.reference));
    expect(await refs({ category: 'waste' })).toEqual([waste, wasteClosed].map((m) => m.record.reference));
    expect(await refs({ category: null })).toEqual([plain.record.reference]);
    expect(await refs({ category: 'waste', statuses: ['closed'], kind: 'signal' })).toEqual([wasteClosed.record.reference]);
    expect(await refs({ category: 'waste', kind: 'complaint' })).toEqual([]);
    expect(await refs({ statuses: [] })).toEqual([]);
  });

  it('changes status and reply with their history, records deliveries, and refuses an unknown reference', async () => {
    const time = clock('2026-06-01T09:00:00Z');
    const { feedback } = await open({ now: time.now });
    const { record } = await feedback.create(complaint('Неосветена улица'));
    time.set('2026-06-02T09:00:00Z');
    const closed = await feedback.updateStatus(record.reference, 'closed', 'maria');
    expect(closed).toMatchObject({ status: 'closed', closedAt: '2026-06-02T09:00:00.000Z', statusChangedAt: '2026-06-02T09:00:00.000Z' });
    const reopened = await feedback.updateStatus(record.reference, 'in_progress', 'maria');
    expect(reopened.closedAt).toBeUndefined();
    const replied = await feedback.appendReply(record.reference, '  Поправено.  ', 'ivan');
    expect(replied.publicReply).toEqual({ text: 'Поправено.', at: '2026-06-02T09:00:00.000Z', by: 'ivan' });
    await feedback.recordDelivery(record.reference, 'email', { state: 'sent', attempts: 1, sentAt: '2026-06-02T09:00:01.000Z' });
    const stored = await feedback.getByReference(record.reference);
    expect(stored?.notifications.email).toEqual({ state: 'sent', attempts: 1, sentAt: '2026-06-02T09:00:01.000Z' });
    expect(stored?.history.map((h) => `${h.by}:${h.action}`)).toEqual(['citizen:received', 'maria:status:closed', 'maria:status:in_progress', 'ivan:reply']);
    await expect(feedback.updateStatus('ПТ-2026-999999', 'closed', 'maria')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(feedback.recordDelivery('ПТ-2026-999999', 'email', { state: 'sent', attempts: 1 })).resolves.toBeUndefined();
  });

  it('erases personal data on request and by retention, of closed records only, once', async () => {
    const time = clock('2026-01-10T09:00:00Z');
    const { feedback } = await open({ now: time.now });
    const contact = { contact: { name: 'Мария', email: 'm@example.com' }, consent: true, location: 'ул. Рила 5' };
    const old = await feedback.create(complaint('Стар случай', contact));
    const recent = await feedback.create(complaint('Нов случай', { ...contact, contact: { name: 'Петър' } }));
    const open_ = await feedback.create(complaint('Отворен', { ...contact, contact: { name: 'Иван' } }));
    const asked = await feedback.create(complaint('Поискано', contact));
    await feedback.updateStatus(old.record.reference, 'closed', 'maria');
    time.set('2026-03-01T09:00:00Z');
    await feedback.updateStatus(recent.record.reference, 'closed', 'maria');
    const erased = await feedback.anonymise(asked.record.reference, 'maria');
    expect(erased).toMatchObject({ description: '[erased]', location: '[erased]', anonymisedAt: '2026-03-01T09:00:00.000Z' });
    expect(erased.contact).toBeUndefined();
    time.set('2026-03-02T09:00:00Z');
    expect(await applyRetention(feedback, 29, new Date('2026-03-02T09:00:00Z'))).toBe(1);
    expect(await feedback.anonymiseClosedBefore(new Date('2026-02-01T00:00:00Z'), 'retention')).toBe(0);
    const gone = await feedback.getByReference(old.record.reference);
    expect(gone).toMatchObject({ description: '[erased]', status: 'closed', kind: 'complaint', anonymisedAt: '2026-03-02T09:00:00.000Z' });
    expect(gone?.contact).toBeUndefined();
    expect(gone?.history.at(-1)).toMatchObject({ by: 'retention', action: 'anonymised' });
    expect((await feedback.getByReference(recent.record.reference))?.contact?.name).toBe('Петър');
    expect((await feedback.getByReference(open_.record.reference))?.contact?.name).toBe('Иван');
    expect(await feedback.list({ statuses: ['closed'] })).toHaveLength(2);
  });

  it('keeps every record and the numbering after it is closed and opened again', async () => {
    const first = await open();
    const made = await first.feedback.create(complaint('Преди спирането', { contact: { name: 'Мария' }, consent: true }));
    await first.feedback.updateStatus(made.record.reference, 'answered', 'maria');
    await first.close();
    const again = await open();
    expect(await again.feedback.getByReference(made.record.reference)).toMatchObject({ status: 'answered', contact: { name: 'Мария' } });
    expect((await again.feedback.verifyAccess(made.record.reference, made.accessCode))?.reference).toBe(made.record.reference);
    const next = await again.feedback.create(complaint('След спирането'));
    expect(Number(next.record.reference.slice(-6))).toBe(Number(made.record.reference.slice(-6)) + 1);
  });
});

describeBackends(
  'feedback repository on several instances',
  ({ open, place }) => {
    it('gives 200 records made at once through two pools distinct, gap-free numbers, each stored', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const made = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).feedback.create(complaint(`Сигнал ${i}`))));
      const numbers = made.map((m) => Number(m.record.reference.slice(-6))).sort((x, y) => x - y);
      expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      const stored = await one.feedback.list();
      expect(new Set(stored.map((r) => r.reference))).toEqual(new Set(made.map((m) => m.record.reference)));
      for (const m of made.slice(0, 5)) expect((await two.feedback.verifyAccess(m.record.reference, m.accessCode))?.description).toBe(m.record.description);
    });

    it('gives no number to a record that could not be stored, and leaves no gap for it', async () => {
      const { feedback } = await open();
      const first = await feedback.create(complaint('Първа'));
      // A rule only this test has: the database refuses one description, as it would refuse a write on a full disk.
      const admin = new pg.Client({ connectionString: place().where });
      await admin.connect();
      await admin.query("ALTER TABLE feedback_records ADD CONSTRAINT refuse_one CHECK (record->>'description' <> 'Отказана')");
      await admin.end();
      await expect(feedback.create(complaint('Отказана'))).rejects.toThrow(/refuse_one/);
      const next = await feedback.create(complaint('Следваща'));
      expect([first, next].map((m) => m.record.reference)).toEqual(['ПТ-2026-000001', 'ПТ-2026-000002'].map((r) => r.replace('2026', String(new Date().getUTCFullYear()))));
      expect((await feedback.list()).map((r) => r.description)).toEqual(['Първа', 'Следваща']);
    });
  },
  'postgres',
);
