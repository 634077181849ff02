// The satisfaction questionnaire edited in the console: a question added, its options and
// whether it is required, a mistake shown at its field, then published with a new version
// so answers already given keep the wording they answered.
import { test, expect } from '@playwright/test';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { organizer, signIn } from '../support/console';
import { dispose, pageOn, startServer } from '../support/server';

test('un organisateur ajoute une question au questionnaire et le publie en nouvelle version', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), '/organisateurs/editer/2013/questionnaire');
    await expectPage(page, 'Questionnaire de satisfaction');
    await expect(page.locator('.question-list > li')).toHaveCount(7);
    await expect(page.getByLabel('Texte de la question 1')).toHaveValue("Dans l'ensemble, êtes-vous satisfait de la journée ?");

    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    await page.getByLabel('Texte de la question 8').fill('Comment êtes-vous venu ?');
    await page.getByLabel('Type de réponse à la question 8').selectOption({ label: 'Plusieurs choix possibles' });
    const options = page.getByLabel('Réponses proposées à la question 8, une par ligne');
    await options.fill('Tram');
    await options.blur();
    await expect(page.locator('#question-7-reponses-issues .field-error')).toContainText('de 2 à 20 réponses');
    await options.fill('Tram\nBus\nÀ pied');
    await options.blur();
    await expect(page.locator('#question-7-reponses-issues .field-error')).toHaveCount(0);
    await page.getByLabel('Réponse obligatoire à la question 8').check();
    await page.getByRole('button', { name: 'Monter la question 8' }).click();
    await expect(page.getByLabel('Texte de la question 7')).toHaveValue('Comment êtes-vous venu ?');
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'console-questionnaire');

    await page.getByRole('link', { name: 'Publier', exact: true }).click();
    await expect(page.locator('.changes-summary')).toContainText('Le questionnaire de satisfaction est modifié.');
    await page.getByLabel('Note pour vos collègues (obligatoire)').fill('Question sur le transport ajoutée');
    await page.getByRole('button', { name: 'Publier pour les participants' }).click();
    await expect(page.locator('.said')).toContainText('Publié (révision 2)');

    const doc = await (await fetch(`${server.url}/api/editions/2013`)).json();
    expect(doc.questionnaire.version).toBe(2);
    expect(doc.questionnaire.questions[6]).toEqual({
      id: 'question',
      text: 'Comment êtes-vous venu ?',
      kind: 'choices',
      options: ['Tram', 'Bus', 'À pied'],
      required: true,
    });
    await page.context().close();
  } finally {
    await dispose(server);
  }
});
