// A big programme: the 36C3 congress (1,351 events, imported from its published frab
// XML with the CLI) stays usable: the list renders page by page and search narrows it.
// Speed itself is measured by `cargo xtask bench`, not asserted here.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { dispose, pageOn, patchSession, startServerWithImport } from '../support/server';
import { ProgrammeScreen, expectNoAxeViolations } from '../support/pages';

const fixture = join(__dirname, '..', '..', '..', 'crates/model/tests/fixtures/interop/36c3_merged.xml');

test('un congrès de 1 351 séances s’affiche par pages et se cherche', async ({ browser }, testInfo) => {
  const server = await startServerWithImport(fixture, '36c3');
  try {
    const page = await pageOn(browser, server, testInfo);
    const programme = new ProgrammeScreen(page);
    await programme.open();
    await expect(programme.count).toHaveText('1351 séances au programme.');
    await expect(programme.rows).toHaveCount(40);
    // Several days: each group says which day it is.
    await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText(/^(Vendredi|Samedi) 2\d décembre · /);
    // Rows out of sight are not laid out (content-visibility): checkers still see whole rows.
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: /Afficher les séances suivantes \(1311 restantes\)/ }).click();
    await expect(programme.rows).toHaveCount(80);

    // A new revision arrives while the person reads and types: the page is drawn again,
    // but keeps the rows shown, the focus and what was typed.
    await programme.search.click();
    await page.keyboard.type('CERE');
    await expect(programme.count).toHaveText(/correspond/);
    const shownBefore = await programme.rows.count();
    await page.evaluate(() => document.querySelector('.session-row')!.setAttribute('data-old', ''));
    const doc = await (await fetch(`${server.url}/api/edition`)).json();
    await patchSession(server, doc.sessions[doc.sessions.length - 1].id, { status: 'cancelled' });
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(page.locator('.session-row[data-old]')).toHaveCount(0, { timeout: 20_000 });
    await expect(programme.rows).toHaveCount(shownBefore);
    await page.keyboard.type('MONY');
    await expect(programme.search).toHaveValue('CEREMONY');

    await programme.search.fill('');
    await expect(programme.rows).toHaveCount(40);
    await page.getByRole('button', { name: /Afficher les séances suivantes/ }).click();
    await expect(programme.rows).toHaveCount(80);
    await page.evaluate(() => document.querySelector('.session-row')!.setAttribute('data-old', ''));
    await patchSession(server, doc.sessions[doc.sessions.length - 2].id, { status: 'cancelled' });
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(page.locator('.session-row[data-old]')).toHaveCount(0, { timeout: 20_000 });
    await expect(programme.rows).toHaveCount(80);

    await programme.search.fill('CEREMONY');
    await expect(programme.count).toHaveText(/^\d+ séances? sur 1351 correspond/);
    const found = await programme.rows.count();
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(40);
    await expect(programme.titles().filter({ hasText: 'Opening Ceremony' }).first()).toBeVisible();
    // Rows the search set aside stay in the page, hidden: nothing to read out or to check.
    await expectNoAxeViolations(page);
    await page.context().close();
  } finally {
    await dispose(server);
  }
});
