import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', '.infra-run/**', 'dist/**', '.dependency-cruiser.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart']
    }
  },
  {
    // The CLI, the infra tool, scripts and tests talk to a terminal on purpose.
    files: ['src/cli/**', 'infra/**', 'scripts/**', 'test/**', 'bench/**', 'bin/**'],
    rules: { 'no-console': 'off' }
  },
  {
    // bin/ is plain JavaScript run by node (no TypeScript to declare Node's globals).
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } }
  }
)
