// Two instances of the bot on one PostgreSQL database, as behind one address: a complaint made
// through one is in the other's console, and a clerk signed in on one is signed in on both, with
// the notice after a change shown whichever instance serves the next page.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { hashPassword } from '../../src/staff/passwords.js';
import { postgresStores } from '../../src/storage/postgres/stores.js';
import { BotConversation, COMPLAINT_SCRIPT, REFERENCE } from '../support/botClient.js';
import { startCaptureServer, type CaptureServer } from '../support/captureServer.js';
import { paths } from '../support/paths.js';
import { freshSchema, postgresAvailable, type TestSchema } from '../support/postgres.js';
import { STAFF } from '../support/staffFixture.js';
import { withTempDir } from '../support/tempDir.js';

const available = await postgresAvailable();

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = (cookie?: string) => ({ 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) });

(available ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  let s: TestSchema;
  let connector: CaptureServer;
  let folder: { dir: string; cleanup: () => Promise<void> };
  const instances: Array<{ app: App; base: string }> = [];

  beforeAll(async () => {
    s = await freshSchema();
    connector = await startCaptureServer();
    folder = await withTempDir();
    await postgresStores(s.db, { prefix: 'ПТ', salt: 'x' }).staffUsers.save({ name: STAFF.user, passwordHash: await hashPassword(STAFF.password), createdAt: new Date().toISOString() });
    const assistant = await Assistant.load({ knowledgeDir: paths.knowledgeDir, localesDir: paths.localesDir });
    for (const name of ['a', 'b']) {
      const config = readConfig({ DATA_DIR: join(folder.dir, name), KNOWLEDGE_DIR: paths.knowledgeDir, DATABASE_URL: s.url });
      const app = await createApp(config, createLogger('silent'), { assistant });
      const { port } = await app.server.listen(0, '127.0.0.1');
      instances.push({ app, base: `http://127.0.0.1:${port}` });
    }
  });
  afterAll(async () => {
    for (const { app } of instances) await app.stop();
    await connector.close();
    await folder.cleanup();
    await s.drop();
  });

  it('shares records, sessions and notices between the instances', async () => {
    const [a, b] = instances;
    let last = '';
    const citizen = new BotConversation(a.base, connector, 'pg-two-instances');
    for (const line of COMPLAINT_SCRIPT) last = await citizen.say(line);
    const reference = REFERENCE.exec(last)![1];
    expect(await b.app.feedback.getByReference(reference)).toMatchObject({ kind: 'complaint', description: COMPLAINT_SCRIPT[1] });

    const signedIn = await fetch(`${b.base}/staff/login`, { method: 'POST', headers: formHeaders(), body: form(STAFF), redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await fetch(`${a.base}/staff/feedback/${encodeURIComponent(reference)}`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    const changed = await fetch(`${a.base}/staff/feedback/${encodeURIComponent(reference)}/status`, { method: 'POST', headers: formHeaders(cookie), body: form({ _csrf: csrf, status: 'closed' }), redirect: 'manual' });
    expect(changed.status).toBe(303);
    const after = await (await fetch(`${b.base}${changed.headers.get('location')}`, { headers: { cookie } })).text();
    expect(after).toContain(b.app.assistant.renderContext('bg').t('staff.feedback.updated'));
    expect((await a.app.feedback.getByReference(reference))?.status).toBe('closed');
    expect((await b.app.consoleStore.auditLog()).map((e) => e.action)).toEqual(['login', 'feedback-status']);
  });

  it('counts wrong passwords on both instances against one limit', async () => {
    const [a, b] = instances;
    const statuses = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${(i % 2 ? a : b).base}/staff/login`, { method: 'POST', headers: formHeaders(), body: form({ user: 'ivan', password: 'wrong-password-1' }), redirect: 'manual' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
