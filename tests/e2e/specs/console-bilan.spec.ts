// The bilan in the console: answers to the questionnaire counted question by question (bars
// and the same figures in a table, mean and median), the comments searchable, the sessions
// people bookmarked beside their ratings, attendance typed by hand, and the A4 print.
import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { organizer, signIn } from '../support/console';
import { dispose, pageOn, startServer } from '../support/server';

async function answer(url: string, answers: Record<string, unknown>) {
  const response = await fetch(`${url}/api/reponses`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key: randomUUID(), edition: '2013', version: 1, answers }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

async function bookmark(url: string, device: string, sessions: string[]) {
  const response = await fetch(`${url}/api/interet/${device}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ edition: '2013', sessions }),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
}

test('le bilan compte les réponses, montre les commentaires et les séances voulues', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    await answer(server.url, { journee: 5, revenir: 'Oui', commentaire: 'Plus de temps pour les questions du public.' });
    await answer(server.url, { journee: 4, revenir: 'Peut-être' });
    await answer(server.url, { journee: 2, commentaire: 'Le village était trop bruyant.' });
    await bookmark(server.url, 'appareil-un-0123456789', ['table-ronde-parcours', 'ouverture']);
    await bookmark(server.url, 'appareil-deux-0123456789', ['table-ronde-parcours']);

    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), '/organisateurs/bilan');
    await expectPage(page, 'Bilan de la journée');
    await expect(page.locator('.bilan-lead')).toHaveText('Édition 2013 : 1 155 participants, 3 réponses au questionnaire.');
    const journee = page.locator('.bilan-question', { hasText: "Dans l'ensemble" });
    await expect(journee).toContainText('3 réponses.');
    await expect(journee).toContainText('Moyenne 3,7 sur 5, médiane 4.');
    await expect(journee.locator('tbody tr').nth(4)).toContainText('5 (Très satisfait)');
    await expect(journee.locator('tbody tr').nth(4).locator('td').first()).toHaveText('1');
    // The chart: a bar per answer, as long as its count, under a label at the page's text
    // size, its count beside it on screen.
    const bars = journee.locator('.bilan-bar-row');
    await expect(bars).toHaveCount(5);
    await expect(bars.locator('.bilan-bar-count')).toHaveText(['0', '1', '0', '1', '1']);
    const widths = await bars.locator('.bilan-bar').evaluateAll((all) => all.map((b) => b.getBoundingClientRect().width));
    expect(widths[0]).toBeLessThan(4);
    expect(widths[1]).toBeGreaterThan(150);
    expect(Math.abs(widths[4] - widths[1])).toBeLessThan(1);
    const labelSize = await bars.first().locator('.bilan-bar-label').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(labelSize).toBeGreaterThanOrEqual(16);
    const countRight = await bars.nth(1).locator('.bilan-bar-count').evaluate((e) => e.getBoundingClientRect().right);
    expect(countRight).toBeLessThanOrEqual(await page.evaluate(() => document.documentElement.clientWidth));

    const comments = page.locator('.bilan-question', { hasText: 'Un mot pour les organisateurs' });
    await expect(comments.locator('.bilan-comments li')).toHaveCount(2);
    await comments.getByLabel('Chercher dans les commentaires').fill('village');
    await expect(comments.locator('.bilan-comments li')).toHaveText(['Le village était trop bruyant.']);

    const sessions = page.locator('.bilan-sessions tbody tr');
    await expect(sessions.first()).toContainText('Table ronde');
    await expect(sessions.first().locator('td').first()).toHaveText('2');
    await expect(sessions.nth(1).locator('td').first()).toHaveText('1');
    // Across editions: 2011 from the write-up, then this edition.
    const years = page.locator('.bilan-years tbody tr');
    await expect(years).toHaveCount(2);
    await expect(years.nth(0)).toHaveText(/2011\s*322/);
    await expect(years.nth(1)).toContainText('1 155');
    await expect(years.nth(1)).toContainText('3,7 sur 5');
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-bilan');

    // Printed on A4: the figures and charts without the buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Imprimer le bilan (A4)' })).toBeHidden();
    await page.pdf({ path: testInfo.outputPath('bilan.pdf'), format: 'A4' }).catch(() => {});
    await screenshot(page, testInfo, 'console-bilan-impression');
    await page.context().close();
  } finally {
    await dispose(server);
  }
});
