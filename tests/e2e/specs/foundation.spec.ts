// The thin slice: the 2013 programme travels from a data file, through the backend and
// its SQLite database, to the screen, at the event's local times.
import { test, expect } from '@playwright/test';
import { startServer, seedCopy, dispose, pageOn } from '../support/server';
import { screenshot } from '../support/screens';

test('le programme 2013 s’affiche aux heures d’Angers', async ({ page }, testInfo) => {
  await page.goto('/programme');

  await expect(page.getByRole('heading', { level: 1, name: 'Programme' })).toBeVisible();
  const rows = page.locator('.session-row');
  await expect(rows).toHaveCount(10);
  // The browser runs in New York: an instant shown in UTC or in the visitor's zone
  // would read 08:15 or 12:15.
  const conference = rows.filter({ hasText: 'Repenser la solidarité' });
  await expect(conference.locator('time').first()).toHaveText(/^14:15/);
  await expect(rows.first()).toContainText('10:00');
  await expect(rows.first()).toContainText('seniors dans le bénévolat');
  await expect(rows.last()).toContainText('Cocktail');
  await screenshot(page, testInfo, 'programme');
});

test('les données viennent du serveur, pas d’une page figée', async ({ browser }, testInfo) => {
  const seed = seedCopy((doc) => {
    const conference = doc.sessions.find((s: any) => s.id === 'conference-repenser-la-solidarite');
    conference.title = 'Titre changé par le test de bout en bout';
  });
  const server = await startServer(seed);
  try {
    const page = await pageOn(browser, server, testInfo);
    await page.goto('/programme');
    await expect(page.getByText('Titre changé par le test de bout en bout')).toBeVisible();
    await expect(page.getByText('Repenser la solidarité')).toHaveCount(0);
    await page.context().close();
  } finally {
    await dispose(server);
  }
});
