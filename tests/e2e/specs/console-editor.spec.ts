// The console's editor: a draft kept on the device as it is typed, errors next to their
// field that block publishing, a summary and a note before publishing, a colleague's
// publication met and built upon, the attendee app's preview of a draft, and next year's
// edition prepared from this one.
import { test, expect, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { organizer, sharedDb, signIn } from '../support/console';
import { dispose, pageOn, startServer } from '../support/server';

const DEBAT = 'debat-public-engagement';
const NEW_TITLE = 'Débat public : s’engager ensemble';

/** Opens the form of session `id` in the editor of 2013. */
async function openSession(page: Page, id: string) {
  await page.goto(`/organisateurs/editer/2013/seances/${id}`);
  await expect(page.getByLabel('Titre', { exact: true })).toBeVisible();
}

async function publish(page: Page, note: string) {
  await page.getByRole('link', { name: 'Publier', exact: true }).first().click();
  await expectPage(page, 'Publier');
  await page.getByLabel('Note pour vos collègues (obligatoire)').fill(note);
  await page.getByRole('button', { name: 'Publier pour les participants' }).click();
}

test('un titre changé dans la console apparaît dans un onglet visiteur ouvert, sans le recharger', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const attendee = await pageOn(browser, server, testInfo);
    await attendee.goto(`/programme/${DEBAT}`);
    await expect(attendee.getByRole('heading', { level: 1 })).toContainText('Débat public');

    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), '/organisateurs/editer/2013');
    await expectPage(page, 'Événement');
    await expect(page.getByText('Aucune modification depuis la version publiée.')).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-editeur-evenement');

    await page.getByRole('link', { name: 'Séances', exact: true }).click();
    await expectPage(page, 'Séances');
    await page.getByLabel('Chercher une séance').fill('débat public');
    await expect(page.locator('.item-list li')).toHaveCount(1);
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-editeur-seances');
    await page.locator('.item-list a').click();
    await page.getByLabel('Titre', { exact: true }).fill(NEW_TITLE);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(NEW_TITLE);
    await expect(page.getByText('Brouillon gardé sur cet appareil, pas encore publié.')).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-editeur-seance');

    // The preview shows the draft in the attendee app; the published programme is unchanged.
    const [preview] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Aperçu' }).click()]);
    const banner = preview.getByText('Aperçu du brouillon des organisateurs');
    await expect(banner).toBeVisible();
    // The tab stays a preview as its visitor goes from page to page.
    await preview.goto(`/programme/${DEBAT}`);
    await expect(banner).toBeVisible();
    await expect(preview.getByRole('heading', { level: 1 })).toHaveText(NEW_TITLE);
    await preview.close();

    await publish(page, 'Titre du débat public raccourci');
    await expect(page.locator('.said')).toContainText('Publié (révision 2)');
    await expect(page.getByText('Aucune modification depuis la version publiée.')).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-publier');

    // The attendee's screen comes back: the app asks again and shows the new title.
    await attendee.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(attendee.getByRole('heading', { level: 1 })).toHaveText(NEW_TITLE);
    const history = await (await fetch(`${server.url}/api/editions/2013`)).json();
    expect(history.sessions.find((s: any) => s.id === DEBAT).title).toBe(NEW_TITLE);
    await attendee.context().close();
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('une fin avant le début est signalée sous le champ et bloque la publication', async ({ page, baseURL }, testInfo) => {
  await signIn(page, await organizer({ url: baseURL! }, sharedDb()));
  await openSession(page, 'debat-seniors-benevolat');
  const end = page.getByLabel('Fin', { exact: true });
  await end.fill('09:30');
  await expect(end).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#seance-fin-issues .field-error')).toContainText('finit à 9 h 30, avant de commencer (10 h)');
  await expect(page.getByText('1 erreur à corriger avant de publier.')).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'console-editeur-erreur');

  await page.getByRole('link', { name: 'Publier', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'À corriger avant de publier (1)' })).toBeVisible();
  await page.getByLabel('Note pour vos collègues (obligatoire)').fill('Essai');
  const button = page.getByRole('button', { name: 'Publier pour les participants' });
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByText("Corrigez d'abord les erreurs ci-dessus.")).toBeVisible();
  await expectNoAxeViolations(page);

  // The error's link leads back to the field; fixing it unblocks publishing.
  await page.locator('.issues-errors a').click();
  await page.getByLabel('Fin', { exact: true }).fill('12:00');
  await expect(page.getByLabel('Fin', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('link', { name: 'Publier', exact: true }).first().click();
  await expect(page.getByText('Rien : le brouillon est identique à la version publiée.')).toBeVisible();
});

test('un onglet fermé en pleine saisie ne perd rien : le brouillon est retrouvé', async ({ browser, baseURL }, testInfo) => {
  const context = await browser.newContext({ ...testInfo.project.use, baseURL });
  const page = await context.newPage();
  await signIn(page, await organizer({ url: baseURL! }, sharedDb()));
  await openSession(page, 'cocktail');
  await page.getByLabel('Titre', { exact: true }).fill('Cocktail de clôture');
  await page.getByLabel('Description', { exact: true }).fill('Avec les associations du village.');
  await page.close();

  const again = await context.newPage();
  await openSession(again, 'cocktail');
  await expect(again.getByLabel('Titre', { exact: true })).toHaveValue('Cocktail de clôture');
  await expect(again.getByLabel('Description', { exact: true })).toHaveValue('Avec les associations du village.');
  await expect(again.getByText('Brouillon gardé sur cet appareil, pas encore publié.')).toBeVisible();

  // Thrown away on purpose, the draft gives the published version back.
  again.once('dialog', (d) => d.accept());
  await again.getByRole('button', { name: 'Abandonner le brouillon' }).click();
  await expect(again.getByLabel('Titre', { exact: true })).toHaveValue('Cocktail apéritif au village des solidarités');
  await context.close();
});

test('deux organisateurs publient sur la même version : la seconde voit le changement de la première et publie le sien par-dessus', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const db = `${server.dir}/agir.db`;
    const claire = await pageOn(browser, server, testInfo);
    const hugo = await pageOn(browser, server, testInfo);
    await signIn(claire, await organizer(server, db));
    await signIn(hugo, await organizer(server, db));
    await openSession(claire, DEBAT);
    await openSession(hugo, 'conclusion');

    await claire.getByLabel('Titre', { exact: true }).fill(NEW_TITLE);
    await hugo.getByLabel('Fin', { exact: true }).fill('19:45');
    await publish(claire, 'Titre du débat raccourci');
    await expect(claire.locator('.said')).toContainText('Publié (révision 2)');

    await publish(hugo, 'La conclusion dure plus longtemps');
    const overtaken = hugo.locator('.overtaken');
    await expect(overtaken).toContainText('Un collègue a publié pendant que vous travailliez');
    await expect(overtaken).toContainText('Titre du débat raccourci');
    await expect(overtaken).toContainText(NEW_TITLE);
    await expectNoAxeViolations(hugo);
    await screenshot(hugo, testInfo, 'console-publier-collegue');
    await hugo.getByRole('button', { name: 'Reporter mes modifications sur sa version' }).click();
    await expect(hugo.locator('.changes-summary')).toContainText('Conclusion');
    await hugo.getByRole('button', { name: 'Publier pour les participants' }).click();
    await expect(hugo.locator('.said')).toContainText('Publié (révision 3)');

    const doc = await (await fetch(`${server.url}/api/editions/2013`)).json();
    const session = (id: string) => doc.sessions.find((s: any) => s.id === id);
    expect(session(DEBAT).title).toBe(NEW_TITLE);
    expect(session('conclusion').end).toBe('2013-10-08T19:45:00+02:00');
    await claire.context().close();
    await hugo.context().close();
  } finally {
    await dispose(server);
  }
});

test('une session expirée garde le brouillon et demande de se reconnecter', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    const who = await organizer(server, `${server.dir}/agir.db`);
    await signIn(page, who);
    await openSession(page, 'cocktail');
    await page.getByLabel('Titre', { exact: true }).fill('Cocktail de clôture');
    await page.context().clearCookies();
    await publish(page, 'Nouveau titre du cocktail');
    await expectPage(page, 'Se connecter');
    await expect(page.getByText('Votre brouillon est gardé sur cet appareil')).toBeVisible();
    await page.getByLabel('Adresse e-mail').fill(who.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expectPage(page, 'Publier');
    await page.getByLabel('Note pour vos collègues (obligatoire)').fill('Nouveau titre du cocktail');
    await page.getByRole('button', { name: 'Publier pour les participants' }).click();
    await expect(page.locator('.said')).toContainText('Publié (révision 2)');
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('l’édition suivante est préparée depuis celle-ci, puis publiée', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`));
    await page.getByRole('button', { name: "Préparer l'édition suivante" }).click();
    await expect(page.getByLabel(/Nom court de la nouvelle édition/)).toHaveValue('2014');
    await page.getByLabel('Premier jour').fill('2014-10-07');
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-edition-suivante');
    await page.getByRole('button', { name: 'Créer le brouillon' }).click();
    await expectPage(page, 'Événement');
    await expect(page.getByText('Nouvelle édition, gardée sur cet appareil, pas encore publiée.')).toBeVisible();
    await expect(page.getByLabel('Premier jour')).toHaveValue('2014-10-07');
    await publish(page, 'Édition 2014 préparée');
    await expect(page.locator('.said')).toContainText('Publié (révision 1)');
    const doc = await (await fetch(`${server.url}/api/editions/2014`)).json();
    expect(doc.sessions.find((s: any) => s.id === 'ouverture').start).toBe('2014-10-07T14:00:00+02:00');
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('chaque écran de l’éditeur se lit sans obstacle (axe), au téléphone comme à l’ordinateur', async ({ page, baseURL }, testInfo) => {
  await signIn(page, await organizer({ url: baseURL! }, sharedDb()));
  const screens: [string, string][] = [
    ['/organisateurs/editer/2013/lieux', 'Lieux'],
    ['/organisateurs/editer/2013/lieux/auditorium', 'Auditorium'],
    ['/organisateurs/editer/2013/intervenants', 'Intervenants'],
    ['/organisateurs/editer/2013/intervenants/jean-francois-serres', 'Jean-François Serres'],
    ['/organisateurs/editer/2013/stands', 'Stands'],
    ['/organisateurs/editer/2013/stands/ccas-accueil', 'CCAS'],
    ['/organisateurs/editer/2013/publier', 'Publier'],
    ['/organisateurs/editer/2013/seances/inconnue', 'Séance introuvable'],
  ];
  for (const [path, heading] of screens) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
    await expectNoAxeViolations(page);
  }
  await page.goto('/organisateurs/editer/2013/stands/ccas-accueil');
  await screenshot(page, testInfo, 'console-editeur-stand');
});
