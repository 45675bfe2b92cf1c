// The problem-report categories (signals/) against the rest of the knowledge: a word list that a
// clerk widens must not turn the example questions of a service into problem reports.
import { describe, expect, it } from '@jest/globals';
import { Assistant } from '../../src/answer/assistant.js';
import { liveKnowledgeDir, paths } from '../support/paths.js';

// The live folder, as a clerk leaves it: this checks the knowledge, not the code.
const assistant = await Assistant.load({ ...paths, knowledgeDir: liveKnowledgeDir });

describe('problem-report categories', () => {
  it('leave every example question of the services, topics and redirects to them', () => {
    const taken = assistant.kb.entries.flatMap((e) =>
      [...e.examples.bg, ...e.examples.en].filter((q) => assistant.understand(q).decision.type === 'report').map((q) => `${e.id}: ${q}`),
    );
    expect(taken).toEqual([]);
  });

  it('name another body or 112 only with its contacts', () => {
    for (const c of assistant.kb.signals.filter((s) => s.handled_by !== 'municipality')) {
      expect(c.institution?.name.bg).toBeTruthy();
      expect(c.sources.length).toBeGreaterThan(0);
    }
  });
});
