import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Copies Swagger UI's assets beside public/swagger/index.html, so the API's Lambda need not
 * carry them (docs/behaviour.md#endpoints). */
function swaggerUi(): Plugin {
  return {
    name: 'swagger-ui-assets',
    apply: 'build',
    writeBundle(options) {
      const from = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
      const to = join(options.dir ?? 'dist', 'swagger');
      mkdirSync(to, { recursive: true });
      for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) copyFileSync(join(from, file), join(to, file));
    },
  };
}

// The API runs on the local runner (./scripts/dev) at 127.0.0.1:8000; in production CloudFront
// routes /api/* to the HTTP API on the same origin, so the app only ever uses relative paths.
const apiTarget = process.env.VD_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react(), swaggerUi()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    // scripts/size.mjs reads the manifest to find the JavaScript loaded on first paint.
    manifest: true,
    sourcemap: false,
    target: 'es2022',
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // Room for the queries' five-second wait (src/test/setup.ts) on a loaded machine.
    testTimeout: 15000,
  },
});
