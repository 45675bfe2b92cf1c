// Three projects, chosen by what a test does (not by its folder):
//   unit         pure modules, in one process: no sockets, no child processes, no dialogs, no database.
//                The fast loop: `npm run test:unit`.
//   integration  HTTP servers on loopback, dialogs via botbuilder-testing, channel webhooks, crash and
//                hostile-request tests, storage (PostgreSQL included), command-line tools run as child
//                processes, and the checks of the live knowledge/ folder (kb:check, quality floors on
//                the eval sets). `npm run test:integration`.
//   browser      the web chat and the staff console in Chromium. `npm run test:browser`.
// `npm test` runs all three. A new test file is a unit test unless it is listed under `integration`
// below (or lives in test/browser): list it there when it opens a socket, starts a process, drives a
// dialog or touches a database.

/** The settings every project shares: TypeScript through ts-jest, as ES modules. */
const shared = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  // Sources import './x.js' (ESM rule); jest resolves the .ts file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
};

/** Test files (paths under test/) that belong to the integration project. */
const integration = [
  'channels/',
  'cli/',
  'conversations/',
  'dialogs/',
  'http/',
  'instances/',
  'knowledge/corrections.test.ts',
  'knowledge/leakage.test.ts',
  'knowledge/liveKnowledge.test.ts',
  'knowledge/signals.test.ts',
  'notify/',
  'staff/consoleRecordsHttp.test.ts',
  'staff/factsAmountsHttp.test.ts',
  'staff/factsHttp.test.ts',
  'staff/feedbackListHttp.test.ts',
  'staff/notificationsOff.test.ts',
  'staff/staffHardening.test.ts',
  'staff/staffHttp.test.ts',
  'storage/',
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const under = (paths) => paths.map((p) => `<rootDir>/test/${escape(p)}`);

/** @type {import('jest').Config} */
export default {
  testTimeout: shared.testTimeout,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...under(['browser/', ...integration])],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: integration.map((p) => `<rootDir>/test/${p.endsWith('/') ? `${p}**/*.test.ts` : p}`),
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
    },
  ],
};
