import { rmSync } from 'node:fs';
import { artifactsDir, baseURL } from './env';

/** Starts every run with an empty screenshot folder and fails fast unless the sandbox stack answers. */
export default async function globalSetup() {
  rmSync(`${artifactsDir}/screenshots`, { recursive: true, force: true });
  let health: unknown;
  try {
    health = await (await fetch(`${baseURL}/health`)).json();
  } catch (e) {
    throw new Error(`no VinylDigger stack at ${baseURL} (start one with ./scripts/e2e or ./scripts/dev): ${String(e)}`);
  }
  // The journey's assertions rely on the sandbox marketplace's fixtures, never on real marketplaces.
  if ((health as { marketplace?: string }).marketplace !== 'sandbox') {
    throw new Error(`${baseURL}/health is ${JSON.stringify(health)}; the E2E tests need the sandbox marketplace`);
  }
}
