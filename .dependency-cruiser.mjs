// npm run lint runs this: no import cycles between folders of src/ and dialogs/ (a folder is a
// layer or a domain; a cycle between two means neither can be understood, tested or moved alone).
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Folders import each other: move the shared type or function to the folder below both.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src|dialogs)' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      severity: 'error',
      from: { path: '^(src|dialogs)/' },
      to: { circular: true },
    },
    {
      name: 'http-without-dialogs',
      comment: 'The HTTP layer only mounts routes; the bot is assembled in src/createBot.ts.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^dialogs/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,

  },
};
