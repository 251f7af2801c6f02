// How the tests (env.ts) and the load measurements (perf.mjs) launch Chromium: Debian's build,
// never a downloaded browser. Without the background-networking flags Chromium keeps dialling
// Google services, which this machine's closed network refuses.
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
