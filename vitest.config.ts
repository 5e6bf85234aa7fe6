import { defineConfig } from 'vitest/config';

// One vitest config for the whole workspace. `@pipe/source` makes workspace packages resolve to
// their TypeScript sources, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['@pipe/source'] },
  ssr: { resolve: { conditions: ['@pipe/source'], externalConditions: ['@pipe/source'] } },
  test: {
    include: ['{packages,services,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['./packages/test-infra/src/global-setup.ts'],
  },
});
