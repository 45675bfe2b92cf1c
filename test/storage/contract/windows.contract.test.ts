// The time windows of what instances share, on both backends: a staff session ends after its idle
// time (and each request restarts it), wrong attempts are forgotten after their window, and a
// message id is new again once its redelivery window has passed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRedeliveryFilter, type RedeliveryFilter } from '../../../src/channels/redeliveries.js';
import { MemoryAttemptLimiter, type AttemptLimiter } from '../../../src/feedback/attemptLimiter.js';
import { MemorySessionStore, SESSION_IDLE_MS, type SessionStore } from '../../../src/staff/sessions.js';
import { PostgresAttemptLimiter } from '../../../src/storage/postgres/attemptLimiter.js';
import { PostgresRedeliveryFilter } from '../../../src/storage/postgres/redeliveries.js';
import { PostgresSessionStore } from '../../../src/storage/postgres/sessions.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../../support/postgres.js';

interface Makers {
  sessions(now: () => number): SessionStore;
  limiter(max: number, windowMs: number, now: () => number): AttemptLimiter;
  redeliveries(windowMs: number): RedeliveryFilter;
}

let schema: TestSchema | undefined;
const postgresUp = await postgresAvailable();
beforeAll(async () => {
  if (postgresUp) schema = await freshSchema();
});
afterAll(async () => schema?.drop());

const backends: Array<[string, () => Makers]> = [
  ['memory', () => ({ sessions: (now) => new MemorySessionStore(now), limiter: (max, windowMs, now) => new MemoryAttemptLimiter(max, windowMs, now), redeliveries: (windowMs) => createRedeliveryFilter(windowMs) })],
  ...(postgresUp
    ? ([
        [
          'postgres',
          () => ({
            sessions: (now) => new PostgresSessionStore(schema!.db, now),
            limiter: (max, windowMs, now) => new PostgresAttemptLimiter(schema!.db, `window-${Math.random()}`, max, windowMs, now),
            redeliveries: (windowMs) => new PostgresRedeliveryFilter(schema!.db, `window-${Math.random()}`, windowMs),
          }),
        ],
      ] as Array<[string, () => Makers]>)
    : []),
];

describe.each(backends)('time windows (%s)', (_name, makers) => {
  it('ends a session after its idle time, and each request restarts it', async () => {
    let now = Date.parse('2026-05-01T08:00:00Z');
    const sessions = makers().sessions(() => now);
    const session = await sessions.create('maria');
    now += SESSION_IDLE_MS - 1000;
    expect(await sessions.get(session.id)).toBeDefined();
    now += SESSION_IDLE_MS - 1000;
    expect(await sessions.get(session.id)).toBeDefined();
    now += SESSION_IDLE_MS + 1000;
    expect(await sessions.get(session.id)).toBeUndefined();
    now += 1;
    expect(await sessions.get(session.id)).toBeUndefined();
  });

  it('forgets wrong attempts once their window has passed', async () => {
    let now = Date.parse('2026-05-01T08:00:00Z');
    const limiter = makers().limiter(2, 60_000, () => now);
    expect(await limiter.tryAttempt('k')).toBe(true);
    now += 30_000;
    expect(await limiter.tryAttempt('k')).toBe(true);
    expect(await limiter.tryAttempt('k')).toBe(false);
    now += 30_001;
    expect(await limiter.tryAttempt('k')).toBe(true);
    expect(await limiter.tryAttempt('k')).toBe(false);
  });

  it('takes an id as new again after its redelivery window', async () => {
    const filter = makers().redeliveries(150);
    expect(await filter.isFirst('m-1')).toBe(true);
    expect(await filter.isFirst('m-1')).toBe(false);
    await new Promise((r) => setTimeout(r, 250));
    expect(await filter.isFirst('m-1')).toBe(true);
    expect(await filter.isFirst('m-1')).toBe(false);
  });
});
