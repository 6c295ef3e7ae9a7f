import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Kafka and Prisma stay behind their libraries: a service talks to the broker
// only through @surge/messaging and to its database through @surge/persistence
// plus its own generated client.
const kafkaImports = {
  paths: [
    { name: 'kafkajs', message: 'Kafka details live in libs/messaging: import from @surge/messaging.' },
    { name: '@kafkajs/confluent-schema-registry', message: 'Registry details live in libs/messaging.' },
  ],
};
const testingImports = [
  { name: '@surge/testing', message: 'The test harness is for spec files only.' },
  { name: '@surge/service-testing', message: 'The service test harness is for spec files only.' },
];

// Which kind of project may depend on which (tags in each project.json).
const productionConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:platform', 'type:messaging', 'type:persistence', 'type:contracts'],
  },
  // The operator console is a client of the services' public REST APIs: no Kafka, no database, no platform.
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:messaging', 'type:persistence', 'type:contracts'] },
  { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  // Starting and breaking Kafka, the registry and PostgreSQL on this machine: for the test harness, the tools
  // (npm start, the bench) and the fault suite only, never for a service. It knows the catalogue, nothing else.
  { sourceTag: 'type:local-infra', onlyDependOnLibsWithTags: ['type:contracts'] },
  // What any spec may use, the libraries' own included: so it depends on none of them.
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:local-infra'] },
  // A service in process and its neighbours on the bus: for the specs of apps and tools only.
  {
    sourceTag: 'type:service-testing',
    onlyDependOnLibsWithTags: [
      'type:platform',
      'type:messaging',
      'type:persistence',
      'type:contracts',
      'type:local-infra',
      'type:testing',
    ],
  },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:messaging', 'type:local-infra'] },
  // Black-box tests of the whole stack: they reach the services over HTTP only.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts'] },
  // The fault suite breaks the infrastructure (libs/local-infra) and reads topics and databases to reconcile.
  { sourceTag: 'type:faults', onlyDependOnLibsWithTags: ['type:contracts', 'type:messaging', 'type:local-infra'] },
  // Offline checks of the deployment files against the catalogue, the topics and the config schema.
  { sourceTag: 'type:deploy-check', onlyDependOnLibsWithTags: ['type:contracts', 'type:messaging', 'type:platform'] },
];
// Spec files may also use the test harness, those of apps and tools the service harness too; nothing else may.
const serviceTestingUsers = new Set(['type:app', 'type:tool']);
const specConstraints = productionConstraints.map((c) => ({
  ...c,
  onlyDependOnLibsWithTags: [
    ...new Set([
      ...c.onlyDependOnLibsWithTags,
      'type:testing',
      ...(serviceTestingUsers.has(c.sourceTag) ? ['type:service-testing'] : []),
    ]),
  ],
}));
const boundaries = (depConstraints) => ({ enforceBuildableLibDependency: false, allow: [], depConstraints });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.surge/**', '**/generated/prisma/**', 'coverage/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(productionConstraints)],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-imports': ['error', { ...kafkaImports, paths: [...kafkaImports.paths, ...testingImports] }],
    },
  },
  {
    // Nest injects by the emitted constructor parameter types: a type-only
    // import would erase the token, so this rule stays off where DI lives.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // The benchmark measures raw kafkajs (its ceiling) and reads the topics as an outside client would;
    // libs/local-infra asks the broker it started whether it is ready.
    files: [
      'libs/messaging/**/*.ts',
      'libs/local-infra/**/*.ts',
      'libs/testing/**/*.ts',
      'libs/service-testing/**/*.ts',
      'tools/bench/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: testingImports }] },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.image-spec.ts',
      'libs/testing/**/*.ts',
      'libs/service-testing/**/*.ts',
      'apps/saga-e2e/**/*.ts',
      'apps/fault-suite/**/*.ts',
    ],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'then.*', '*.eventually*'] }],
      'no-restricted-imports': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries(specConstraints)],
    },
  },
  {
    // The harnesses are libraries of test helpers: they export by design.
    files: ['libs/testing/**/*.ts', 'libs/service-testing/**/*.ts'],
    rules: { 'jest/no-export': 'off' },
  },
  {
    // Prisma's CLI loads these configs on its own (no path aliases there).
    files: ['apps/*/prisma.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
