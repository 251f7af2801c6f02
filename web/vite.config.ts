import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The API runs on the local runner (./scripts/dev) at 127.0.0.1:8000; in production CloudFront
// routes /api/* to the HTTP API on the same origin, so the app only ever uses relative paths.
const apiTarget = process.env.VD_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
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
  },
});
