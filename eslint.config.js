import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated code is checked by the compiler, not held to hand-written style.
  {
    ignores: [
      'generated/**',
      'dist/**',
      'docs/**',
      'node_modules/**',
      'bench/**/out/**',
      'reports/**',
      '.stryker-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
  // Layout is Prettier's (`npm run format`); no lint rule may disagree with it.
  prettier,
);
