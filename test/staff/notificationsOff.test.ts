// Without SMTP_URL (or STAFF_EMAIL) records are kept but no one is told: the real server says so
// once in its start log and on the console's dashboard, and says nothing when e-mail is set up.
import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/common/logger.js';
import { createI18n } from '../../src/common/i18n.js';
import { paths } from '../support/paths.js';
import { STAFF, startStaffFixture } from '../support/staffFixture.js';

const t = createI18n(paths.localesDir).getFixedT('bg');
const NOTICE = t('staff.dashboard.notificationsOff');

describe('staff notifications that are off are said at start and on the dashboard', () => {
  it.each<{ name: string; env: Record<string, string>; warning?: string }>([
    { name: 'no SMTP_URL and no STAFF_EMAIL', env: {}, warning: 'set SMTP_URL and STAFF_EMAIL' },
    { name: 'no SMTP_URL, a webhook only', env: { STAFF_EMAIL: 'delovodstvo@example.bg', STAFF_WEBHOOK_URL: 'http://127.0.0.1:9/hook' }, warning: 'set SMTP_URL to e-mail staff' },
    { name: 'SMTP_URL without STAFF_EMAIL', env: { SMTP_URL: 'smtp://127.0.0.1:9' }, warning: 'set STAFF_EMAIL to e-mail staff' },
    { name: 'both set', env: { SMTP_URL: 'smtp://127.0.0.1:9', STAFF_EMAIL: 'delovodstvo@example.bg' }, warning: undefined },
  ])('$name', async ({ env, warning }) => {
    const lines: Array<{ level: number; msg: string }> = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string }), done()) });
    const fx = await startStaffFixture(env, createLogger('info', sink));
    try {
      const warnings = lines.filter((l) => l.level === 40 && l.msg.startsWith('staff notifications are off'));
      expect(warnings.map((w) => w.msg.includes(warning ?? '-'))).toEqual(warning ? [true] : []);

      const login = await fetch(`${fx.base}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(STAFF).toString(), redirect: 'manual' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const dashboard = await (await fetch(`${fx.base}/staff`, { headers: { cookie } })).text();
      expect(dashboard).toContain(t('staff.dashboard.title'));
      if (warning) expect(dashboard).toContain(NOTICE.replace(/[„“"]/g, (c) => ({ '"': '&quot;' })[c] ?? c));
      else expect(dashboard).not.toContain('SMTP_URL');
    } finally {
      await fx.stop();
    }
  });
});
