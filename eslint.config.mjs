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
      // process.env is read in core/config.ts only (tests may read TEST_* overrides).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through core/config.ts' }],
    },
  },
  { files: ['core/config.ts', 'test/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  // The package's bin launcher and jest's test sequencer: plain CommonJS run by node itself.
  {
    files: ['bin/**/*.js', 'test/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-restricted-properties': 'off' },
  },
  // Layers point one way: core ← db ← knowledge ← handlers ← workers, bot. An upward import fails the lint.
  ...upwardImportRules({ core: ['db', 'knowledge', 'handlers', 'workers', 'bot'], db: ['knowledge', 'handlers', 'workers', 'bot'], knowledge: ['handlers', 'workers', 'bot'], handlers: ['workers', 'bot'], workers: ['bot'] }),
);

/** One `no-restricted-imports` block per layer, naming the layers above it. */
function upwardImportRules(above) {
  return Object.entries(above).map(([layer, upper]) => ({
    files: [`${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./)+(${upper.join('|')})/`, message: `${layer}/ sits below ${upper.join(', ')}: import downwards only (README, Architecture).` }] }],
    },
  }));
}
