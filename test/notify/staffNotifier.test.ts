// Staff notification through a real SMTP server and a webhook, both on loopback.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Assistant } from '../../src/answer/assistant.js';
import { createLogger } from '../../src/common/logger.js';
import { StaffNotifier, type NotifierConfig } from '../../src/notify/staffNotifier.js';
import { LowdbFeedbackRepository } from '../../src/storage/feedbackRepository.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

let assistant: Assistant;
let smtp: SMTPServer;
let smtpPort: number;
const mails: string[] = [];

beforeAll(async () => {
  assistant = await Assistant.load(paths);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => (data += d));
      stream.on('end', () => {
        mails.push(data);
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => smtp.close(() => resolve())));

let repo: LowdbFeedbackRepository;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const tmp = await withTempDir();
  cleanup = tmp.cleanup;
  repo = await LowdbFeedbackRepository.open(join(tmp.dir, 'feedback.json'), { prefix: 'ПТ', salt: 's' });
  mails.length = 0;
});
afterEach(async () => cleanup());

const base: NotifierConfig = { smtpUrl: '', staffEmail: 'staff@petrich.example', mailFrom: 'bot@petrich.example', webhookUrl: '', retryDelaysMs: [20, 20] };
const notifierWith = (config: Partial<NotifierConfig>) => new StaffNotifier({ ...base, ...config }, repo, assistant.renderContext('bg').t, createLogger('silent'));

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('e-mail to staff', () => {
  it('delivers the new record to the staff address over SMTP, as plain text', async () => {
    const notifier = notifierWith({ smtpUrl: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true` });
    const { record } = await repo.create({ kind: 'signal', description: 'Дупка на ул. <b>Рила</b>', location: 'ул. Рила 5', lang: 'bg', channel: 'test', conversationId: 'c' });
    notifier.notify(record);
    const raw = await until(() => mails[0]);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(`[${record.reference}] Нова преписка от чатбота: сигнал`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('staff@petrich.example');
    expect(mail.text).toContain('Дупка на ул. <b>Рила</b>');
    expect(mail.text).toContain('Място: ул. Рила 5');
    expect(mail.text).toContain('Контакт: анонимно');
    expect(mail.html).toBe(false);
    await until(async () => ((await repo.getByReference(record.reference))?.notifications.email?.state === 'sent' ? true : undefined));
  });

  it('sends a report of a category to that department, and everything else to the general address', async () => {
    const notifier = new StaffNotifier(
      { ...base, smtpUrl: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`, categoryEmails: { waste: 'chistota@petrich.example' } },
      repo,
      assistant.renderContext('bg').t,
      createLogger('silent'),
      (id) => assistant.kb.signals.find((c) => c.id === id)?.title.bg,
    );
    const waste = await repo.create({ kind: 'signal', category: 'waste', description: 'Контейнерите преливат', location: 'ул. Рила 5', lang: 'bg', channel: 'test', conversationId: 'c' });
    notifier.notify(waste.record);
    const first = await simpleParser(await until(() => mails[0]));
    expect(first.to && !Array.isArray(first.to) ? first.to.text : '').toBe('chistota@petrich.example');
    expect(first.text).toContain('Категория: Отпадъци и съдове за смет');
    const lighting = await repo.create({ kind: 'signal', category: 'street-lighting', description: 'Лампата не свети', location: 'ул. Рила 5', lang: 'bg', channel: 'test', conversationId: 'c' });
    notifier.notify(lighting.record);
    const second = await simpleParser(await until(() => mails[1]));
    expect(second.to && !Array.isArray(second.to) ? second.to.text : '').toBe('staff@petrich.example');
  });

  it('retries a failed delivery, logs it, and keeps the record', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const notifier = notifierWith({ smtpUrl: `smtp://127.0.0.1:${deadPort}?ignoreTLS=true&connectionTimeout=500` });
    const { record } = await repo.create({ kind: 'praise', description: 'Благодаря на ГРАО', lang: 'bg', channel: 'test', conversationId: 'c' });
    notifier.notify(record);
    const state = await until(async () => {
      const s = (await repo.getByReference(record.reference))?.notifications.email;
      return s?.state === 'failed' ? s : undefined;
    });
    expect(state.attempts).toBe(3);
    expect(state.lastError).toBeTruthy();
    expect((await repo.getByReference(record.reference))?.description).toBe('Благодаря на ГРАО');
  });
});

describe('webhook', () => {
  let hook: Server;
  let received: Array<Record<string, unknown>>;
  beforeEach(async () => {
    received = [];
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.statusCode = received.length === 1 ? 503 : 204; // fails once, then succeeds
        res.end();
      });
    });
    hook.listen(0, '127.0.0.1');
    await once(hook, 'listening');
  });
  afterEach(async () => new Promise<void>((resolve) => hook.close(() => resolve())));

  it('posts the record as JSON, without the access-code hash, retrying after a failure', async () => {
    const notifier = notifierWith({ webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` });
    const { record } = await repo.create({ kind: 'proposal', description: 'Пейки в парка', lang: 'bg', channel: 'test', conversationId: 'c' });
    notifier.notify(record);
    await until(async () => ((await repo.getByReference(record.reference))?.notifications.webhook?.state === 'sent' ? true : undefined));
    expect(received).toHaveLength(2);
    expect(received[1]).toMatchObject({ event: 'feedback.created', record: { reference: record.reference, description: 'Пейки в парка' } });
    expect(JSON.stringify(received[1])).not.toContain('accessCodeHash');
  });
});
