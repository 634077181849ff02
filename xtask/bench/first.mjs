// First visit on a congested network: a stand's page (what a QR code at the venue opens) with
// the cache empty, the network throttled like DevTools' "Slow 4G" and the CPU slowed down 4x.
// Times from navigation start to the first frame painted with the stand's heading (the
// server's first HTML carries it) and to the app in charge of the page (the moment a visitor
// waited for before, when only the app drew the page). A new context per run.
//
//   node first.mjs OUT.json URL RUNS
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, log, phone, round, throttleCpu, writeResult } from './lib.mjs';

const [, , , url, runsArg] = process.argv;
const runs = Number(runsArg);
if (!url || !Number.isInteger(runs) || runs < 1) throw new Error('usage : node first.mjs SORTIE.json URL RUNS');

// Lighthouse's "Slow 4G" as DevTools applies it: 150 ms RTT × 3.75, 1.6 Mbit/s × 0.9.
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1638.4 * 0.9 * 1024) / 8,
  uploadThroughput: (750 * 0.9 * 1024) / 8,
};

/** Init script: the first frames painted with a stand's heading, then with the app in charge. */
function probe() {
  window.__first = { heading: null, app: null };
  const afterNextPaint = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  const seen = { heading: false, app: false };
  const check = () => {
    const heading = [...document.querySelectorAll('h2')].some((h) => h.textContent.startsWith('Stand '));
    if (heading && !seen.heading) {
      seen.heading = true;
      afterNextPaint((t) => (window.__first.heading = t));
    }
    const app = heading && document.body && !document.querySelector('main[data-server-rendered]') && document.querySelector('main');
    if (app && !seen.app) {
      seen.app = true;
      observer.disconnect();
      afterNextPaint((t) => (window.__first.app = t));
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-server-rendered'] });
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const result = { url, runs, network: SLOW_4G, cpu: 4, heading: [], app: [], html_bytes: [] };
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ ...phone, serviceWorkers: 'block' });
    await context.addInitScript(probe);
    const page = await context.newPage();
    const cdp = await throttleCpu(page, 4);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    const response = await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => window.__first.app !== null, null, { timeout: 120_000 });
    const times = await page.evaluate(() => window.__first);
    result.heading.push(round(times.heading));
    result.app.push(round(times.app));
    result.html_bytes.push((await response.body()).length);
    log(`premier affichage ${i + 1}/${runs} : titre ${Math.round(times.heading)} ms, application ${Math.round(times.app)} ms`);
    await context.close();
  }
  writeResult(result);
} finally {
  await browser.close();
}
