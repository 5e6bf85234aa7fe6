import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is static assets the gateway serves at `/`: everything bundled, nothing from a
// CDN at run time. Preact's JSX through esbuild's automatic runtime (no plugin needed).
export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // cytoscape alone is ~400 KB; one bundle served once and cached (immutable, hashed names) is fine.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    rollupOptions: {
      // zod's sources carry /* @__PURE__ */ notes rollup cannot place; harmless, and not ours to fix.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
