#!/usr/bin/env node
// Builds the app and checks the bundle budget: the JavaScript a browser must load before the first
// page renders (the entry chunk plus its static imports) must stay under 150 KB gzipped.
// Usage: npm run size            (build, then measure)
//        npm run size -- --no-build   (measure an existing dist/)
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1000; // "150 KB" gzipped, counted in decimal kilobytes (the stricter reading)
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

if (!process.argv.includes('--no-build')) {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('size: build failed');
    process.exit(r.status ?? 1);
  }
}

const manifestPath = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`size: ${manifestPath} not found (is build.manifest enabled?)`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

// Initial JS = every entry chunk and, transitively, its static imports (never dynamic imports).
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const initialJs = [...initial].filter((f) => f.endsWith('.js'));
const initialBytes = initialJs.reduce((sum, f) => sum + gz(f), 0);

const allJs = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const rows = allJs
  .map((f) => ({ file: `assets/${f}`, gzip: gz(`assets/${f}`) }))
  .sort((a, b) => b.gzip - a.gzip);
const totalBytes = rows.reduce((s, r) => s + r.gzip, 0);
const css = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.css'));
const cssBytes = css.reduce((s, f) => s + gz(`assets/${f}`), 0);

console.log('\nJavaScript chunks (gzipped):');
for (const r of rows) console.log(`  ${initial.has(r.file) ? '*' : ' '} ${kb(r.gzip).padStart(9)}  ${r.file}`);
console.log('  (* = loaded on first paint)\n');
console.log(`Initial JS: ${kb(initialBytes)} gzipped (budget ${kb(BUDGET_BYTES)})`);
console.log(`Total JS:   ${kb(totalBytes)} gzipped in ${rows.length} chunks`);
console.log(`CSS:        ${kb(cssBytes)} gzipped`);

if (rows.length < 2) {
  console.error('size: FAIL — expected route-level code splitting (more than one JS chunk)');
  process.exit(1);
}
if (initialBytes > BUDGET_BYTES) {
  console.error(`size: FAIL — initial JS ${kb(initialBytes)} exceeds ${kb(BUDGET_BYTES)}`);
  process.exit(1);
}
console.log('size: OK');
