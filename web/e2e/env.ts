// Settings of the Playwright tests; the Chromium launch options live in chromium.mjs, which the
// performance script (plain Node, no TypeScript) shares.
import path from 'node:path';

/** The local stack under test (scripts/e2e sets it to the runner it started). */
export const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000';

/** Screenshots, traces and failure artifacts; outside git (/target is ignored). */
export const artifactsDir = process.env.E2E_ARTIFACTS ?? path.resolve(import.meta.dirname, '../../target/e2e');

export { chromiumLaunch } from './chromium.mjs';
