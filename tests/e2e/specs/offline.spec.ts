// Offline first: after one visit the app starts and works with no network at all, tells
// how fresh its data is, keeps what a person sends until the server is back, and offers
// a new version instead of swapping code under their feet.
import { test, expect, chromium, type Page, type Response } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../support/browser';
import { adminToken, dispose, distWithNewBuild, pageOn, patchSession, startServer, type OwnServer } from '../support/server';
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
    // Nothing left in the browser's HTTP cache: the service worker is the only source.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const shell: Response[] = [];
    page.on('response', (r) => {
      if (/\.(wasm|js|css)$/.test(new URL(r.url()).pathname)) shell.push(r);
    });

    const pages: [string, string | RegExp, string][] = [
      ['/', 'Agir ensemble', 'Mardi 8 octobre 2013'],
      ['/programme', 'Programme', 'Repenser la solidarité'],
      ['/programme/table-ronde-parcours', /Table ronde/, 'Martin Hirsch'],
      ['/village', /Plan du village/, 'Stand 5'],
      ['/village/restos-du-coeur', /Plan du village/, 'Stand 5 : Les Restos du cœur'],
    ];
    for (const [path, heading, text] of pages) {
      const response = await page.goto(path);
      expect(response, path).not.toBeNull();
      expect(response!.fromServiceWorker(), `${path} vient du service worker`).toBe(true);
      await expectPage(page, heading);
      await expect(page.getByText(text).first()).toBeVisible();
    }
    // The stand's deep link opened its sheet.
    await expect(page.getByRole('heading', { level: 2, name: /Stand 5 : Les Restos du cœur/ })).toBeVisible();
    // The whole shell came from the worker too.
    expect(shell.some((r) => r.url().endsWith('.wasm'))).toBe(true);
    for (const r of shell) expect(r.fromServiceWorker(), `${r.url()} vient du service worker`).toBe(true);

    // A session bookmarked offline is kept.
    await page.goto('/programme/table-ronde-parcours');
    const toggle = page.getByRole('button', { name: /^Ajouter à mon programme : « Table ronde/ });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await page.reload();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await page.goto('/mon-programme');
    await expectPage(page, 'Mon programme');
    await expect(page.locator('.agenda-item')).toHaveCount(1);
    await expect(page.locator('.agenda-item')).toContainText('Table ronde');

    // And the app says it is working from a copy, and from when.
    await page.goto('/programme');
    await expect(page.getByText(/^⚠ ?Hors ligne\s:\sprogramme du \d+\s[a-zé.]+ à \d+\sh/)).toBeVisible();
    await screenshot(page, testInfo, 'hors-ligne');
    await page.context().close();
  });

  test('une vérification sans changement (304) note l’heure sans réécrire la copie du programme', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    // Counts the app's writes of its copy of the programme into the Cache Storage API.
    await page.addInitScript(() => {
      const w = window as any;
      w.__copyWrites = 0;
      const put = Cache.prototype.put;
      Cache.prototype.put = function (request: RequestInfo | URL, response: Response) {
        if (String(request instanceof Request ? request.url : request).endsWith('/api/edition')) w.__copyWrites++;
        return put.call(this, request, response);
      };
    });
    await visitOnline(page, '/programme');
    await expectPage(page, 'Programme');
    await page.waitForFunction(() => (window as any).__copyWrites === 1);
    const before = await page.evaluate(() => localStorage.getItem('agir.copy.confirmed.v1'));

    // The app asks again (as it does every 3 minutes): the programme has not changed.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForFunction((b) => localStorage.getItem('agir.copy.confirmed.v1') !== b, before);
    expect(await page.evaluate(() => (window as any).__copyWrites)).toBe(1);
    const confirmed = await page.evaluate(() => localStorage.getItem('agir.copy.confirmed.v1'));
    expect(confirmed).toMatch(/^\d{13} "2013-1"$/);

    // Offline, the app says when the server last confirmed its copy.
    await server.stop();
    await page.reload();
    await expect(page.getByText(/^⚠ ?Hors ligne\s:\sprogramme du \d+\s[a-zé.]+ à \d+\sh/)).toBeVisible();
    await page.context().close();
  });

  test('un serveur en difficulté laisse place à la dernière bonne copie', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await visitOnline(page, '/');
    // A past edition: the app keeps no copy of its own, only the service worker does.
    await page.goto('/archives/2013');
    await expect(page.locator('.session-row').first()).toBeVisible();
    // The service worker's own requests are routed by the context.
    await page.context().route('**/api/editions/2013', (route) => route.fulfill({ status: 503, body: 'Service Unavailable' }));
    await page.reload();
    await expect(page.locator('.session-row').first()).toBeVisible();
    await expect(page.getByText('Repenser la solidarité').first()).toBeVisible();
    await page.context().close();
  });

  test('un avis donné sans réseau arrive une seule fois quand le serveur revient', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await visitOnline(page, '/programme/conference-repenser-la-solidarite?now=2013-10-08T15:00');
    await expectPage(page, /Repenser la solidarité/);
    // A second tab, open before the answers are given: it must not erase them.
    const other = await page.context().newPage();
    await other.goto('/programme/conference-repenser-la-solidarite?now=2013-10-08T15:00');
    await expectPage(other, /Repenser la solidarité/);
    const comment = `Très bonne journée, merci (${testInfo.project.name})`;
    const otherComment = `Un deuxième onglet (${testInfo.project.name})`;

    await server.stop();
    await page.getByText('Satisfait', { exact: true }).click();
    await page.getByLabel('Un commentaire ? (facultatif)').fill(comment);
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect(page.getByText('Merci pour votre avis !')).toBeVisible();
    await expect(page.getByText('Votre avis sera envoyé dès que possible')).toBeVisible();
    await screenshot(page, testInfo, 'avis-en-attente');

    await other.getByText('Peu satisfait', { exact: true }).click();
    await other.getByLabel('Un commentaire ? (facultatif)').fill(otherComment);
    await other.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect(other.getByText('Votre avis sera envoyé dès que possible')).toBeVisible();
    const stored = () => page.evaluate(() => localStorage.getItem('agir.outbox.v1') ?? '');
    // Each tab sees the other's writes a moment late: a tab that saved without the other's
    // answer (here, after its own failed attempt) gets it put back by the other tab.
    await expect.poll(stored).toContain(comment);
    await expect.poll(stored).toContain(otherComment);
    // The same, forced: this tab saves the list without the other tab's answer. The other tab
    // puts it back at once, well before its next attempt to send.
    await page.evaluate((left) => {
      const kept = JSON.parse(localStorage.getItem('agir.outbox.v1')!);
      kept.items = kept.items.filter((i: { answer: { comment?: string } }) => i.answer.comment !== left);
      localStorage.setItem('agir.outbox.v1', JSON.stringify(kept));
    }, otherComment);
    await expect.poll(stored, { timeout: 2_000 }).toContain(otherComment);

    // Kept on the phone across a reload while the server is still down, and said so.
    await page.reload();
    await expectPage(page, /Repenser la solidarité/);
    await expect(page.getByText('Votre avis sera envoyé dès que possible')).toBeVisible();
    expect(await stored()).toContain(comment);

    await server.restart();
    await expect(page.getByText('Votre avis est envoyé.')).toBeVisible({ timeout: 45_000 });
    await expect.poll(async () => (await stored()).match(/"delivery":"sent"/g)?.length ?? 0, { timeout: 45_000 }).toBe(2);
    expect(await feedbackCount(server, comment)).toBe(1);
    expect(await feedbackCount(server, otherComment)).toBe(1);

    // Another flush, a reload, a third tab: still counted once.
    await page.reload();
    const third = await page.context().newPage();
    await third.goto('/programme/conference-repenser-la-solidarite?now=2013-10-08T15:00');
    await expectPage(third, /Repenser la solidarité/);
    await expect(third.getByText('Votre avis est envoyé.')).toBeVisible();
    await page.waitForTimeout(1000);
    expect(await feedbackCount(server, comment)).toBe(1);
    expect(await feedbackCount(server, otherComment)).toBe(1);
    await page.context().close();
  });

  test('un avis en cours d’écriture survit à une nouvelle version du programme', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await page.goto('/programme/conference-repenser-la-solidarite?now=2013-10-08T15:00');
    await expectPage(page, /Repenser la solidarité/);
    await page.getByText('Satisfait', { exact: true }).click();
    const comment = page.getByLabel('Un commentaire ? (facultatif)');
    await comment.click();
    await page.keyboard.type('Très claire, mais un peu ra');
    await page.evaluate(() => document.querySelector('h1')!.setAttribute('data-old', ''));

    // An organizer publishes; the phone learns it when its screen comes back.
    await patchSession(server, 'debat-public-engagement', { status: 'cancelled' });
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(page.locator('h1[data-old]')).toHaveCount(0, { timeout: 20_000 });

    await expect(page.locator('input[type=radio][value="4"]')).toBeChecked();
    await page.keyboard.type('pide.');
    await expect(comment).toHaveValue('Très claire, mais un peu rapide.');
    await page.context().close();
  });

  test('l’avis envoyé en ligne est confirmé', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await page.goto('/programme/conference-repenser-la-solidarite?now=2013-10-08T15:00');
    await expectPage(page, /Repenser la solidarité/);
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

  test('une application restée ouverte apprend la nouvelle version quand l’écran se rallume', async ({ browser }, testInfo) => {
    const page = await pageOn(browser, server, testInfo);
    await visitOnline(page, '/programme');
    await server.restart(distWithNewBuild().dir);
    // No navigation, no reload: the phone only comes back from sleep.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(page.getByRole('button', { name: 'Nouvelle version : recharger' })).toBeVisible({ timeout: 20_000 });
    await page.context().close();
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
