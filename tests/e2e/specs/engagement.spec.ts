// « Je veux m'engager »: from a stand's sheet a visitor asks its association to contact
// them, with explicit consent; the association reads its requests, and only its own,
// through a private link the organizers make, change and withdraw; the visitor withdraws
// the request from the phone. The three questions find stands offline; a request made
// offline waits on the phone and arrives once.
import { test, expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { organizer, signIn } from '../support/console';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { adminToken, dispose, pageOn, startServer, type OwnServer } from '../support/server';

const FORM = '/m-engager/resto-troc';
const FORM_TITLE = "Je veux m'engager auprès de Resto Troc";

/** The organizers' view of a stand: requests held now and received since the start. */
async function counts(server: OwnServer, stand: string): Promise<{ demandes: number; recues: number }> {
  const response = await fetch(`${server.url}/api/admin/engagement?edition=2013`, {
    headers: { Authorization: `Bearer ${adminToken()}`, Accept: 'application/json' },
  });
  expect(response.status).toBe(200);
  const lines: { stand: string; demandes: number; recues: number }[] = await response.json();
  const line = lines.find((l) => l.stand === stand);
  expect(line, stand).toBeDefined();
  return line!;
}

/** Fills the form as Zoé would, without touching the consent box. */
async function fillForm(page: Page, message = 'Je suis libre le samedi matin.') {
  await page.getByLabel('Votre prénom').fill('Zoé');
  await page.getByLabel('Votre adresse e-mail ou votre numéro de téléphone').fill('zoe@exemple.fr');
  await page.getByLabel('Le week-end').check();
  await page.getByLabel(/Trier les dons/).check();
  await page.getByLabel("Un message pour l'association (facultatif)").fill(message);
}

const send = (page: Page) => page.getByRole('button', { name: 'Envoyer ma demande' }).click();
const consent = (page: Page) => page.getByLabel(/J'accepte que mon prénom/);

test('un visiteur demande à être recontacté, l’association le lit par son lien privé, puis il retire sa demande', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const phone = await pageOn(browser, server, testInfo);
    await phone.goto('/village/resto-troc');
    await expectPage(phone, /Plan du village/);
    const sheet = phone.locator('section.sheet');
    await expect(sheet.getByRole('heading', { name: 'Devenir bénévole' })).toBeVisible();
    await sheet.getByRole('link', { name: "Je veux m'engager" }).click();
    await expect(phone.getByRole('heading', { level: 1, name: FORM_TITLE })).toBeVisible();
    await expect(consent(phone)).not.toBeChecked();
    await expect(consent(phone)).toHaveAccessibleName(/transmis à Resto Troc.*au bout de 6 mois/);

    // Without consent nothing leaves the phone, and the reason is said.
    await fillForm(phone, '=HYPERLINK("http://x") <b>gras</b> ?');
    await send(phone);
    const summary = phone.locator('#engage-erreurs');
    await expect(summary).toContainText("Cochez la case d'accord pour que Resto Troc reçoive votre demande");
    await expect(summary).toBeFocused();
    await expect(consent(phone)).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(phone);
    await screenshot(phone, testInfo, 'engagement-formulaire-refuse');
    expect((await counts(server, 'resto-troc')).demandes).toBe(0);

    // With it, the request is acknowledged once the server stored it.
    await consent(phone).check();
    await send(phone);
    await expect(phone.getByRole('status').filter({ hasText: 'Resto Troc a bien reçu votre demande' })).toBeVisible();
    await expectNoAxeViolations(phone);
    await screenshot(phone, testInfo, 'engagement-envoyee');
    expect(await counts(server, 'resto-troc')).toEqual(expect.objectContaining({ demandes: 1, recues: 1 }));

    // The organizers make the associations' links: counts only, never contents.
    const db = join(server.dir, 'agir.db');
    const org = await pageOn(browser, server, testInfo);
    await signIn(org, await organizer(server, db), '/organisateurs/engagement');
    const troc = org.locator('.engagement-stand[data-stand="resto-troc"]');
    const restos = org.locator('.engagement-stand[data-stand="restos-du-coeur"]');
    await expect(troc).toContainText('1 en cours');
    await expect(troc).not.toContainText('Zoé');
    await troc.getByRole('button', { name: 'Créer le lien' }).click();
    await restos.getByRole('button', { name: 'Créer le lien' }).click();
    const trocLink = await troc.getByLabel("Lien privé de l'association").inputValue();
    const restosLink = await restos.getByLabel("Lien privé de l'association").inputValue();
    expect(trocLink).toMatch(/\/association\/[A-Za-z0-9_-]{40,}$/);
    await expectNoAxeViolations(org);
    await screenshot(org, testInfo, 'engagement-console');

    // The association, on another device, sees its request, marks it, downloads it.
    const asso = await pageOn(browser, server, testInfo);
    const opened = await asso.goto(trocLink);
    expect(opened!.headers()['cache-control']).toContain('no-store');
    const request = asso.locator('li', { hasText: 'Zoé' });
    await expect(request).toContainText('zoe@exemple.fr');
    await expect(request).toContainText('Trier les dons');
    await expect(request).toContainText('Le week-end');
    await expect(request.locator('b')).toHaveCount(0);
    await expectNoAxeViolations(asso);
    await screenshot(asso, testInfo, 'engagement-association');
    await request.getByRole('button', { name: /Marquer comme contactée/ }).click();
    await expect(asso.locator('li', { hasText: 'Zoé' })).toContainText(/[Cc]ontactée le/);
    const csvHref = await asso.getByRole('link', { name: /CSV/ }).getAttribute('href');
    const bytes = Buffer.from(await (await fetch(new URL(csvHref!, trocLink))).arrayBuffer());
    expect([...bytes.subarray(0, 3)], 'BOM').toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('Zoé');
    expect(csv).toContain("'=HYPERLINK");

    // Another stand's link does not show it.
    await asso.goto(restosLink);
    await expect(asso.getByRole('heading', { level: 1 })).toContainText('Les Restos du cœur');
    await expect(asso.getByText('Zoé')).toHaveCount(0);

    // A changed link kills the old one; a withdrawn one shows nothing either.
    await troc.getByRole('button', { name: 'Changer le lien de Resto Troc' }).click();
    await troc.getByRole('button', { name: 'Oui, changer le lien' }).click();
    await expect(troc.getByLabel("Lien privé de l'association")).not.toHaveValue(trocLink);
    const newLink = await troc.getByLabel("Lien privé de l'association").inputValue();
    const unknown = await fetch(`${server.url}/association/inconnu`);
    const old = await fetch(trocLink);
    expect(old.status).toBe(404);
    expect(await old.text()).toBe(await unknown.text());
    await restos.getByRole('button', { name: 'Retirer le lien de Les Restos du cœur' }).click();
    await expect(restos).toContainText('Pas encore de lien');
    expect((await fetch(restosLink)).status).toBe(404);
    await asso.goto(newLink);
    await expect(asso.getByText('Zoé')).toBeVisible();
    // On the phone, where the app's service worker runs, the link still reaches the
    // server's page, never the app.
    await phone.goto(newLink);
    await expect(phone.getByText('zoe@exemple.fr')).toBeVisible();

    // The visitor withdraws the request from the phone: it is gone for the association.
    await phone.goto('/m-engager');
    await expectPage(phone, "Trouver où m'engager");
    const receipts = phone.locator('section.engage-receipts');
    await expect(receipts).toContainText('Reçue par Resto Troc');
    await receipts.getByRole('button', { name: 'Retirer ma demande à Resto Troc' }).click();
    await receipts.getByRole('button', { name: 'Oui, retirer ma demande' }).click();
    await expect(receipts).toContainText('Retirée');
    await expect.poll(async () => (await counts(server, 'resto-troc')).demandes).toBe(0);
    await asso.reload();
    await expect(asso.getByText('Zoé')).toHaveCount(0);
  } finally {
    await dispose(server);
  }
});

test('trois questions trouvent les stands « alimentation » qui cherchent le week-end, même hors connexion', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const phone = await pageOn(browser, server, testInfo);
    await phone.goto('/m-engager');
    await expectPage(phone, "Trouver où m'engager");
    // The data is in the edition the phone keeps: the answers need no network.
    await phone.context().setOffline(true);
    await phone.getByLabel('Alimentation').check();
    await phone.getByLabel('Le week-end').check();
    const results = phone.locator('section.engage-results');
    await expect(results.getByRole('status')).toHaveText('2 stands correspondent à vos réponses.');
    const full = results.locator('ul.engage-matches:not(.partial) > li');
    await expect(full).toHaveCount(2);
    await expect(full.filter({ hasText: 'Resto Troc' })).toContainText('Quand vous êtes libre : le week-end');
    await expect(full.filter({ hasText: 'Les Restos du cœur' })).toHaveCount(1);
    await expect(results).not.toContainText('Le Toit Angevin');
    await expectNoAxeViolations(phone);
    await screenshot(phone, testInfo, 'engagement-trouver');
    await phone.getByRole('radio', { name: 'Une journée par semaine' }).check();
    await phone.getByRole('radio', { name: 'La Roseraie' }).check();
    await expect(full.first()).toContainText('Resto Troc');
    await phone.context().setOffline(false);
  } finally {
    await dispose(server);
  }
});

test('une demande faite hors connexion attend sur le téléphone, puis arrive une seule fois', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const phone = await pageOn(browser, server, testInfo);
    await phone.goto(FORM);
    await expectPage(phone, FORM_TITLE);
    await phone.context().setOffline(true);
    await fillForm(phone);
    await consent(phone).check();
    await send(phone);
    await expect(phone.getByRole('status').filter({ hasText: 'gardée sur ce téléphone' })).toBeVisible();
    expect((await counts(server, 'resto-troc')).demandes).toBe(0);
    await phone.context().setOffline(false);
    await phone.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(phone.getByRole('status').filter({ hasText: 'Resto Troc a bien reçu votre demande' })).toBeVisible();
    // A second tab wakes the outbox too: still one request.
    const again = await phone.context().newPage();
    await again.goto('/m-engager');
    await expect(again.locator('section.engage-receipts')).toContainText('Reçue par Resto Troc');
    expect(await counts(server, 'resto-troc')).toEqual(expect.objectContaining({ demandes: 1, recues: 1 }));

    // The bilan counts it for the stand, and says nothing of the person.
    const org = await pageOn(browser, server, testInfo);
    await signIn(org, await organizer(server, join(server.dir, 'agir.db')), '/organisateurs/bilan');
    const table = org.locator('table.bilan-engagement');
    await expect(table.getByRole('row', { name: /Resto Troc/ })).toContainText('1');
    await expect(org.locator('main')).not.toContainText('zoe@exemple.fr');
  } finally {
    await dispose(server);
  }
});

test('un organisateur ouvre un stand aux demandes de bénévolat et règle leur conservation', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const org = await pageOn(browser, server, testInfo);
    await signIn(org, await organizer(server, join(server.dir, 'agir.db')), '/organisateurs/editer/2013/stands/iresa');
    // Each choice is in sight, with its whole sentence, even on a phone.
    const seeking = org.getByRole('group', { name: 'Cherche des bénévoles' });
    await expect(seeking.getByRole('radio')).toHaveCount(3);
    await expect(seeking.getByRole('radio', { name: 'Non, ou pas encore dit' })).toBeChecked();
    await seeking.getByRole('radio', { name: 'Oui, avec demandes de contact' }).check();
    await org.getByLabel('Missions proposées').fill("Animer un atelier : partager un savoir-faire, pourquoi pas le vôtre ?\nTenir l'accueil");
    await org.getByLabel('Missions proposées').blur();
    await org.getByRole('group', { name: 'Temps demandé' }).getByRole('radio', { name: 'Quelques heures par mois' }).check();
    await org.getByLabel('En soirée').check();
    await expectNoAxeViolations(org);
    await screenshot(org, testInfo, 'engagement-editeur-stand');
    await org.goto('/organisateurs/editer/2013');
    await org.getByLabel('Conservation des demandes « Je veux m\'engager »').selectOption('12');
    await org.getByRole('link', { name: 'Publier', exact: true }).first().click();
    await expectPage(org, 'Publier');
    await org.getByLabel('Note pour vos collègues (obligatoire)').fill('Bénévolat à IRESA');
    await org.getByRole('button', { name: 'Publier pour les participants' }).click();
    await expect(org.locator('.said')).toContainText('Publié (révision 2)');

    const phone = await pageOn(browser, server, testInfo);
    await phone.goto('/village/iresa');
    await expectPage(phone, /Plan du village/);
    const sheet = phone.locator('section.sheet');
    // The organizer typed « Titre : description » with a keyboard's plain spaces.
    await expect(sheet.locator('.sheet-missions strong')).toHaveText(['Animer un atelier', "Tenir l'accueil"]);
    await expect(sheet).toContainText('Quelques heures par mois');
    // French spacing in what the organizer typed, in the app and in the server's page alike.
    expect(await sheet.locator('.sheet-missions').textContent()).toContain('le vôtre\u00a0?');
    expect(await (await phone.request.get('/village/iresa')).text()).toContain('le vôtre\u00a0?');
    await sheet.getByRole('link', { name: "Je veux m'engager" }).click();
    await expect(consent(phone)).toHaveAccessibleName(/transmis à IRESA.*au bout de 1 an/);
    await expect(phone.getByLabel(/Tenir l'accueil/)).toBeVisible();
  } finally {
    await dispose(server);
  }
});

test('des reçus abîmés sur le téléphone sont mis de côté et dits, sans empêcher une nouvelle demande', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const phone = await pageOn(browser, server, testInfo);
    await phone.goto('/infos');
    await phone.evaluate(() => localStorage.setItem('agir.engagement.v1', '{"pas une liste'));
    await phone.goto('/m-engager');
    await expectPage(phone, "Trouver où m'engager");
    const receipts = phone.locator('section.engage-receipts');
    await expect(receipts).toContainText('était abîmée : elle a été mise de côté');
    expect(await phone.evaluate(() => localStorage.getItem('agir.engagement.unreadable'))).toBe('{"pas une liste');

    await phone.goto(FORM);
    await expectPage(phone, FORM_TITLE);
    await fillForm(phone);
    await consent(phone).check();
    await send(phone);
    await expect(phone.getByRole('status').filter({ hasText: 'Resto Troc a bien reçu votre demande' })).toBeVisible();
    await phone.goto('/m-engager');
    await expect(receipts).toContainText('Reçue par Resto Troc');
    await expect(receipts).not.toContainText('abîmée');
  } finally {
    await dispose(server);
  }
});
