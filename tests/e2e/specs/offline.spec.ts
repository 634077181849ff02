// Offline first: after one visit the app starts and works with no network at all, tells
// how fresh its data is, keeps what a person sends until the server is back, and offers
// a new version instead of swapping code under their feet.
import { test, expect, chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../support/browser';
import { adminToken, dispose, distWithNewBuild, pageOn, startServer, type OwnServer } from '../support/server';
import { expectPage } from '../support/pages';
import { screenshot } from '../support/screens';

/** Visits `path` online and waits until the service worker controls the page. */
async function visitOnline(page: Page, path: string) {
  await page.goto(path);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function feedbackCount(server: OwnServer, comment: string): Promise<number> {
  const response = await fetch(`${server.url}/api/admin/feedback`, {
    headers: { Authorization: `Bearer ${adminToken()}`, Accept: 'application/json' },
  });
  expect(response.status).toBe(200);
  const answers = (await response.json()) as { comment?: string }[];
  return answers.filter((a) => a.comment === comment).length;
}

test.describe('sans réseau', () => {
  let server: OwnServer;
  test.beforeEach(async () => {
    server = await startServer();
  });
  test.afterEach(async () => {
    await dispose(server);
  });

  test('après une visite, toutes les pages s’ouvrent serveur arrêté, depuis le service worker', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await visitOnline(page, '/');
    await expectPage(page, 'Agir ensemble');

    await server.stop();

    const pages: [string, string | RegExp, string][] = [
      ['/', 'Agir ensemble', 'Mardi 8 octobre 2013'],
      ['/programme', 'Programme', 'Repenser la solidarité'],
      ['/programme/table-ronde-parcours', /Table ronde/, 'Martin Hirsch'],
      ['/village', /Plan du village/, 'Plan'],
      ['/village/restos-du-coeur', /Plan du village|Restos du cœur/, 'Plan'],
    ];
    for (const [path, heading, text] of pages) {
      const response = await page.goto(path);
      expect(response, path).not.toBeNull();
      expect(response!.fromServiceWorker(), `${path} vient du service worker`).toBe(true);
      await expectPage(page, heading);
      await expect(page.getByText(text).first()).toBeVisible();
    }
    // The whole shell came from the worker too.
    const assets = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => (e as PerformanceResourceTiming).name),
    );
    expect(assets.some((a) => a.endsWith('.wasm'))).toBe(true);

    // And the app says it is working from a copy, and from when.
    await page.goto('/programme');
    await expect(page.getByText(/^⚠ ?Hors ligne : programme du \d+ [a-zé.]+ à \d+ h/)).toBeVisible();
    await screenshot(page, testInfo, 'hors-ligne');
    await page.context().close();
  });

  test('un avis donné sans réseau arrive une seule fois quand le serveur revient', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await visitOnline(page, '/avis');
    await expectPage(page, 'Votre avis');
    const comment = `Très bonne journée, merci (${testInfo.project.name})`;

    await server.stop();
    await page.getByText('Satisfait', { exact: true }).click();
    await page.getByLabel('Un commentaire ? (facultatif)').fill(comment);
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect(page.getByText('Merci pour votre avis !')).toBeVisible();
    await expect(page.getByText('Votre avis sera envoyé dès que possible')).toBeVisible();
    await screenshot(page, testInfo, 'avis-en-attente');

    // Kept on the phone across a reload while the server is still down.
    await page.reload();
    await expectPage(page, 'Votre avis');
    const stored = await page.evaluate(() => localStorage.getItem('agir.outbox.v1'));
    expect(stored).toContain(comment);

    await server.restart();
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('agir.outbox.v1')), { timeout: 45_000 })
      .toContain('"delivery":"sent"');
    expect(await feedbackCount(server, comment)).toBe(1);

    // Another flush, a reload, a second tab: still counted once.
    await page.reload();
    const second = await page.context().newPage();
    await second.goto('/avis');
    await expectPage(second, 'Votre avis');
    await page.waitForTimeout(1000);
    expect(await feedbackCount(server, comment)).toBe(1);
    await page.context().close();
  });

  test('l’avis envoyé en ligne est confirmé', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await page.goto('/avis');
    await expectPage(page, 'Votre avis');
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect(page.getByText("Choisissez une note de 1 à 5 avant d'envoyer.")).toBeVisible();
    await page.getByText('Très satisfait').click();
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect(page.getByText('Votre avis est envoyé.')).toBeVisible();
    await screenshot(page, testInfo, 'avis-envoye');
    await page.context().close();
  });

  test('le manifeste ne laisse aucune erreur d’installation', async ({}, testInfo) => {
    // A persistent profile: Chromium never offers to install from an incognito context.
    const profile = mkdtempSync(join(tmpdir(), 'agir-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: chromiumArgs,
      headless: true,
      baseURL: server.url,
      viewport: testInfo.project.use.viewport,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await visitOnline(page, '/');
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({ lang: 'fr', display: 'standalone', short_name: 'Agir ensemble', start_url: '/' });
    const purposes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
    expect(purposes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  test('une nouvelle version est proposée, puis remplace l’ancienne et son cache', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await visitOnline(page, '/programme');
    const before = await page.evaluate(() => caches.keys());
    const oldShell = before.filter((n) => n.startsWith('agir-shell-'));
    expect(oldShell).toHaveLength(1);

    const next = distWithNewBuild();
    await server.restart(next.dir);
    await page.reload();
    const offer = page.getByRole('button', { name: 'Nouvelle version : recharger' });
    await expect(offer).toBeVisible({ timeout: 20_000 });
    await screenshot(page, testInfo, 'nouvelle-version');

    await Promise.all([page.waitForEvent('load'), offer.click()]);
    await expectPage(page, 'Programme');
    await expect.poll(() => page.evaluate(() => caches.keys())).toContain(`agir-shell-${next.build}`);
    const after = await page.evaluate(() => caches.keys());
    expect(after).not.toContain(oldShell[0]);
    const running = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (e) => resolve(e.data.build);
          navigator.serviceWorker.controller!.postMessage({ type: 'BUILD' }, [channel.port2]);
        }),
    );
    expect(running).toBe(next.build);
    await expect(offer).toHaveCount(0);
    await page.context().close();
  });
});
