// What the default store keeps across a restart besides the records: staff sessions (a reopened file
// signs the same clerks in, holds no session id, forgets a sign-out and keeps the idle window) and
// the Direct Line token secret made when the operator set none (the same after a restart, mode 0600,
// one for two processes starting at once, and a damaged file stops start-up with its name).
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESSION_IDLE_MS } from '../../src/staff/sessions.js';
import { StoreError } from '../../src/storage/jsonStore.js';
import { readOrCreateSecret } from '../../src/storage/secretFile.js';
import { LowdbSessionStore } from '../../src/storage/sessionsFile.js';
import { withTempDir } from '../support/tempDir.js';

const folders: Array<() => Promise<void>> = [];
afterAll(async () => Promise.all(folders.map((cleanup) => cleanup())));
async function folder(): Promise<string> {
  const { dir, cleanup } = await withTempDir();
  folders.push(cleanup);
  return dir;
}

describe('staff sessions in a file', () => {
  it('a reopened file keeps the session, its CSRF token and its message, and holds no session id', async () => {
    const file = join(await folder(), 'staff-sessions.json');
    const before = await LowdbSessionStore.open(file);
    const session = await before.create('maria');
    await before.setFlash(session.id, 'Записано.');
    const after = await LowdbSessionStore.open(file);
    expect(await after.get(session.id)).toMatchObject({ id: session.id, user: 'maria', csrf: session.csrf });
    expect(await after.takeFlash(session.id)).toBe('Записано.');
    expect(await (await LowdbSessionStore.open(file)).takeFlash(session.id)).toBeUndefined();
    expect(await readFile(file, 'utf8')).not.toContain(session.id);
  });

  it('a sign-out is kept, and an unknown id signs no one in', async () => {
    const file = join(await folder(), 'staff-sessions.json');
    const store = await LowdbSessionStore.open(file);
    const session = await store.create('maria');
    await store.destroy(session.id);
    const reopened = await LowdbSessionStore.open(file);
    expect(await reopened.get(session.id)).toBeUndefined();
    expect(await reopened.get('constructor')).toBeUndefined();
    expect(await reopened.get(undefined)).toBeUndefined();
  });

  it('ends a session after its idle time, each request restarting it, also across a reopening', async () => {
    const file = join(await folder(), 'staff-sessions.json');
    let now = Date.parse('2026-05-01T08:00:00Z');
    const store = await LowdbSessionStore.open(file, () => now);
    const session = await store.create('maria');
    now += SESSION_IDLE_MS - 1000;
    expect(await store.get(session.id)).toBeDefined();
    await store.flush(); // the restarted idle time, written behind
    now += SESSION_IDLE_MS - 1000;
    const reopened = await LowdbSessionStore.open(file, () => now);
    expect(await reopened.get(session.id)).toBeDefined();
    now += SESSION_IDLE_MS + 1000;
    expect(await reopened.get(session.id)).toBeUndefined();
    // Expired sessions leave the file when the next one is made.
    await reopened.create('ivan');
    expect(Object.keys((JSON.parse(await readFile(file, 'utf8')) as { sessions: object }).sessions)).toHaveLength(1);
  });
});

describe('the Direct Line token secret kept in DATA_DIR', () => {
  it('is made once, readable only by its owner, and the same after a restart', async () => {
    const file = join(await folder(), 'directline-token-secret');
    const secret = await readOrCreateSecret(file);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readOrCreateSecret(file)).toBe(secret);
  });

  it('is one secret for processes starting at once', async () => {
    const file = join(await folder(), 'directline-token-secret');
    const secrets = await Promise.all(Array.from({ length: 8 }, () => readOrCreateSecret(file)));
    expect(new Set(secrets).size).toBe(1);
  });

  it('a file without a usable secret stops start-up with its name', async () => {
    const file = join(await folder(), 'directline-token-secret');
    await writeFile(file, 'short\n');
    await expect(readOrCreateSecret(file)).rejects.toThrow(StoreError);
    await expect(readOrCreateSecret(file)).rejects.toThrow(file);
  });
});
