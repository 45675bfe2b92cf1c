import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Assistant } from '../../src/answer/assistant.js';
import { toCsv } from '../../src/staff/csv.js';
import { html } from '../../src/staff/html.js';
import { addExample, createDraftTopic, KnowledgeEditError } from '../../src/staff/knowledgeEditor.js';
import { hashPassword, verifyPassword } from '../../src/staff/passwords.js';
import { groupUnanswered } from '../../src/staff/unansweredGroups.js';
import type { LoggedQuestion } from '../../src/insights/questionLog.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';
import { bundledPipeline } from '../support/pipeline.js';

describe('passwords', () => {
  it('are stored as salted scrypt hashes and verified', async () => {
    const hash = await hashPassword('correct-horse-battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('correct-horse');
    expect(await verifyPassword('correct-horse-battery', hash)).toBe(true);
    expect(await verifyPassword('correct-horse-batterY', hash)).toBe(false);
    expect(await hashPassword('correct-horse-battery')).not.toBe(hash);
  });
});

describe('CSV', () => {
  it('has a BOM for Excel, quotes what needs it, and neutralises formulas', () => {
    const csv = toCsv(['Номер', 'Описание'], [['ПТ-2026-000001', 'ред 1\nред 2, "цитат"'], ['ПТ-2026-000002', '=HYPERLINK("http://x")']]);
    expect(csv.startsWith('\uFEFFНомер,Описание\r\n')).toBe(true);
    expect(csv).toContain('"ред 1\nред 2, ""цитат"""');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});

describe('html', () => {
  it('escapes every value and keeps built fragments', () => {
    const citizen = '<img src=x onerror=alert(1)>';
    expect(html`<p>${citizen}</p>${html`<b>${'&'}</b>`}`.value).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p><b>&amp;</b>');
  });
});

const pipeline = await bundledPipeline();

describe('grouping unanswered questions', () => {
  const q = (text: string, time: string, lang = 'bg'): LoggedQuestion => ({ id: time, time, text, lang, channel: 'test', conversation: 'c', reason: 'abstain', candidates: [] });

  it('puts the same question in other words and spellings together, and counts it', () => {
    const groups = groupUnanswered([
      q('Къде да изхвърля стара пералня?', '2026-11-01T10:00:00Z'),
      q('къде да изхвърля старата пералня', '2026-11-03T10:00:00Z'),
      q('kade da izhvarlia stara peralnia', '2026-11-02T10:00:00Z'),
      q('Колко е часът в Токио?', '2026-11-02T11:00:00Z'),
    ], pipeline);
    expect(groups.map((g) => g.count)).toEqual([3, 1]);
    expect(groups[0]).toMatchObject({ first: '2026-11-01T10:00:00Z', last: '2026-11-03T10:00:00Z' });
  });

  it('leaves out dismissed groups', () => {
    const all = groupUnanswered([q('Колко е часът в Токио?', '2026-11-02T11:00:00Z')], pipeline);
    expect(groupUnanswered([q('Колко е часът в Токио?', '2026-11-02T11:00:00Z')], pipeline, new Set([all[0].key]))).toEqual([]);
  });
});

describe('knowledge editor', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let assistant: Assistant;
  beforeEach(async () => {
    ({ dir, cleanup } = await withTempDir());
    await cp(paths.knowledgeDir, dir, { recursive: true });
    assistant = await Assistant.load({ knowledgeDir: dir, localesDir: paths.localesDir });
  });
  afterEach(async () => cleanup());

  it('adds an example question and keeps the file\'s comments and layout', async () => {
    const file = join(dir, 'services/heirs-certificate.yaml');
    const before = await readFile(file, 'utf8');
    await addExample(dir, assistant.kb, 'heirs-certificate', 'bg', 'Трябва ми документ кой наследява дядо');
    const after = await readFile(file, 'utf8');
    expect(after).toContain('    - Трябва ми документ кой наследява дядо');
    expect(after.split('\n').filter((l) => l.startsWith('#'))).toEqual(before.split('\n').filter((l) => l.startsWith('#')));
    expect(after.split('\n').length).toBe(before.split('\n').length + 1);
    await assistant.reload();
    expect(assistant.understand('Трябва ми документ кой наследява дядо').decision).toMatchObject({ entryId: 'heirs-certificate' });
  });

  it('refuses an unknown entry and leaves the files as they were', async () => {
    await expect(addExample(dir, assistant.kb, 'no-such-entry', 'bg', 'въпрос')).rejects.toBeInstanceOf(KnowledgeEditError);
  });

  it('starts a draft topic outside the loaded folders, so the knowledge base stays valid', async () => {
    const relative = await createDraftTopic(dir, 'Къде да изхвърля стара пералня?', 'bg', '2026-11-25');
    expect(relative).toMatch(/^drafts\/draft-2026-11-25-/);
    expect(await readFile(join(dir, relative), 'utf8')).toContain('"Къде да изхвърля стара пералня?"');
    await expect(assistant.reload()).resolves.toBeUndefined();
  });
});
