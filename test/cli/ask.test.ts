// The ask CLI's JSON contract, run as a real child process (quality checks depend on it).
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { paths, root } from '../support/paths.js';

const run = promisify(execFile);
const ask = (args: string[], input?: string) => {
  const child = run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/ask.ts'), ...args], { cwd: root, env: { ...process.env, KNOWLEDGE_DIR: paths.knowledgeDir } });
  if (input !== undefined) child.child.stdin?.end(input);
  return child;
};

describe('npm run ask', () => {
  it('--json reads one question a line and prints exactly one JSON object a line, nothing else', async () => {
    const { stdout } = await ask(['--json'], 'Как да получа удостоверение за наследници?\n\nколко е часът в Токио\nИскам да подам жалба\nКъде да си сменя личната карта?\n');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const [heirs, none, feedback, redirect] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const obj of [heirs, none, feedback, redirect]) {
      expect(Object.keys(obj)).toEqual(['question', 'lang', 'answered', 'id', 'title', 'score', 'alternatives', 'decision', 'options', 'category']);
      expect(typeof obj.score).toBe('number');
    }
    expect(heirs).toMatchObject({ lang: 'bg', answered: true, id: 'heirs-certificate', title: 'Удостоверение за наследници', decision: 'answer', options: [], category: null });
    expect(none).toMatchObject({ answered: false, id: null, title: null });
    expect(['abstain', 'clarify']).toContain(none.decision);
    expect(feedback).toMatchObject({ answered: true, id: 'feedback', decision: 'feedback' });
    expect(redirect).toMatchObject({ answered: true, id: 'redirect-identity-documents' });
    for (const alt of heirs.alternatives as Array<Record<string, unknown>>) expect(Object.keys(alt)).toEqual(['id', 'title', 'score']);
  });

  it('--json says what the bot did: the category of a report, the options of a "did you mean"', async () => {
    const { stdout } = await ask(['--json'], 'Контейнерите на ул. „Рила“ 5 не са извозени от две седмици\nудостоверение\n');
    const [report, vague] = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(report).toMatchObject({ answered: true, id: 'feedback', decision: 'report', category: 'waste', options: [] });
    expect(vague).toMatchObject({ answered: false, decision: 'clarify', category: null });
    expect(vague.options).toEqual(expect.arrayContaining(['birth-certificate-duplicate', 'children-born-certificate']));
  });

  it('prints the answer as text for a question given as arguments', async () => {
    const { stdout } = await ask(['How', 'do', 'I', 'get', 'a', 'building', 'permit?']);
    expect(stdout).toMatch(/^Building permit\n/);
    expect(stdout).toContain('Documents required:');
  });
});
