// The console's plan editor: a stand dragged with the mouse, moved with the arrow keys and
// typed in metres (with the French decimal comma), each change kept in the draft on the
// device; a stand taken off the plan and placed again; a feature added. axe on the page, and
// a screenshot at the project's size. And an edition without a plan, that gets one.
import { test, expect, type Page } from '@playwright/test';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { organizer, sharedDb, signIn } from '../support/console';
import { dispose, pageOn, seedCopy, startServer } from '../support/server';

const PLAN = '/organisateurs/editer/2013/plan';
/** The 2013 hall is 60 m wide, drawn with a metre of margin on each side. */
const VIEW_BOX_WIDTH = 62;

function drawing(page: Page) {
  return page.getByRole('group', { name: 'Plan du village : stands et repères' });
}

function stand(page: Page, number: number) {
  return drawing(page).getByRole('button', { name: new RegExp(`^Stand ${number} : `) });
}

test('un organisateur déplace un stand à la souris, au clavier et au mètre près, et ajoute des toilettes', async ({ page, baseURL }, testInfo) => {
  // Arrange: signed in, on the plan of the demo edition.
  const account = await organizer({ url: baseURL! }, sharedDb());
  await signIn(page, account, PLAN);
  await expectPage(page, 'Plan du village');
  const first = stand(page, 1);
  await expect(first).toHaveAccessibleName('Stand 1 : Petits frères des pauvres, x 7 m, y 20 m');

  // Act: drag stand 1 by 2 m to the right and 3 m up with the mouse.
  await first.scrollIntoViewIfNeeded();
  const box = (await first.boundingBox())!;
  const svgBox = (await page.locator('.plan-edit-svg').boundingBox())!;
  const perMetre = svgBox.width / VIEW_BOX_WIDTH;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 2 * perMetre, y - 3 * perMetre, { steps: 8 });
  await page.mouse.up();

  // Assert: the numeric fields follow, the live region says it, the name too.
  await expect(page.getByLabel('X : depuis le bord gauche')).toHaveValue('9');
  await expect(page.getByLabel('Y : depuis le bord du haut')).toHaveValue('17');
  await expect(page.locator('.plan-said')).toHaveText('Stand 1 déplacé : 9 m, 17 m');
  await expect(first).toHaveAccessibleName(/, x 9 m, y 17 m$/);

  // The draft is on the device: a reload finds the stand where it was put.
  await page.reload();
  await expectPage(page, 'Plan du village');
  await expect(stand(page, 1)).toHaveAccessibleName(/, x 9 m, y 17 m$/);
  const kept = await page.evaluate(() => localStorage.getItem('agir.console.brouillon.v1.2013'));
  expect(JSON.parse(kept!).draft.plan.stands[0].rect).toMatchObject({ x: 9, y: 17 });

  // The keyboard: stand 2 reached and moved right twice, half a metre each.
  const second = stand(page, 2);
  await second.focus();
  await expect(page.getByRole('heading', { name: 'Stand 2 : UNA' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('X : depuis le bord gauche')).toHaveValue('15,5');
  await expect(page.locator('.plan-said')).toHaveText('Stand 2 déplacé : 15,5 m, 20 m');
  await expect(second).toHaveAccessibleName('Stand 2 : UNA, x 15,5 m, y 20 m');
  await expect(second).toBeFocused();

  // Typed metres: the French comma is read; what is not a number is said, and so is a
  // stand that leaves the hall.
  const y2 = page.getByLabel('Y : depuis le bord du haut');
  await y2.fill('21,5');
  await expect(second).toHaveAccessibleName('Stand 2 : UNA, x 15,5 m, y 21,5 m');
  await y2.fill('vingt');
  await expect(page.getByText('Écrivez un nombre de mètres, par exemple 10,5.')).toBeVisible();
  await expect(second).toHaveAccessibleName(/y 21,5 m$/);
  await y2.fill('38');
  await expect(page.locator('#plan-choisi-erreurs')).toContainText('sort du plan (60 m × 40 m)');
  await expect(y2).toHaveAttribute('aria-invalid', 'true');
  await y2.fill('21,5');
  await expect(page.locator('#plan-choisi-erreurs')).toBeEmpty();

  // Off the plan and back: it waits in "Stands à placer", then gets a free spot and a number.
  await page.getByRole('button', { name: 'Retirer du plan' }).click();
  await expect(page.locator('.plan-said')).toHaveText('Stand 2 retiré du plan : il est dans la liste des stands à placer.');
  await expect(stand(page, 2)).toHaveCount(0);
  await page.getByRole('button', { name: 'Placer sur le plan : UNA' }).click();
  await expect(page.getByRole('heading', { name: 'Stand 13 : UNA' })).toBeVisible();
  await expect(stand(page, 13)).toHaveCount(1);
  await expect(page.getByText('Tous les stands de la liste sont sur le plan.')).toBeVisible();

  // A feature: toilets, added in the middle of the hall.
  const toilets = drawing(page).locator('.feature-toilets');
  await expect(toilets).toHaveCount(1);
  await page.getByLabel('Type de repère à ajouter').selectOption({ label: 'Toilettes' });
  await page.getByRole('button', { name: 'Ajouter ce repère' }).click();
  await expect(toilets).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Repère : Toilettes' })).toBeVisible();
  await expect(page.locator('.plan-said')).toContainText('Repère « Toilettes » ajouté au milieu du plan (x 30 m, y 20 m)');
  await expect(page.getByLabel('X : depuis le bord gauche')).toHaveValue('30');
  const listed = page.locator('.plan-edit-list li').filter({ hasText: 'Toilettes' });
  await expect(listed.filter({ hasText: 'x 30 m, y 20 m' })).toHaveCount(1);

  // A stand chosen from the list: its fields take the keyboard, and the plan scrolls to it
  // when it is wider than the screen.
  await page.getByText(/^Choisir un stand dans la liste\s\(12\)$/).click();
  await page.locator('.plan-edit-choices').getByRole('button', { name: /^Stand 12 : / }).click();
  await expect(page.getByRole('heading', { name: "Stand 12 : CCAS d'Angers – accueil" })).toBeVisible();
  await expect(page.getByLabel('X : depuis le bord gauche')).toBeFocused();
  await expect(page.getByLabel('X : depuis le bord gauche')).toHaveValue('52');
  await expect
    .poll(() =>
      page.evaluate(() => {
        const frame = document.querySelector('.plan-edit-scroll')!.getBoundingClientRect();
        const shape = document.querySelector('g.edit-stand[aria-label^="Stand 12 "]')!.getBoundingClientRect();
        return shape.left >= frame.left && shape.right <= frame.right;
      }),
    )
    .toBe(true);

  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'console-plan');
});

test('une édition sans plan : l’organisateur donne la taille de la salle, crée le plan et y place un stand', async ({ browser }, testInfo) => {
  const server = await startServer(seedCopy((doc) => delete doc.plan));
  try {
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, `${server.dir}/agir.db`), PLAN);
    await expectPage(page, 'Plan du village');
    await expect(page.getByText("Ce programme n'a pas encore de plan du village.")).toBeVisible();

    // A size that is not one is refused next to its field, and nothing is created.
    const width = page.getByLabel('Largeur de la salle (m)');
    await width.fill('0');
    await page.getByRole('button', { name: 'Créer un plan' }).click();
    await expect(page.getByText('Écrivez un nombre de mètres plus grand que zéro, par exemple 40 ou 32,5.')).toBeVisible();
    await expect(width).toHaveAttribute('aria-invalid', 'true');
    await expect(drawing(page)).toHaveCount(0);

    await width.fill('32,5');
    await page.getByRole('button', { name: 'Créer un plan' }).click();
    await expect(drawing(page)).toBeVisible();
    await expect(page.getByLabel('Largeur de la salle', { exact: true })).toHaveValue('32,5');
    await expect(page.locator('.plan-edit-list li').filter({ hasText: 'Placer sur le plan' })).toHaveCount(12);
    await page.getByRole('button', { name: "Placer sur le plan : CCAS d'Angers – accueil" }).click();
    await expect(stand(page, 1)).toHaveAccessibleName(/^Stand 1\s:\sCCAS d'Angers – accueil, x \d/);
    await expect(page.getByLabel('X : depuis le bord gauche')).toBeFocused();
    await expectNoAxeViolations(page);
    await page.context().close();
  } finally {
    await dispose(server);
  }
});
