// The live knowledge/ folder, as the clerks leave it (the tests of code read the fixture in
// test/fixtures/knowledge/ instead): `npm run kb:check` passes on it, and every card it makes
// renders whole and agrees with itself. The quality floors on the eval sets are in
// test/cli/quality.test.ts, the leakage checks in leakage.test.ts, the signal checks in signals.test.ts.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Assistant } from '../../src/answer/assistant.js';
import { liveKnowledgeDir, paths, root } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';
import { expectEveryServiceRenders, expectNoCardContradictsItsNotes } from '../support/everyCard.js';

/** `npm run kb:check -- <folder>`, as the README tells clerks to run it. */
const kbCheck = (dir: string) => promisify(execFile)('npm', ['run', '--silent', 'kb:check', '--', dir], { cwd: root });

describe('npm run kb:check', () => {
  it.each([
    ['the live knowledge folder', liveKnowledgeDir],
    ['the fixture the tests of code read', paths.knowledgeDir],
  ])('passes on %s', async (_name, dir) => {
    const { stdout } = await kbCheck(dir);
    expect(stdout).toMatch(/^OK: \d+ services, \d+ topics, \d+ redirects in /);
  });

  it('gives every entry of the live folder a title that fits a button, or a short title: no warning', async () => {
    const { stdout } = await kbCheck(liveKnowledgeDir);
    expect(stdout).not.toMatch(/^warning: /m);
  });

  it('warns, and still passes, on entries whose title is longer than a button and have no short title (most of the fixture)', async () => {
    const { stdout } = await kbCheck(paths.knowledgeDir);
    expect(stdout).toMatch(/^OK: /);
    expect(stdout).toMatch(/^warning: services\/heirs-certificate\.yaml: short_title: the title is longer than a button shows \(20 characters\)/m);
  });

  it('fails, naming file and field, on a copy with a broken entry', async () => {
    const { dir, cleanup } = await withTempDir();
    try {
      await cp(paths.knowledgeDir, dir, { recursive: true });
      await writeFile(join(dir, 'services', 'heirs-certificate.yaml'), 'id: heirs-certificate\n');
      const failed = await kbCheck(dir).then(() => undefined, (err: { code: number; stdout: string }) => err);
      expect(failed?.code).toBe(1);
      expect(failed?.stdout).toMatch(/^services\/heirs-certificate\.yaml: title: /m);
    } finally {
      await cleanup();
    }
  });
});

describe('every card of the live knowledge', () => {
  let assistant: Assistant;
  beforeAll(async () => {
    assistant = await Assistant.load({ ...paths, knowledgeDir: liveKnowledgeDir });
  });
  it('every service renders in both languages with documents and where to apply', () => {
    expectEveryServiceRenders(assistant);
  });

  it('no card says its deadlines are unpublished while one of its notes gives them', () => {
    expectNoCardContradictsItsNotes(assistant);
  });
});

describe('the examples of the live knowledge', () => {
  it('give every entry at least 15 questions as citizens write them, some in English and some in Latin letters', async () => {
    const assistant = await Assistant.load({ ...paths, knowledgeDir: liveKnowledgeDir });
    const short = assistant.kb.entries
      .filter((e) => e.examples.bg.length + e.examples.en.length < 15 || e.examples.en.length < 2 || !e.examples.bg.some((q) => !/[\u0400-\u04ff]/.test(q)))
      .map((e) => `${e.id}: ${e.examples.bg.length} bg, ${e.examples.en.length} en`);
    expect(short).toEqual([]);
  });
});
