import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/**
 * The tests of code read the small, frozen knowledge folder in test/fixtures/knowledge/, so that
 * a clerk's edit of knowledge/ cannot break them. Only the checks of the live folder itself
 * (kb:check, the quality floors, the leakage and signal checks) read `liveKnowledgeDir`.
 */
export const paths = { knowledgeDir: join(root, 'test', 'fixtures', 'knowledge'), localesDir: join(root, 'locales') };
export const liveKnowledgeDir = join(root, 'knowledge');

/** How the tests start the real server in a child process: as `npm start` does (see package.json), from the sources. */
export const serverArgs = ['--disable-warning=DEP0111', '--import', 'tsx', join(root, 'src/server.ts')];
