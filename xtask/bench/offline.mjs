// Offline repeat visit: after one visit online, the server is stopped and the programme is
// opened again and again in the same browser context, everything coming from the service
// worker. Measures the time from navigation start to the first frame painted with programme
// rows (`.session-row`), without CPU throttling and with Lighthouse's 4x mobile slowdown.
// Starts its own backend (so that it can stop it).
//
//   node offline.mjs OUT.json RUNS
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, log, phone, round, rowsPainted, rowsPaintedProbe, startServer, throttleCpu, writeResult } from './lib.mjs';

const runs = Number(process.argv[3] || 7);

const server = await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const context = await browser.newContext({ ...phone, baseURL: server.url });
  await context.addInitScript(rowsPaintedProbe);

  // The one visit online: the worker installs its precache and takes control, then a
  // reload goes through it so that the programme is in its data cache too.
  const first = await context.newPage();
  await first.goto('/programme');
  await rowsPainted(first);
  await first.evaluate(() => navigator.serviceWorker.ready);
  await first.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await first.reload();
  await rowsPainted(first);
  await first.close();

  await server.stop();
  log('serveur arrêté : le service worker sert tout');

  const result = { runs, none: [], cpu4x: [] };
  for (const [key, rate] of [['none', 1], ['cpu4x', 4]]) {
    for (let i = 0; i < runs; i++) {
      // A new tab each time: the person opens the app again from the home screen.
      const page = await context.newPage();
      if (rate > 1) await throttleCpu(page, rate);
      const response = await page.goto('/programme');
      if (!response || !response.fromServiceWorker()) throw new Error('/programme ne vient pas du service worker');
      result[key].push(round(await rowsPainted(page)));
      await page.close();
    }
    log(`hors ligne, CPU ÷${rate} : ${result[key].join(', ')} ms`);
  }
  writeResult(result);
} finally {
  await browser.close();
  await server.dispose();
}
