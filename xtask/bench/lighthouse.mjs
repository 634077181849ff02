// Lighthouse 12.2.3 in Debian's chromium with its mobile defaults (simulated Slow 4G and 4x
// CPU slowdown, Moto G Power screen): performance and accessibility scores, FCP, LCP, TBT,
// CLS and Speed Index of each URL, the host's speed as Lighthouse measures it (benchmarkIndex), several runs each, every run in a fresh browser profile
// (a first visit: no HTTP cache, no service worker). Medians are taken by `cargo xtask bench`.
//
//   node lighthouse.mjs OUT.json RUNS URL...
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumArgs, chromiumPath, log, writeResult } from './lib.mjs';

const [, , , runsArg, ...urls] = process.argv;
const runs = Number(runsArg);
if (!Number.isInteger(runs) || runs < 1 || urls.length === 0) {
  throw new Error('usage : node lighthouse.mjs SORTIE.json RUNS URL...');
}

async function once(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ['--headless=new', ...chromiumArgs],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${url} : ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id]?.numericValue ?? null;
    return {
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      fcp_ms: audit('first-contentful-paint'),
      lcp_ms: audit('largest-contentful-paint'),
      tbt_ms: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      speed_index_ms: audit('speed-index'),
      warnings: lhr.runWarnings,
      lighthouse: lhr.lighthouseVersion,
      user_agent: lhr.environment.hostUserAgent,
      benchmark_index: lhr.environment.benchmarkIndex,
      throttling: lhr.configSettings.throttling,
      failed_accessibility: Object.values(lhr.audits)
        .filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0))
        .filter((a) => a.score !== null && a.score < 1)
        .map((a) => a.id),
    };
  } finally {
    await chrome.kill();
  }
}

// Lighthouse sometimes fails to record its trace (NO_NAVSTART, NO_FCP) on a busy machine:
// such a run is done again, and says so, rather than sinking the whole bench.
const ATTEMPTS = 3;
async function measured(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await once(url)), attempt };
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      log(`nouvel essai (${error.message})`);
    }
  }
}

const result = {};
for (const url of urls) {
  result[url] = [];
  for (let i = 1; i <= runs; i++) {
    const started = Date.now();
    const run = await measured(url);
    result[url].push(run);
    log(
      `Lighthouse ${new URL(url).pathname} ${i}/${runs} : perf ${run.performance}, a11y ${run.accessibility}, ` +
        `FCP ${Math.round(run.fcp_ms)} ms, LCP ${Math.round(run.lcp_ms)} ms, TBT ${Math.round(run.tbt_ms)} ms, ` +
        `CLS ${run.cls.toFixed(3)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
}
writeResult(result);
