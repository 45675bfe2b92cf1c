// One contract for what the staff console keeps (audit log, dismissed groups, accounts, sessions,
// sign-in limits) and for webhook de-duplication, run against lowdb and PostgreSQL alike; and, on
// PostgreSQL, that what several instances must share is shared between two pools.
import { expect, it } from '@jest/globals';
import pg from 'pg';
import { describeBackends } from './backends.js';

describeBackends('staff console store', ({ open }) => {
  it('keeps the audit log in order and the dismissed groups once each, also after reopening', async () => {
    const first = await open();
    await first.consoleStore.audit({ user: 'maria', action: 'login', details: '127.0.0.1' });
    await first.consoleStore.audit({ user: 'maria', action: 'feedback-status', target: 'ПТ-2026-000001', details: 'closed' });
    await first.consoleStore.dismiss('group a');
    await first.consoleStore.dismiss('group a');
    await first.consoleStore.dismiss('report:1');
    await first.close();
    const again = await open();
    const log = await again.consoleStore.auditLog();
    expect(log.map((a) => `${a.user}:${a.action}:${a.target ?? ''}`)).toEqual(['maria:login:', 'maria:feedback-status:ПТ-2026-000001']);
    expect(log[0].target).toBeUndefined();
    expect([...(await again.consoleStore.dismissed())].sort()).toEqual(['group a', 'report:1']);
  });

  it('adds and replaces staff accounts', async () => {
    const { staffUsers } = await open();
    expect(await staffUsers.find('maria')).toBeUndefined();
    await staffUsers.save({ name: 'maria', passwordHash: 'scrypt$old', createdAt: '2026-01-01T00:00:00.000Z' });
    await staffUsers.save({ name: 'ivan', passwordHash: 'scrypt$ivan', createdAt: '2026-01-02T00:00:00.000Z' });
    await staffUsers.save({ name: 'maria', passwordHash: 'scrypt$new', createdAt: '2026-01-03T00:00:00.000Z' });
    expect(await staffUsers.find('maria')).toEqual({ name: 'maria', passwordHash: 'scrypt$new', createdAt: '2026-01-03T00:00:00.000Z' });
    expect((await staffUsers.list()).map((u) => u.name).sort()).toEqual(['ivan', 'maria']);
  });
});

describeBackends('staff sessions', ({ open }) => {
  it('finds a session by its id with its CSRF token, keeps a notice for one page, and ends it', async () => {
    const { sessions } = await open();
    const session = await sessions.create('maria');
    expect(session.id).not.toBe(session.csrf);
    expect(await sessions.get(session.id)).toMatchObject({ id: session.id, user: 'maria', csrf: session.csrf });
    expect(await sessions.get('not-a-session')).toBeUndefined();
    expect(await sessions.get(undefined)).toBeUndefined();
    await sessions.setFlash(session.id, 'Записано.');
    expect(await sessions.takeFlash(session.id)).toBe('Записано.');
    expect(await sessions.takeFlash(session.id)).toBeUndefined();
    await sessions.destroy(session.id);
    expect(await sessions.get(session.id)).toBeUndefined();
  });
});

describeBackends('attempt limits', ({ open }) => {
  it('counts before the check passes, blocks at the limit, forgives a right attempt, and keys apart', async () => {
    const { limiters } = await open();
    const limiter = limiters('test-scope', 2, 60_000);
    expect(await limiter.tryAttempt('10.0.0.1', 'maria')).toBe(true);
    await limiter.forgiveOne('10.0.0.1', 'maria');
    expect(await limiter.tryAttempt('10.0.0.1')).toBe(true);
    expect(await limiter.tryAttempt('10.0.0.1')).toBe(true);
    expect(await limiter.tryAttempt('10.0.0.1')).toBe(false);
    expect(await limiter.tryAttempt('10.0.0.1', 'maria')).toBe(false);
    expect(await limiter.tryAttempt('maria')).toBe(true);
    expect(await limiters('other-scope', 2, 60_000).tryAttempt('10.0.0.1')).toBe(true);
  });

  it('lets no more than the limit through when many attempts come at once', async () => {
    const { limiters } = await open();
    const limiter = limiters('burst', 5, 60_000);
    const passed = await Promise.all(Array.from({ length: 40 }, () => limiter.tryAttempt('10.0.0.9')));
    expect(passed.filter(Boolean)).toHaveLength(5);
  });
});

describeBackends('webhook redeliveries', ({ open }) => {
  it('says first once per id and scope; an empty id is always new', async () => {
    const { redeliveries } = await open();
    const viber = redeliveries('viber');
    expect(await viber.isFirst('user:1')).toBe(true);
    expect(await viber.isFirst('user:1')).toBe(false);
    expect(await viber.isFirst('user:2')).toBe(true);
    expect(await redeliveries('messenger').isFirst('user:1')).toBe(true);
    expect(await viber.isFirst(undefined)).toBe(true);
    expect(await viber.isFirst(undefined)).toBe(true);
  });
});

describeBackends(
  'what instances share',
  ({ open, place }) => {
    it('a session made through one pool is valid through another, with its notice, until it is ended there', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const session = await one.sessions.create('maria');
      expect(await two.sessions.get(session.id)).toMatchObject({ user: 'maria', csrf: session.csrf });
      await one.sessions.setFlash(session.id, 'Записано.');
      expect(await two.sessions.takeFlash(session.id)).toBe('Записано.');
      await two.sessions.destroy(session.id);
      expect(await one.sessions.get(session.id)).toBeUndefined();
    });

    it('attempt limits hold across two pools, also for attempts made at once', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const a = one.limiters('login-client', 5, 60_000);
      const b = two.limiters('login-client', 5, 60_000);
      const passed = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).tryAttempt('10.0.0.1')));
      expect(passed.filter(Boolean)).toHaveLength(5);
      await a.forgiveOne('10.0.0.1');
      expect(await b.tryAttempt('10.0.0.1')).toBe(true);
      expect(await a.tryAttempt('10.0.0.1')).toBe(false);
    });

    it('a redelivered webhook is answered once, whichever pool sees it', async () => {
      const [one, two] = await Promise.all([open(), open()]);
      const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).redeliveries('viber').isFirst('user:42:token-7')));
      expect(seen.filter(Boolean)).toHaveLength(1);
    });

    it('keeps no session id, limiter key or message id in clear', async () => {
      const stores = await open();
      const session = await stores.sessions.create('maria');
      await stores.limiters('login-client', 5, 60_000).tryAttempt('10.9.8.7');
      await stores.redeliveries('viber').isFirst('viber-user-id:token');
      const client = new pg.Client({ connectionString: place().where });
      await client.connect();
      try {
        const tables = ['staff_sessions', 'attempt_failures', 'webhook_deliveries'];
        const dump = JSON.stringify(await Promise.all(tables.map(async (t) => (await client.query(`SELECT * FROM ${t}`)).rows)));
        expect(dump).toContain('maria');
        expect(dump).not.toContain(session.id);
        expect(dump).not.toContain('10.9.8.7');
        expect(dump).not.toContain('viber-user-id');
      } finally {
        await client.end();
      }
    });
  },
  'postgres',
);
