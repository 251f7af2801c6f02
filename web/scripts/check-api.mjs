#!/usr/bin/env node
// Fails when src/api/schema.d.ts is not what `npm run gen:api` makes of src/api/openapi.json, so the
// app's API types cannot drift from the committed document (which the API's own test keeps equal to
// the document it serves). Generates into a temporary file and compares.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src', 'api', 'schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'vinyldigger-api-'));
const fresh = join(dir, 'schema.d.ts');

try {
  const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  const gen = spawnSync(process.execPath, [cli, 'src/api/openapi.json', '-o', fresh], { cwd: root, encoding: 'utf8' });
  if (gen.status !== 0) {
    process.stderr.write(gen.stdout + gen.stderr);
    console.error('check:api: openapi-typescript failed on src/api/openapi.json');
    process.exit(1);
  }
  const want = readFileSync(fresh, 'utf8').split('\n');
  let have;
  try {
    have = readFileSync(committed, 'utf8').split('\n');
  } catch {
    have = [];
  }
  const line = want.findIndex((text, i) => text !== have[i]);
  if (line !== -1 || have.length !== want.length) {
    const at = line === -1 ? Math.min(have.length, want.length) : line;
    console.error(
      `check:api: src/api/schema.d.ts is out of date with src/api/openapi.json (first difference at line ${at + 1}:\n` +
        `  committed: ${have[at] ?? '(end of file)'}\n  generated: ${want[at] ?? '(end of file)'})\n` +
        'Run `npm run gen:api` and commit the result.',
    );
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
