import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const browserGlobals = Object.fromEntries(['window', 'document', 'fetch', 'getComputedStyle', 'setTimeout', 'JSON'].map((name) => [name, 'readonly']));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'test-output/', 'public/vendor/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // A function a reader can hold in view at once; longer ones are split by what they do.
  { files: ['src/**/*.ts', 'dialogs/**/*.ts'], rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] } },
  { files: ['public/**/*.js'], languageOptions: { sourceType: 'script', globals: browserGlobals } },
);
