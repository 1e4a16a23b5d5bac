// ESLint over the whole tree (src, test, bench, demo, top-level files), with typescript-eslint's
// type-checked rules through the project service on tsconfig.json. Formatting is Prettier's
// alone: eslint-config-prettier comes last and turns off every rule that could fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.test-build/', 'data/', 'drizzle/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The store turns asynchronous: a promise nobody awaits, or one handed to something that
      // ignores what it returns, must not pass review.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A switch over a union names every member (a default does not count for a union), so a
      // new crisis state or action kind shows up wherever it must be handled.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false }],
      // A condition the types say is always true or always false is dead code or a wrong type.
      '@typescript-eslint/no-unnecessary-condition': 'error',
      // The codebase's way to say "deliberately unused": a leading underscore, or a property
      // taken out of an object only to keep the rest (`const { roster: _r, ...rest } = plan`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],

      // From strictTypeChecked, the rules that do not fight this codebase. Left out on purpose:
      // no-non-null-assertion (noUncheckedIndexedAccess makes `!` the way to say "this index
      // exists", hundreds of times in tests), no-confusing-void-expression (the codebase's
      // `(x) => doThing(x)` callbacks), no-misused-spread (`[...text].length` counts code points
      // on purpose, as Slack's limits do), no-unnecessary-type-conversion (String(x) on data
      // from outside, whose declared type is a hope), no-invalid-void-type and
      // no-meaningless-void-operator (the `string | void` answers and `() => void n++` idioms),
      // and the stricter options of restrict-template-expressions (numbers in messages are fine).
      // return-await: `return promise` inside try/catch skips the catch — once the store is
      // asynchronous that is a lost error.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      '@typescript-eslint/no-unnecessary-type-arguments': 'error',
      '@typescript-eslint/no-unnecessary-type-parameters': 'error',
      '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'error',
      '@typescript-eslint/no-unnecessary-template-expression': 'error',
      '@typescript-eslint/no-non-null-asserted-nullish-coalescing': 'error',
      '@typescript-eslint/no-mixed-enums': 'error',
      '@typescript-eslint/prefer-literal-enum-member': 'error',
      '@typescript-eslint/no-dynamic-delete': 'error',
      '@typescript-eslint/no-extraneous-class': 'error',
      '@typescript-eslint/no-useless-constructor': 'error',
      '@typescript-eslint/prefer-reduce-type-parameter': 'error',
      '@typescript-eslint/prefer-return-this-type': 'error',
      '@typescript-eslint/related-getter-setter-pairs': 'error',
      '@typescript-eslint/unified-signatures': 'error',
    },
  },
  {
    // Plain JavaScript (this file, the dependency-cruiser config, bench/bare-bolt.mjs) is not in
    // tsconfig.json: no type information, so no type-checked rules.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
