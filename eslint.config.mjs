import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'events']

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'docs/**', '.native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error'
    }
  },
  {
    files: ['src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.{1,2}/).*', message: 'contract imports zod and its own files only' }] }]
    }
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'core is pure Node: electron lives in src-main/shell only' }],
        patterns: [{ group: ['**/shell/**', '**/headless/**', 'electron/*'], message: 'core must not depend on the shell or headless host' }]
      }]
    }
  },
  {
    files: ['src-main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'the headless host runs without electron' }],
        patterns: [{ group: ['**/shell/**'], message: 'headless must not depend on the shell' }]
      }]
    }
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!electron$|@contract/channels$|\\.{1,2}/).*', message: 'the preload forwards contract channels only' }]
      }]
    }
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'the renderer talks to the bridge only' }, ...nodeBuiltins.filter((n) => !n.includes('*')).map((name) => ({ name, message: 'no Node in the renderer' }))],
        patterns: [
          { group: ['node:*'], message: 'no Node in the renderer' },
          { regex: '^(\\.\\./)+src-main/(?!contract/).*', message: 'only src-main/contract is shared with the renderer' },
          { group: ['**/core/**', '**/shell/**', '**/headless/**'], message: 'only src-main/contract is shared with the renderer' }
        ]
      }]
    }
  }
)
