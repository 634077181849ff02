// Shared pieces of the browser measurements: how we launch Debian's chromium (never a
// downloaded browser), a backend of our own when a script must stop it, the in-page probe
// that timestamps "rows painted", and writing the result for `cargo xtask bench`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as readline from 'node:readline';

// The same browser, with the same flags, as the end-to-end tests.
const chromium = JSON.parse(readFileSync(new URL('../../tests/e2e/support/chromium.json', import.meta.url), 'utf8'));
export const chromiumPath = process.env.CHROME_PATH || chromium.path;
export const chromiumArgs = chromium.args;

/** A phone like the e2e "phone" project: what most visitors hold. */
export const phone = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
};

export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} manque : lancez les mesures avec \`cargo xtask bench\`.`);
  return value;
}

/** Progress on stderr, so a long run never looks stuck. */
export function log(message) {
  process.stderr.write(`    ${message}\n`);
}

/** Writes the result where `cargo xtask bench` reads it (first argument of the script). */
export function writeResult(value) {
  const out = process.argv[2];
  if (!out) throw new Error('usage : node script.mjs SORTIE.json …');
  writeFileSync(out, JSON.stringify(value, null, 2));
}

/**
 * Starts `agir-server serve` (the release binary the bench built) on a free port with its own
 * SQLite file seeded from the demo edition. For scripts that need to stop the server.
 */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'agir-bench-'));
  const child = spawn(
    env('AGIR_SERVER_BIN'),
    ['serve', '--addr', '127.0.0.1:0', '--db', join(dir, 'agir.db'), '--dist', env('AGIR_DIST'), '--seed', env('AGIR_SEED')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGIR_LOG: 'warn' } },
  );
  // The log still reaches the terminal; its last lines also explain a failed start.
  const log = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    process.stderr.write(`${line}\n`);
    log.push(line);
    if (log.length > 30) log.shift();
  });
  const url = await new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\ndernières lignes du serveur :\n${log.join('\n')}`));
    };
    const timer = setTimeout(() => fail('le serveur n’a pas annoncé son adresse en 30 s'), 30_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const at = line.indexOf('http://');
      if (at >= 0 && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(line.slice(at).trim().replace(/\/$/, ''));
      }
    });
    child.on('exit', (code, signal) => fail(`le serveur s’est arrêté au démarrage (code ${code ?? signal})`));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
    async dispose() {
      await this.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Init script: records in `window.__bench.rowsPainted` the time (ms since navigation start)
 * of the first frame after the first programme row entered the DOM. requestAnimationFrame
 * runs just before that frame is painted; a message posted from it is handled just after.
 */
export function rowsPaintedProbe() {
  window.__bench = { rowsPainted: null };
  const afterNextPaint = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  const observer = new MutationObserver(() => {
    if (document.querySelector('.session-row')) {
      observer.disconnect();
      afterNextPaint((t) => (window.__bench.rowsPainted = t));
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Waits for the probe above and returns its time in ms. */
export async function rowsPainted(page, timeout = 60_000) {
  await page.waitForFunction(() => window.__bench && window.__bench.rowsPainted !== null, null, { timeout });
  return page.evaluate(() => window.__bench.rowsPainted);
}

/** Slows the page's main thread down like a mid-range phone (Lighthouse's mobile 4x). */
export async function throttleCpu(page, rate) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return cdp;
}

export const round = (ms) => Math.round(ms * 10) / 10;
