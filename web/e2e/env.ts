// Settings shared by the Playwright tests and the performance script (perf.mjs has its own copy of
// the launch flags, as plain Node cannot import TypeScript).
import path from 'node:path';

/** The local stack under test (scripts/e2e sets it to the runner it started). */
export const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000';

/** Screenshots, traces and failure artifacts; outside git (/target is ignored). */
export const artifactsDir = process.env.E2E_ARTIFACTS ?? path.resolve(import.meta.dirname, '../../target/e2e');

/**
 * Debian's chromium, never a downloaded browser. Without the background-networking flags Chromium
 * keeps dialling Google services, which this machine's closed network refuses.
 */
export const chromiumLaunch = {
  executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
