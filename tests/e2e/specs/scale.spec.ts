// A big programme: the 36C3 congress (1,351 events, imported from its published frab
// XML with the CLI) stays usable: the list renders page by page and search narrows it.
// Speed itself is measured by `cargo xtask bench`, not asserted here.
import { test, expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { dispose, pageOn, patchSession, startServerWithImport, type OwnServer } from '../support/server';
import { ProgrammeScreen, expectNoAxeViolations } from '../support/pages';
import { screenshot } from '../support/screens';

const fixture = join(__dirname, '..', '..', '..', 'crates/model/tests/fixtures/interop/36c3_merged.xml');

/** Runs `steps` on `/programme`, opened on a server of its own holding the 36C3 programme. */
async function onCongress(
  browser: Browser,
  testInfo: TestInfo,
  steps: (page: Page, programme: ProgrammeScreen, server: OwnServer) => Promise<void>,
) {
  const server = await startServerWithImport(fixture, '36c3');
  try {
    const page = await pageOn(browser, server, testInfo);
    const programme = new ProgrammeScreen(page);
    await programme.open();
    await steps(page, programme, server);
    await page.context().close();
  } finally {
    await dispose(server);
  }
}

test('un congrès de 1 351 séances s’affiche par pages et se cherche', async ({ browser }, testInfo) => {
  await onCongress(browser, testInfo, async (page, programme, server) => {
    await expect(programme.count).toHaveText('1351 séances au programme.');
    await expect(programme.rows).toHaveCount(40);
    // Several days: each group says which day it is.
    await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText(/^(Vendredi|Samedi) 2\d\sdécembre · /);
    // Rows out of sight are not laid out (content-visibility): checkers still see whole rows.
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: /Afficher les séances suivantes \(1311 restantes\)/ }).click();
    await expect(programme.rows).toHaveCount(80);

    // A new revision arrives while the person reads and types: the page is drawn again,
    // but keeps the rows shown, the focus and what was typed.
    await programme.search.click();
    await page.keyboard.type('CERE');
    await expect(programme.count).toHaveText(/correspond/);
    // The rest of the first page of results comes once typing pauses.
    const found = Number(/^(\d+)/.exec((await programme.count.textContent())!)![1]);
    await expect(programme.rows).toHaveCount(Math.min(found, 40));
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
    const ceremonies = await programme.rows.count();
    expect(ceremonies).toBeGreaterThan(0);
    expect(ceremonies).toBeLessThan(40);
    await expect(programme.titles().filter({ hasText: 'Opening Ceremony' }).first()).toBeVisible();
    // Rows the search set aside stay in the page, hidden: nothing to read out or to check.
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'programme-congres-recherche');
  });
});

test('une lettre tapée dessine d’abord le haut de la liste, et le reste quand la frappe s’arrête', async ({ browser }, testInfo) => {
  await onCongress(browser, testInfo, async (page, programme) => {
    await expect(programme.rows).toHaveCount(40);
    /** Types `text` at once, and says what the page holds once it is answered (before any timer). */
    const typeAndLook = (text: string) =>
      page.evaluate(async (text) => {
        const before = new Set(document.querySelectorAll('.session-row'));
        const box = document.querySelector<HTMLInputElement>('#recherche')!;
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((done) => setTimeout(done, 0));
        const rows = [...document.querySelectorAll<HTMLElement>('.session-row')];
        const shown = rows.filter((row) => !row.hidden);
        return {
          built: rows.filter((row) => !before.has(row)).length,
          hidden: rows.length - shown.length,
          first: shown[0]?.querySelector('.session-title')?.textContent,
          count: document.querySelector('.result-count')!.textContent,
        };
      }, text);
    const firstShown = () => programme.rows.first().locator('.session-title').textContent();

    // "k": the count is already right, rows leaving the results are hidden, and the first
    // result was drawn for the whole programme: no row is built while the person types (a
    // phone shows the top of the first row at most above its keyboard).
    const k = await typeAndLook('k');
    expect(k.count).toMatch(/^\d+ séances sur 1351 correspondent/);
    expect(k.hidden).toBeGreaterThan(0);
    expect(k.built).toBe(0);
    // Once typing pauses, the whole first page of results is there, under the same first row.
    await expect(programme.rows).toHaveCount(40);
    expect(await firstShown()).toBe(k.first);

    // The last session of the congress: its row is not drawn yet, and is built at once.
    const last = await typeAndLook('morelle');
    expect(last).toMatchObject({ built: 1, first: 'Marko Morelle' });
    expect(last.count).toBe('1 séance sur 1351 correspond à votre recherche.');
    await expect(programme.rows).toHaveCount(1);
    expect(await firstShown()).toBe('Marko Morelle');
  });
});
