import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // process.env is read in bot/config.ts only (tests may read TEST_* overrides).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through bot/config.ts' }],
    },
  },
  { files: ['bot/config.ts', 'test/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
);
