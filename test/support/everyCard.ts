// One check that both the code's tests (fixture knowledge) and the live knowledge's tests run.
import { expect } from '@jest/globals';
import type { Assistant } from '../../src/answer/assistant.js';
import { entryView, viewToText } from '../../src/render/answerView.js';

/** Every service renders in both languages with documents, speeds and where to apply, and no untranslated key. */
export function expectEveryServiceRenders(assistant: Assistant): void {
  for (const entry of assistant.kb.entries.filter((e) => e.kind === 'service')) {
    for (const lang of ['bg', 'en'] as const) {
      const view = entryView(entry, [], assistant.renderContext(lang));
      expect(view.sections.map((s) => s.id)).toEqual(expect.arrayContaining(['documents', 'speeds', 'where']));
      expect(viewToText(view)).not.toMatch(/answer\.|contacts\.|calendar\.|\{\{/);
    }
  }
}

/** No card says its deadlines are unpublished while one of its notes gives them (an answer never calls a held fact unknown). */
export function expectNoCardContradictsItsNotes(assistant: Assistant): void {
  const unpublished = assistant.renderContext('bg').t('answer.speedsUnknown', { municipality: 'X', phone: 'Y' }).slice(0, 30);
  const contradicting = assistant.kb.entries.filter((e) => {
    const ctx = assistant.renderContext('bg');
    const holds = ctx.facts.notesAbout(e, 'deadline', 'bg').length > 0;
    return holds && viewToText(entryView(e, [], ctx)).includes(unpublished);
  });
  expect(contradicting.map((e) => e.id)).toEqual([]);
}
