// The organizers' announcements: written in the console, published as part of the
// programme, shown on every page of an attendee's open app once it asks again (here, as the
// screen comes back), read out politely, gone at the end time given, and taken down.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { organizer, signIn } from '../support/console';
import { dispose, pageOn, startServer } from '../support/server';

const TEXT = 'La table ronde commence avec 10 minutes de retard.';

test('une annonce publiée depuis la console apparaît chez les visiteurs, puis s’en va à l’heure dite', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    // The attendee's clock starts at 14:20 on the day and runs on.
    const attendee = await pageOn(browser, server, testInfo);
    await attendee.goto('/programme?now=2013-10-08T14:20');
    await expectPage(attendee, 'Programme');
    const banner = attendee.locator('.announcements[role="status"] .announcement-banner');
    await expect(banner).toHaveCount(0);

    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`));
    await page.goto('/organisateurs/annonces?now=2013-10-08T14:20');
    await expectPage(page, 'Annonces');
    await expect(page.getByText('Aucune annonce en ce moment.')).toBeVisible();
    // Nothing to say is refused before anything is published.
    await page.getByRole('button', { name: "Publier l'annonce" }).click();
    await expect(page.locator('.said')).toHaveText("Écrivez le message de l'annonce.");
    await page.getByLabel('Message').fill(TEXT);
    await page.getByLabel(/Heure de fin/).fill('14:21');
    await expect(page.getByText(`${280 - TEXT.length} caractères restants.`)).toBeVisible();
    await page.getByRole('button', { name: "Publier l'annonce" }).click();
    await expect(page.locator('.said')).toContainText(`Publié : Annonce : « ${TEXT} »`);
    await expect(page.locator('.announcements-list')).toContainText(`${TEXT} (jusqu'à 14 h 21)`);
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-annonces');

    // The attendee's phone comes out of a pocket: the app asks again and says it.
    await attendee.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(banner).toContainText(TEXT);
    await expectNoAxeViolations(attendee);
    await screenshot(attendee, testInfo, 'annonce');

    // 14:21 passes on the attendee's clock (started again at 14:20:55): the banner goes.
    await attendee.goto('/programme?now=2013-10-08T14:20:55');
    await expectPage(attendee, 'Programme');
    await expect(banner).toHaveCount(0, { timeout: 30_000 });

    // Taken down in the console, the announcement leaves the programme.
    await page.getByRole('button', { name: "Retirer l'annonce" }).click();
    await expect(page.getByText('Aucune annonce en ce moment.')).toBeVisible();
    const doc = await (await fetch(`${server.url}/api/edition`)).json();
    expect(doc.announcements ?? []).toEqual([]);
    await page.context().close();
    await attendee.context().close();
  } finally {
    await dispose(server);
  }
});
