// Importing a programme published elsewhere from the console: the 36C3 congress's frab
// schedule.xml uploaded, its warnings shown before anything is published, opened as a draft,
// published as a new edition, chosen for attendees and browsed in their app.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { expectNoAxeViolations, expectPage, ProgrammeScreen } from '../support/pages';
import { screenshot } from '../support/screens';
import { organizer, signIn } from '../support/console';
import { dispose, pageOn, startServer } from '../support/server';

const fixture = join(__dirname, '..', '..', '..', 'crates/model/tests/fixtures/interop/36c3_merged.xml');

test('un programme frab importé devient une nouvelle édition que les visiteurs parcourent', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), '/organisateurs/importer');
    await expectPage(page, 'Importer un programme');
    await expectNoAxeViolations(page);

    // Nothing chosen yet: said, nothing sent.
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await expect(page.getByRole('alert')).toHaveText("Choisissez d'abord le fichier du programme.");

    await page.getByLabel(/Fichier du programme/).setInputFiles(fixture);
    await page.getByLabel(/Nom court de l'édition/).fill('36c3');
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await expect(page.getByText(/Programme frab \(schedule\.xml\)\s:\s«\s36th Chaos Communication Congress\s», 1351 séance/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/Remarques de l'import/)).toBeVisible();
    const before = await (await fetch(`${server.url}/api/editions`)).json();
    expect(before.map((e: any) => e.edition)).toEqual(['2013']);
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-import');

    await page.getByRole('button', { name: "Ouvrir dans l'éditeur pour vérifier et publier" }).click();
    await expectPage(page, 'Publier');
    await expect(page.getByText('Nouvelle édition, gardée sur cet appareil, pas encore publiée.')).toBeVisible();
    await page.getByLabel('Note pour vos collègues (obligatoire)').fill('Programme du 36C3 importé');
    await page.getByRole('button', { name: 'Publier pour les participants' }).click();
    await expect(page.locator('.said')).toContainText('Publié (révision 1)', { timeout: 30_000 });

    // Chosen for attendees on the console's home.
    await page.goto('/organisateurs');
    const item = page.locator('.edition-item', { hasText: '(36c3)' });
    await item.getByRole('button', { name: 'Afficher aux participants' }).click();
    await expect(page.locator('.said')).toContainText('« 36c3 » est maintenant celle que voient les participants');
    await expect(item).toContainText('affichée aux participants');

    const attendee = await pageOn(browser, server, testInfo);
    const programme = new ProgrammeScreen(attendee);
    await programme.open();
    await programme.search.fill('keynote');
    await expect(programme.rows.first()).toBeVisible();
    await expect(programme.count).toContainText('séance');
    await attendee.context().close();
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('un agenda .ics venu d’un logiciel de bureau s’importe avec ses remarques, et un fichier non UTF-8 est refusé en français', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), '/organisateurs/importer');
    await expectPage(page, 'Importer un programme');
    const calendar = join(__dirname, '..', '..', '..', 'crates/model/tests/fixtures/ics/rencontres-ess-2024.ics');
    await page.getByLabel(/Fichier du programme/).setInputFiles(calendar);
    await page.getByLabel(/Nom court de l'édition/).fill('ess-2024');
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await expect(page.getByText(/Agenda iCalendar \(\.ics\)\s:\s«\sRencontres régionales de l'économie sociale et solidaire 2024\s», 12 séance/)).toBeVisible();
    await expect(page.getByText(/Remarques de l'import/)).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-import-agenda');

    // The same calendar saved in Latin-1 by an old tool: refused, in French, naming the line.
    const latin1 = Buffer.from(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Atelier d\xe9couverte\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      'latin1',
    );
    await page.reload();
    await expectPage(page, 'Importer un programme');
    await page.getByLabel(/Fichier du programme/).setInputFiles({ name: 'ancien.ics', mimeType: 'text/calendar', buffer: latin1 });
    await page.getByLabel(/Nom court de l'édition/).fill('ancien');
    await page.getByRole('button', { name: 'Lire le fichier' }).click();
    await expect(page.getByRole('alert')).toContainText(/UTF-8/);
    await expect(page.getByRole('alert')).toContainText(/ligne 4/);
  } finally {
    await dispose(server);
  }
});
