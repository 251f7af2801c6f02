// Lighthouse-style load numbers of the web app on a running local stack, in headless Chromium:
// first contentful paint, an approximation of time to interactive, and the JavaScript transferred.
// Every load uses a new browser context, so the HTTP cache is cold each time.
//
//   E2E_BASE_URL=http://127.0.0.1:8000 node e2e/perf.mjs     (scripts/e2e --perf starts a stack)
//
// Profiles: unthrottled, and CPU 4x slower + Fast 3G; the local runner gzips the app's files as
// CloudFront does in production.
//
// Environment: PERF_RUNS (loads per page, default 10), PERF_THROTTLED_RUNS (default 5; 0 skips the
// throttled profile), PERF_JSON (also write the raw numbers there), E2E_CHROMIUM.
//
// Time to interactive, approximated: the page's main control (below, per page) is in the DOM, laid
// out and enabled, with its data, and the first contentful paint has happened; from that moment
// on, TTI is pushed to the end of any long task (> 50 ms, PerformanceObserver 'longtask') that
// starts before the main thread has been quiet for QUIET_MS. Lighthouse waits for a 5 s quiet window and network quiet; the app's polling makes
// network quiet meaningless here, and 1 s without a long task is already well beyond any input delay.
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunch as launch } from './chromium.mjs';

const base = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000';
const runs = Number(process.env.PERF_RUNS ?? 10);
const throttledRuns = Number(process.env.PERF_THROTTLED_RUNS ?? 5);
const QUIET_MS = 1000;

// Chrome DevTools' "Fast 3G" preset, and a 4x slower CPU (Lighthouse's mobile default).
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 / 8) * 0.9, uploadThroughput: (750 * 1024 / 8) * 0.9 };
const CPU_SLOWDOWN = 4;

async function api(path, { token, ...init } = {}) {
  const headers = { ...(init.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`${base}${path}`, { ...init, headers });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function until(what, check, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A user with synced lists and one search with results, paused so the scheduler leaves it alone. */
async function prepareUser() {
  const email = `perf-${Date.now().toString(36)}@example.com`;
  const password = 'perf-password-1';
  const json = { 'content-type': 'application/json' };
  await api('/api/v1/auth/register', { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  const tokens = await api('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: email, password }).toString(),
  });
  const token = tokens.access_token;
  await api('/api/v1/collections/sync', { method: 'POST', token });
  await until('the sync', async () => (await api('/api/v1/collections/wantlist/status', { token })).sync_status === 'succeeded');
  const search = await api('/api/v1/searches', {
    method: 'POST',
    token,
    headers: json,
    body: JSON.stringify({ name: 'Blue records', query: 'blue', platform: 'both' }),
  });
  await api(`/api/v1/searches/${search.id}`, { method: 'PUT', token, headers: json, body: JSON.stringify({ is_active: false }) });
  await api(`/api/v1/searches/${search.id}/run`, { method: 'POST', token });
  await until('the run', async () => (await api(`/api/v1/searches/${search.id}/runs/latest`, { token })).status === 'completed');
  return { tokens, searchId: search.id };
}

/** Installed before any page script: long-task and paint records, and when `selector` is ready. */
function instrument({ selector, session }) {
  if (session) {
    // A returning visitor in this tab (SPEC §4.1 storage): no login round trip.
    sessionStorage.setItem('access_token', session.access);
    localStorage.setItem('refresh_token', JSON.stringify({ token: session.refresh, expiry: Date.now() + 86_400_000 }));
  }
  const perf = { longTasks: [], ready: null };
  window.__perf = perf;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) perf.longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const isReady = () => {
    const el = document.querySelector(selector);
    return !!el && !el.disabled && el.getClientRects().length > 0;
  };
  const watcher = new MutationObserver(() => {
    if (perf.ready === null && isReady()) {
      perf.ready = performance.now();
      watcher.disconnect();
    }
  });
  watcher.observe(document, { childList: true, subtree: true, attributes: true });
}

/** TTI from FCP, the ready moment and the long tasks (see the header comment). */
function timeToInteractive(fcp, ready, longTasks) {
  let t = Math.max(fcp, ready);
  for (const [start, end] of [...longTasks].sort((a, b) => a[0] - b[0])) {
    if (start < t + QUIET_MS && end > t) t = end;
  }
  return t;
}

async function load(browser, origin, page, throttled) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrument, { selector: page.ready, session: page.session ?? null });
  const tab = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  }
  await tab.goto(`${origin}${page.path}`, { waitUntil: 'load', timeout: 60_000 });
  await tab.waitForFunction(() => window.__perf.ready !== null, undefined, { timeout: 60_000 });
  // Wait out the quiet window after the (possibly pushed back) TTI candidate.
  for (;;) {
    const { fcp, ready, longTasks, now } = await tab.evaluate(() => ({
      ...window.__perf,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
      now: performance.now(),
    }));
    const tti = timeToInteractive(fcp, ready, longTasks);
    if (now >= tti + QUIET_MS) break;
    await tab.waitForTimeout(tti + QUIET_MS - now);
  }
  const sample = await tab.evaluate(() => {
    const { ready, longTasks } = window.__perf;
    const js = performance.getEntriesByType('resource').filter((r) => new URL(r.name).pathname.endsWith('.js'));
    return {
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      ready,
      longTasks,
      jsTransferred: js.reduce((n, r) => n + r.transferSize, 0),
      jsDecoded: js.reduce((n, r) => n + r.decodedBodySize, 0),
      jsFiles: js.length,
    };
  });
  sample.tti = timeToInteractive(sample.fcp, sample.ready, sample.longTasks);
  sample.longTasks = sample.longTasks.length;
  await context.close();
  return sample;
}

const median = (xs) => percentile(xs, 50);
/** Nearest rank: with 10 samples, p95 is the slowest one. */
function percentile(xs, p) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const health = await api('/health');
  if (health.marketplace !== 'sandbox') throw new Error(`${base} is not the sandbox stack: ${JSON.stringify(health)}`);
  const { tokens, searchId } = await prepareUser();
  const session = { access: tokens.access_token, refresh: tokens.refresh_token };
  const pages = [
    { name: 'login (signed out)', path: '/login', ready: 'form button[type=submit]' },
    { name: 'dashboard (signed in)', path: '/dashboard', ready: '.recent-list a', session },
    { name: 'search results (signed in)', path: `/searches/${searchId}`, ready: 'article.result a', session },
  ];
  const browser = await chromium.launch({ ...launch, headless: true });
  const report = { base, chromium: browser.version(), runs, throttledRuns, quietMs: QUIET_MS, profiles: {} };
  const profiles = [
    { name: 'unthrottled, local runner', origin: base, count: runs, throttled: false },
    { name: `CPU ${CPU_SLOWDOWN}x slower + Fast 3G, local runner`, origin: base, count: throttledRuns, throttled: true },
  ];
  try {
    for (const { name, origin, count, throttled } of profiles) {
      if (count <= 0) continue;
      await load(browser, origin, pages[0], throttled); // warm-up (browser processes, server caches); discarded
      report.profiles[name] = {};
      console.log(`\n${name}: ${count} cold loads per page (median / p95)`);
      console.log('| page | FCP ms | TTI ms | long tasks | JS transferred KB | JS files |');
      console.log('|---|---|---|---|---|---|');
      for (const page of pages) {
        const samples = [];
        for (let i = 0; i < count; i++) samples.push(await load(browser, origin, page, throttled));
        report.profiles[name][page.name] = samples;
        const col = (key, scale = 1, digits = 0) =>
          `${(median(samples.map((s) => s[key])) / scale).toFixed(digits)} / ${(percentile(samples.map((s) => s[key]), 95) / scale).toFixed(digits)}`;
        console.log(`| ${page.name} | ${col('fcp')} | ${col('tti')} | ${col('longTasks')} | ${col('jsTransferred', 1024, 1)} | ${col('jsFiles')} |`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`\nChromium ${report.chromium}, ${base}`);
  if (process.env.PERF_JSON) writeFileSync(process.env.PERF_JSON, JSON.stringify(report, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
