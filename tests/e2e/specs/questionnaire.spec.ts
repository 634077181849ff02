// The satisfaction questionnaire on /avis: one question per screen on a phone, all on one
// page on a computer; answers kept on the phone as they are given and found again after a
// reload; half given online, half with the server gone; sent once when it comes back.
import { test, expect, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { adminToken, dispose, pageOn, startServer, type OwnServer } from '../support/server';

async function bilan(server: OwnServer) {
  const response = await fetch(`${server.url}/api/admin/bilan?edition=2013`, {
    headers: { Authorization: `Bearer ${adminToken()}`, Accept: 'application/json' },
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** Picks point `p` of the scale question whose text contains `text`. */
async function rate(page: Page, text: string, p: number) {
  await page.locator('.survey-question', { hasText: text }).locator(`label[for$="-${p}"]`).click();
}

test('le questionnaire se reprend après un rechargement, s’envoie hors ligne et n’arrive qu’une fois', async ({ browser }, testInfo) => {
  const phone = testInfo.project.name === 'phone';
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    await page.goto('/avis');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expectPage(page, 'Votre avis');
    await expect(page.locator('.survey-question')).toHaveCount(phone ? 1 : 7);
    if (phone) await expect(page.getByText('Question 1 sur 7')).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'questionnaire');

    await rate(page, "Dans l'ensemble", 5);
    if (phone) await page.getByRole('button', { name: 'Suivant' }).click();
    await rate(page, 'La qualité des interventions', 4);

    // Left and resumed: the answers are still there, on the same question.
    await page.reload();
    await expectPage(page, 'Votre avis');
    if (phone) {
      await expect(page.getByText('Question 2 sur 7')).toBeVisible();
      await expect(page.locator('#q1-4')).toBeChecked();
      await page.getByRole('button', { name: 'Précédent' }).click();
    }
    await expect(page.locator('#q0-5')).toBeChecked();

    // The server goes away; the rest is answered and sent all the same.
    await server.stop();
    if (phone) {
      for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Suivant' }).click();
    }
    await page.locator('.survey-question', { hasText: "Reviendrez-vous" }).getByText('Peut-être').click();
    if (phone) await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel(/Un mot pour les organisateurs/).fill('Plus de temps pour les questions du public.');
    await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await expect(page.getByText('Merci pour vos réponses !')).toBeVisible();
    await expect(page.getByText('Vos réponses seront envoyées dès que possible')).toBeVisible();
    await screenshot(page, testInfo, 'questionnaire-en-attente');

    await server.restart();
    await expect(page.getByText('Vos réponses sont envoyées.')).toBeVisible({ timeout: 45_000 });
    await page.reload();
    await expect(page.getByText('Vos réponses sont envoyées.')).toBeVisible();
    await page.waitForTimeout(1000);
    const report = await bilan(server);
    expect(report.responses).toBe(1);
    const journee = report.questions.find((q: any) => q.id === 'journee');
    expect(journee.detail.counts).toEqual([0, 0, 0, 0, 1]);
    const comment = report.questions.find((q: any) => q.id === 'commentaire');
    expect(comment.detail.texts).toEqual(['Plus de temps pour les questions du public.']);
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

/** The interest of each session, as the organizers' bilan counts it. */
async function interest(server: OwnServer): Promise<Record<string, number>> {
  const report = await bilan(server);
  return Object.fromEntries(report.sessions.map((s: any) => [s.id, s.interest]));
}

test('les séances de « Mon programme » comptent dans le bilan, et plus du tout une fois le partage coupé', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const one = await pageOn(browser, server, testInfo);
    const two = await pageOn(browser, server, testInfo);
    for (const [page, ids] of [
      [one, ['table-ronde-parcours', 'ouverture']],
      [two, ['table-ronde-parcours']],
    ] as [Page, string[]][]) {
      for (const id of ids) {
        await page.goto(`/programme/${id}`);
        await page.getByRole('button', { name: /^Ajouter à mon programme/ }).click();
      }
    }
    await expect
      .poll(() => interest(server), { timeout: 20_000 })
      .toMatchObject({ 'table-ronde-parcours': 2, ouverture: 1 });

    // Sharing turned off on the first phone: what it sent is withdrawn.
    await one.goto('/infos#donnees');
    const share = one.getByLabel(/Partager anonymement les séances/);
    await expect(share).toBeChecked();
    await share.uncheck();
    await expectNoAxeViolations(one);
    await expect
      .poll(() => interest(server), { timeout: 20_000 })
      .toMatchObject({ 'table-ronde-parcours': 1, ouverture: 0 });
    await one.context().close();
    await two.context().close();
  } finally {
    await dispose(server);
  }
});
