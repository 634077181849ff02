// A backend of our own for the specs that need one: changed data, a stopped server.
import type { Browser, Page, TestInfo } from '@playwright/test';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as readline from 'node:readline';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} manque : lancez les tests avec \`cargo xtask test\`.`);
  return value;
}

export const adminToken = () => env('AGIR_ADMIN_TOKEN');

export interface OwnServer {
  url: string;
  dir: string;
  process: ChildProcess;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts again on the same port and database (optionally with another build). */
  restart(dist?: string): Promise<void>;
}

/** A copy of the demo data in a fresh directory, changed by `edit` (the 2013 document). */
export function seedCopy(edit: (doc: any) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'agir-seed-'));
  cpSync(env('AGIR_SEED'), dir, { recursive: true });
  const file = join(dir, '2013.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return dir;
}

/**
 * How long a server may take to announce its address. It starts in about a second (the
 * build compressed the app beforehand), but two browsers and a build can share these two
 * cores; the bound stays under the 60-second test timeout so its own message is the one seen.
 */
const START_TIMEOUT_MS = 30_000;
/** Lines of the server's log quoted when it does not start. */
const LOG_LINES_KEPT = 30;

function spawnServer(addr: string, db: string, seed: string, extraEnv: Record<string, string>, dist: string) {
  const child = spawn(
    env('AGIR_SERVER_BIN'),
    ['serve', '--addr', addr, '--db', db, '--dist', dist, '--seed', seed],
    { env: { ...process.env, AGIR_ADMIN_TOKEN: adminToken(), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // The log still reaches the terminal; its last lines also explain a failed start.
  const log: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    process.stderr.write(`${line}\n`);
    log.push(line);
    if (log.length > LOG_LINES_KEPT) log.shift();
  });
  return new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      const tail = log.length ? `\ndernières lignes du serveur :\n${log.join('\n')}` : '\n(le serveur n’a rien écrit)';
      reject(new Error(`${why}${tail}`));
    };
    const timer = setTimeout(
      () => fail(`le serveur n’a pas annoncé son adresse en ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const at = line.indexOf('http://');
      if (at >= 0 && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, url: line.slice(at).trim().replace(/\/$/, '') });
      }
    });
    child.on('exit', (code, signal) => fail(`le serveur s’est arrêté au démarrage (code ${code ?? signal})`));
  });
}

/** Starts a backend on a free port with its own SQLite file, seeded from `seed`. */
export async function startServer(
  seed = env('AGIR_SEED'),
  extraEnv: Record<string, string> = {},
  dist = env('AGIR_DIST'),
  prepare: (db: string) => void = () => {},
): Promise<OwnServer> {
  const dir = mkdtempSync(join(tmpdir(), 'agir-db-'));
  const db = join(dir, 'agir.db');
  prepare(db);
  const { child, url } = await spawnServer('127.0.0.1:0', db, seed, extraEnv, dist);
  const server: OwnServer = {
    url,
    dir,
    process: child,
    async stop() {
      if (server.process.exitCode !== null || server.process.signalCode !== null) return;
      const exited = new Promise((r) => server.process.once('exit', r));
      server.process.kill('SIGTERM');
      await exited;
    },
    async restart(newDist = dist) {
      await server.stop();
      const addr = new URL(server.url).host;
      const started = await spawnServer(addr, db, seed, extraEnv, newDist);
      server.process = started.child;
    },
  };
  return server;
}

export async function dispose(server: OwnServer) {
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}

/**
 * A page on `server` with the current project's device (viewport, touch, locale, zone);
 * `javaScriptEnabled: false` to read the page the server sends as it is.
 */
export async function pageOn(
  browser: Browser,
  server: { url: string },
  testInfo: TestInfo,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const use = testInfo.project.use;
  const context = await browser.newContext({
    ...options,
    baseURL: server.url,
    viewport: use.viewport,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
    deviceScaleFactor: use.deviceScaleFactor,
    userAgent: use.userAgent,
    locale: use.locale,
    timezoneId: use.timezoneId,
    colorScheme: use.colorScheme,
  });
  return context.newPage();
}

/** A copy of the built app whose service worker claims another build id. */
export function distWithNewBuild(): { dir: string; build: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agir-dist-'));
  cpSync(env('AGIR_DIST'), dir, { recursive: true });
  const file = join(dir, 'sw.js');
  const sw = readFileSync(file, 'utf8');
  const match = sw.match(/const BUILD = '([0-9a-z-]+)';/);
  if (!match) throw new Error('sw.js sans identifiant de version');
  const build = `${match[1]}-nouvelle`;
  writeFileSync(file, sw.replace(match[0], `const BUILD = '${build}';`));
  return { dir, build };
}

/** Organizers' edit of one session through the admin API, as the app's backend takes it. */
export async function patchSession(server: { url: string }, id: string, body: Record<string, string>) {
  const current = await fetch(`${server.url}/api/edition`);
  const etag = current.headers.get('etag');
  if (!etag) throw new Error('pas d’ETag sur /api/edition');
  const response = await fetch(`${server.url}/api/admin/sessions/${id}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${adminToken()}`, 'If-Match': etag, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PATCH ${id} : ${response.status} ${await response.text()}`);
  return response.json();
}

/** A backend whose current edition is a published programme imported with the CLI. */
export async function startServerWithImport(file: string, slug: string): Promise<OwnServer> {
  return startServer(env('AGIR_SEED'), { AGIR_CURRENT: slug }, env('AGIR_DIST'), (db) => {
    const run = spawnSync(env('AGIR_SERVER_BIN'), ['import', file, '--edition', slug, '--db', db], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`import refusé : ${run.stdout}${run.stderr}`);
  });
}
