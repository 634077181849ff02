// The organizers' console, its own app under /organisateurs/: an account made with the
// command line, its password chosen through the one-time link, sign-in and sign-out, pages
// kept from anyone signed out; and the printable QR codes of the stands, read back by an
// independent decoder (jsQR).
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { decode } from '../support/qr';
import { newAccount, organizer, sharedDb, signIn, PASSWORD } from '../support/console';
import { startServer, seedCopy, dispose, pageOn } from '../support/server';

const STANDS = 12;

test('un organisateur choisit son mot de passe par son lien, se connecte et se déconnecte', async ({ page, baseURL }, testInfo) => {
  const account = newAccount({ url: baseURL! }, sharedDb());
  await page.goto(account.link);
  await expectPage(page, 'Choisir votre mot de passe');
  await expectNoAxeViolations(page);
  await page.getByLabel('Nouveau mot de passe').fill('court');
  await page.getByLabel('Le même, une seconde fois').fill('court');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByRole('alert')).toHaveText('Le mot de passe doit compter au moins 12 caractères.');
  await page.getByLabel('Nouveau mot de passe').fill(PASSWORD);
  await page.getByLabel('Le même, une seconde fois').fill(PASSWORD);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByText('Votre mot de passe est enregistré.')).toBeVisible();
  await screenshot(page, testInfo, 'console-mot-de-passe');

  // The link works once (opened afresh, not as a jump within the same page).
  await page.goto('/organisateurs/connexion');
  await page.goto(account.link);
  await page.getByLabel('Nouveau mot de passe').fill(PASSWORD);
  await page.getByLabel('Le même, une seconde fois').fill(PASSWORD);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByRole('alert')).toContainText("Ce lien n'est plus valable");

  // A wrong password says so, and nothing more.
  await page.goto('/organisateurs/connexion');
  await expectPage(page, 'Se connecter');
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'console-connexion');

  await signIn(page, account);
  await expectPage(page, 'Espace des organisateurs');
  await expect(page.locator('.who-name')).toHaveText(account.name);
  await expect(page.locator('.editions')).toContainText('2013');
  await expect(page.locator('.editions')).toContainText('affichée aux participants');
  await expect(page.getByText(`${account.email} · rôle organisateur`)).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'console-accueil');

  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
  await expectPage(page, 'Se connecter');
  await page.goto('/organisateurs');
  await expect(page).toHaveURL(/\/organisateurs\/connexion\?retour=\/organisateurs$/);
});

test('une page des organisateurs mène un visiteur non connecté à la connexion, puis le ramène', async ({ page, baseURL }) => {
  const account = await organizer({ url: baseURL! }, sharedDb());
  await page.goto('/organisateurs/qr-codes');
  await expectPage(page, 'Se connecter');
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expectPage(page, 'QR codes des stands');
  // A link cannot send someone outside the console once signed in.
  await page.goto('/organisateurs/connexion?retour=https://ailleurs.example/');
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expectPage(page, 'Espace des organisateurs');
});

test('l’application des visiteurs ne télécharge rien de la console, et son service worker la laisse passer', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto('/');
    await expectPage(page, 'Agir ensemble');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto('/programme');
    await expectPage(page, 'Programme');
    expect(fetched.filter((p) => p.startsWith('/organisateurs') || p.includes('agir-console'))).toEqual([]);

    // The attendee app's service worker leaves /organisateurs/ to the network instead of
    // answering with the attendee app.
    const response = await page.goto('/organisateurs/connexion');
    expect(response!.fromServiceWorker()).toBe(false);
    await expectPage(page, 'Se connecter');
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('jour J sur un téléphone : un retard de 15 minutes se publie en deux gestes, se voit chez les visiteurs et s’annule', async ({ browser }, testInfo) => {
  const server = await startServer();
  const started = Date.now();
  try {
    const attendee = await pageOn(browser, server, testInfo);
    await attendee.goto('/programme/table-ronde-parcours');
    await expectPage(attendee, /Table ronde/);
    await expect(attendee.locator('.facts time')).toContainText('de 16 h 30');

    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`));
    // The console's clock starts at 16:20 on the day, as the attendee app's does.
    await page.goto('/organisateurs/jour-j?now=2013-10-08T16:20');
    await expectPage(page, 'Jour J');
    const card = page.locator('.day-of-session', { has: page.getByRole('heading', { name: /^Table ronde/ }) });
    await card.getByRole('button', { name: 'Retarder de 15 min' }).click();
    const pending = page.getByRole('alertdialog');
    await expect(pending).toContainText('À publier : Retard de 15 min : « Table ronde');
    // Times and guillemets never break from what they belong to on a phone.
    expect(await pending.locator('#a-publier').textContent()).toContain('(16\u00a0h\u00a045 – 18\u00a0h\u00a015)');
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-jour-j');
    await pending.getByRole('button', { name: 'Publier' }).click();
    await expect(page.locator('.said')).toContainText('Publié : Retard de 15 min');
    await expect(card.locator('.day-of-when')).toContainText('16 h 45');

    // The attendee's phone comes out of a pocket: the session says it moved.
    await attendee.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(attendee.locator('.facts time')).toContainText('de 16 h 45');
    await expect(attendee.locator('.status-banner.moved')).toContainText('Horaire modifié');

    // Undone: the programme is as before.
    await page.getByRole('button', { name: 'Annuler cette modification' }).click();
    await expect(page.locator('.said')).toContainText('Modification annulée');
    await expect(card.locator('.day-of-when')).toContainText('16 h 30');
    await attendee.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(attendee.locator('.facts time')).toContainText('de 16 h 30');

    // The history says who did what, and why; an earlier revision can be published again.
    await page.getByRole('link', { name: 'Historique' }).click();
    await expectPage(page, 'Historique des publications');
    const revisions = page.locator('.revision');
    await expect(revisions).toHaveCount(3);
    await expect(revisions.nth(0)).toContainText('Annulation : Retard de 15 min');
    // When it was published, by the organizer's own clock (New York in these tests), not
    // at the +02:00 of the event's day in October.
    const minutes = await page.evaluate((from) => {
      const said = [];
      for (let t = from - 60_000; t <= Date.now() + 60_000; t += 60_000) {
        const d = new Date(t);
        const m = d.getMinutes();
        said.push(`à ${d.getHours()}\u00a0h${m === 0 ? '' : `\u00a0${String(m).padStart(2, '0')}`}, par`);
      }
      return said;
    }, started);
    const meta = (await revisions.nth(0).locator('.revision-meta').textContent())!;
    expect(minutes.some((m) => meta.includes(m)), `${meta} parmi ${minutes.join(' | ')}`).toBe(true);
    await expect(revisions.nth(1)).toContainText('par Claire Martin');
    await expect(revisions.nth(1).locator('.revision-changes')).toContainText('change d\'horaire');
    // The first revision names the programme's file, never where the server keeps it.
    await expect(revisions.nth(2).locator('.revision-note')).toHaveText('chargée depuis le fichier 2013.json');
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-historique');
    await revisions.nth(1).getByRole('button', { name: 'Revenir à la révision 2' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText('Les visiteurs verront ces changements défaits');
    await confirm.getByRole('button', { name: 'Publier ce retour' }).click();
    await expect(page.locator('.said')).toContainText('La révision 2 est de nouveau publiée (révision 4).');
    await expect(revisions).toHaveCount(4);
    await page.context().close();
    await attendee.context().close();
  } finally {
    await dispose(server);
  }
});

test('chaque QR code imprimable se lit et ouvre la fiche de son stand', async ({ page, baseURL }, testInfo) => {
  await signIn(page, await organizer({ url: baseURL! }, sharedDb()), '/organisateurs/qr-codes');
  await expectPage(page, 'QR codes des stands');
  const cards = page.locator('.qr-card');
  await expect(cards).toHaveCount(STANDS);
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'qr-codes');

  const urls = await decode(page, 'svg.qr-code');
  const stands = await cards.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-stand')));
  const origin = new URL(baseURL!).origin;
  expect(urls).toEqual(stands.map((id) => `${origin}/village/${id}`));

  // Every decoded address opens its stand in the attendee app.
  const names = await cards.locator('.qr-number').allTextContents();
  for (const [i, url] of urls.entries()) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${names[i]} : `) })).toBeVisible();
    await expect(page.locator('a.plan-stand.selected')).toHaveAttribute('data-stand', stands[i]!);
  }
});

test('avec une adresse publique, les QR codes et le lien de partage y mènent', async ({ browser }, testInfo) => {
  // The organizer prints from the machine that runs the server; phones reach it elsewhere.
  const server = await startServer(undefined, { AGIR_PUBLIC_URL: 'https://agir.angers.fr/' });
  try {
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), '/organisateurs/qr-codes');
    await expectPage(page, 'QR codes des stands');
    await expect(page.getByText('https://agir.angers.fr/village/…')).toBeVisible();
    const first = await page.locator('.qr-card').first().getAttribute('data-stand');
    expect((await decode(page, '.qr-card >> nth=0 >> svg.qr-code'))[0]).toBe(`https://agir.angers.fr/village/${first}`);

    await page.goto('/mon-programme?partage=conclusion');
    await page.getByRole('button', { name: "Oui, l'ajouter" }).click();
    await expect(page.getByRole('link', { name: 'https://agir.angers.fr/mon-programme?partage=conclusion' })).toBeVisible();
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('la page des QR codes s’imprime sur A4, sans l’en-tête', async ({ page, baseURL }) => {
  await signIn(page, await organizer({ url: baseURL! }, sharedDb()), '/organisateurs/qr-codes');
  await expectPage(page, 'QR codes des stands');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.qr-intro')).toBeHidden();
  await expect(page.locator('.qr-card').first()).toBeVisible();
  const columns = await page
    .locator('.qr-sheet')
    .evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
  expect(columns).toBe(2);
});

test('un stand donné en exemple le dit sur son QR code', async ({ browser }, testInfo) => {
  const seed = seedCopy((doc) => {
    doc.stands.find((s: any) => s.id === 'una').example = true;
  });
  const server = await startServer(seed);
  try {
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), '/organisateurs/qr-codes');
    await expect(page.locator('.qr-card[data-stand="una"]')).toContainText('exemple');
    await expect(page.locator('.qr-card[data-stand="ams"]')).not.toContainText('exemple');
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test.describe('en thème sombre et sur un petit téléphone', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 360, height: 740 } });

  for (const path of ['/organisateurs', '/organisateurs/qr-codes']) {
    test(`${path} sans défaut d’accessibilité ni défilement de côté`, async ({ page, baseURL }) => {
      await signIn(page, await organizer({ url: baseURL! }, sharedDb()), path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Chargement' })).toHaveCount(0);
      await expectNoAxeViolations(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
    });
  }
});
