// A feedback record for tests of pure staff and feedback code: a signal received, in Bulgarian, with
// every field a record must have; `fields` overrides any of them.
import type { FeedbackRecord } from '../../src/feedback/types.js';

export function feedbackRecord(serial: number, createdAt: string, fields: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    reference: `ПТ-2026-${String(serial).padStart(6, '0')}`,
    kind: 'signal',
    status: 'received',
    description: 'Нещо не е наред.',
    lang: 'bg',
    channel: 'webchat',
    conversation: 'h',
    createdAt,
    updatedAt: createdAt,
    statusChangedAt: createdAt,
    accessCodeHash: '0',
    history: [],
    notifications: {},
    ...fields,
  };
}
