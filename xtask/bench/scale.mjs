// Scale in the browser: the 36C3 programme (1,351 events) served as the current edition,
// the page's CPU slowed down 4x through the DevTools protocol
// (Emulation.setCPUThrottlingRate), on a phone viewport:
//  - render: time from navigation start to the first frame painted with programme rows,
//    on a cold first visit (fresh context: no cache, no service worker), several runs;
//  - search: for each query, typed one key at a time in `#recherche`, the time from the
//    keystroke (the keydown event's timestamp) to the first frame painted after the last DOM
//    change it caused, then the same for clearing the box.
//
//   node scale.mjs OUT.json URL RUNS QUERY...
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, log, phone, round, rowsPainted, rowsPaintedProbe, throttleCpu, writeResult } from './lib.mjs';

const [, , , url, runsArg, ...queries] = process.argv;
const runs = Number(runsArg || 5);
const CPU_SLOWDOWN = 4;
// A keystroke is done once nothing changed in the page for this long.
const QUIET_MS = 500;

/**
 * In-page probe for keystrokes: `__keys.t0` is the keydown's timestamp, `__keys.painted` the
 * first frame after the latest input event or DOM change, `__keys.last` the latest activity.
 */
function keystrokeProbe() {
  const keys = { t0: null, painted: null, last: performance.now(), mutations: 0 };
  window.__keys = keys;
  const afterNextPaint = () => {
    keys.last = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        keys.painted = performance.now();
        keys.last = keys.painted;
      };
      channel.port2.postMessage(null);
    });
  };
  document.addEventListener(
    'keydown',
    (event) => {
      keys.t0 = event.timeStamp;
      keys.painted = null;
      keys.mutations = 0;
    },
    true,
  );
  document.addEventListener('input', afterNextPaint, true);
  new MutationObserver((records) => {
    keys.mutations += records.length;
    afterNextPaint();
  }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
}

/** Presses `key` and returns { ms, mutations } once the page is quiet again. */
async function keystroke(page, key) {
  await page.keyboard.press(key);
  await page.waitForFunction(
    (quiet) => window.__keys.painted !== null && performance.now() - window.__keys.last > quiet,
    QUIET_MS,
    { polling: 100, timeout: 30_000 },
  );
  const { t0, painted, mutations } = await page.evaluate(() => window.__keys);
  return { ms: round(painted - t0), mutations };
}

const shownState = (page) =>
  page.evaluate(() => ({
    rows: document.querySelectorAll('.session-row').length,
    count: document.querySelector('.result-count')?.textContent ?? '',
  }));

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const result = { url, cpu_slowdown: CPU_SLOWDOWN, render: [], search: [] };

  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ ...phone, baseURL: url });
    await context.addInitScript(rowsPaintedProbe);
    const page = await context.newPage();
    await throttleCpu(page, CPU_SLOWDOWN);
    await page.goto('/programme');
    const ms = await rowsPainted(page);
    const timing = await page.evaluate(() => {
      const end = (suffix) => performance.getEntriesByType('resource').find((e) => e.name.endsWith(suffix))?.responseEnd ?? null;
      return { wasm_loaded_ms: end('.wasm'), edition_loaded_ms: end('/api/edition') };
    });
    const shown = await shownState(page);
    result.render.push({ ms: round(ms), ...timing, ...shown });
    log(`36C3 /programme ${i + 1}/${runs} : lignes peintes à ${round(ms)} ms (${shown.rows} lignes ; ${shown.count})`);
    await context.close();
  }

  const context = await browser.newContext({ ...phone, baseURL: url });
  const page = await context.newPage();
  await throttleCpu(page, CPU_SLOWDOWN);
  await page.goto('/programme');
  await page.waitForSelector('.session-row');
  await page.evaluate(keystrokeProbe);
  await page.focus('#recherche');
  for (const query of queries) {
    const keys = [];
    for (const ch of query) keys.push({ key: ch, ...(await keystroke(page, ch)) });
    const found = await shownState(page);
    await page.keyboard.press('Control+A');
    const cleared = await keystroke(page, 'Backspace');
    result.search.push({ query, keys, found, clear_ms: cleared.ms });
    log(
      `recherche « ${query} » : ${keys.map((k) => `${k.key} ${k.ms}`).join(', ')} ms ; ` +
        `effacer ${cleared.ms} ms (${found.count})`,
    );
  }
  await context.close();
  writeResult(result);
} finally {
  await browser.close();
}
