// Scale in the browser: the 36C3 programme (1,351 events) served as the current edition,
// the page's CPU slowed down 4x through the DevTools protocol
// (Emulation.setCPUThrottlingRate), on a phone viewport:
//  - render: time from navigation start to the first frame painted with programme rows,
//    on a cold first visit (fresh context: no cache, no service worker), several runs;
//  - search: each query typed one key at a time in `#recherche`, then the box cleared. For
//    each keystroke, Chromium's Event Timing API gives the time from the key to the next
//    frame painted (its events' `duration`, in steps of 8 ms, reported from 16 ms up: below
//    that, the key was answered in the frame it came in) and the time the page's script
//    took for it (the input event's processing, the app's reactive updates included). The
//    same keys are then typed with the app's input handler switched off: what the browser
//    alone takes to show a letter in the box, the reference for "within a frame". Last, the
//    app's keys and the browser's alone once more with the CPU at full speed.
//
//   node scale.mjs OUT.json URL RUNS QUERY...
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, log, phone, round, rowsPainted, rowsPaintedProbe, throttleCpu, writeResult } from './lib.mjs';

const [, , , url, runsArg, ...queries] = process.argv;
const runs = Number(runsArg || 5);
const CPU_SLOWDOWN = 4;
// After each key, time for the list to settle (the rest of its page comes once typing
// pauses for 150 ms, the URL is written after 300 ms) and for the entries to arrive.
const SETTLE_MS = 700;

/** In-page: collects Event Timing entries from 16 ms (the lowest threshold allowed). */
function eventTimingProbe() {
  window.__events = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__events.push({ name: e.name, start: e.startTime, duration: e.duration, script: e.processingEnd - e.processingStart });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
}

/** In-page: stops the app from seeing the search box's input (the reference run). */
function switchOffApp() {
  window.addEventListener('input', (e) => e.stopImmediatePropagation(), true);
}

/**
 * Presses `key` and returns `{ paint_ms, script_ms }`: from the key to the next frame
 * (null: under 16 ms, so within the frame) and the script time of its input event.
 */
async function keystroke(page, key) {
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press(key);
  await page.waitForTimeout(SETTLE_MS);
  const events = await page.evaluate((t0) => window.__events.filter((e) => e.start >= t0 && e.name !== 'keyup'), t0);
  const input = events.find((e) => e.name === 'input');
  return {
    paint_ms: events.length ? Math.max(...events.map((e) => e.duration)) : null,
    script_ms: input ? round(input.script) : null,
  };
}

const shown_ms = (v) => (v === null ? '<16' : `${v}`);

/** Types every query then clears the box; returns one record per query. */
async function typeQueries(page) {
  const records = [];
  for (const query of queries) {
    const keys = [];
    for (const ch of query) keys.push({ key: ch, ...(await keystroke(page, ch)) });
    const found = await shownState(page);
    await page.keyboard.press('Control+A');
    const clear = await keystroke(page, 'Backspace');
    records.push({ query, keys, clear, found });
  }
  return records;
}

async function searchPage(app, slowdown = CPU_SLOWDOWN) {
  const context = await browser.newContext({ ...phone, baseURL: url });
  const page = await context.newPage();
  await throttleCpu(page, slowdown);
  await page.goto('/programme');
  await page.waitForSelector('.session-row');
  await page.evaluate(eventTimingProbe);
  if (!app) await page.evaluate(switchOffApp);
  await page.focus('#recherche');
  return { context, page };
}

const shownState = (page) =>
  page.evaluate(() => ({
    rows: document.querySelectorAll('.session-row:not([hidden])').length,
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

  const app = await searchPage(true);
  result.search = await typeQueries(app.page);
  for (const { query, keys, clear, found } of result.search) {
    log(
      `recherche « ${query} » : ${keys.map((k) => `${k.key} ${shown_ms(k.paint_ms)}/${k.script_ms ?? 0}`).join(', ')} ms ` +
        `(image suivante / script) ; effacer ${shown_ms(clear.paint_ms)}/${clear.script_ms ?? 0} ms (${found.count})`,
    );
  }
  await app.context.close();

  const browserOnly = await searchPage(false);
  result.browser_only = await typeQueries(browserOnly.page);
  log(
    `navigateur seul : ${result.browser_only.flatMap((q) => [...q.keys, q.clear]).map((k) => shown_ms(k.paint_ms)).join(', ')} ms`,
  );
  await browserOnly.context.close();

  const unthrottled = await searchPage(true, 1);
  result.search_unthrottled = await typeQueries(unthrottled.page);
  log(
    `recherche sans ralentir le processeur : ${result.search_unthrottled.flatMap((q) => [...q.keys, q.clear]).map((k) => shown_ms(k.paint_ms)).join(', ')} ms`,
  );
  await unthrottled.context.close();
  const browserAlone = await searchPage(false, 1);
  result.browser_only_unthrottled = await typeQueries(browserAlone.page);
  await browserAlone.context.close();
  writeResult(result);
} finally {
  await browser.close();
}
