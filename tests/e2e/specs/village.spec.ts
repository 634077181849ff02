// The village plan: find a stand or a room from the list, the plan or a QR code (whose
// stand comes first on the screen); pan and zoom by touch, buttons and keyboard while the
// page still scrolls; labels that never overlap; facilities and rooms said in words; the QR
// labels of `agir-server qr` read back by an independent decoder (jsQR).
import { test, expect, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { VillageScreen, Fingers, overlap, centre } from '../support/village';
import { startServer, seedCopy, dispose, pageOn } from '../support/server';

const STANDS = 12;

test('la recherche « resto » trouve les deux stands, et le choix s’affiche sur le plan', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  await expect(village.listItems()).toHaveCount(STANDS);
  await expect(village.count).toHaveText('12 stands au village.');

  await village.search.fill('RESTO');
  await expect(village.listItems()).toHaveCount(2);
  await expect(village.listItems().locator('.stand-name')).toHaveText(['Les Restos du cœur', 'Resto Troc']);
  await expect(village.count).toHaveText('2 stands sur 12 correspondent à votre recherche.');
  // Accents and case do not matter.
  await village.search.fill('cœur');
  await expect(village.listItems()).toHaveCount(1);
  await village.search.fill('coeur');
  await expect(village.listItems()).toHaveCount(1);
  await village.search.fill('resto');

  await village.list.getByRole('link', { name: /Les Restos du cœur/ }).click();
  await expect(page).toHaveURL(/\/village\/restos-du-coeur$/);
  await expect(village.stand('restos-du-coeur')).toHaveClass(/selected/);
  await expect(village.stand('resto-troc')).not.toHaveClass(/selected/);
  await expect(page.getByRole('heading', { level: 2, name: 'Stand 5 : Les Restos du cœur' })).toBeFocused();
  await expect(village.sheet).toContainText('Alimentation');
  await expect(village.sheet.getByRole('link', { name: 'restosducoeur.org' })).toBeVisible();
  await expect(village.sheet.getByRole('link', { name: /Table ronde/ })).toHaveAttribute('href', /^\/programme\//);
  // The search survives the choice: the plan is the same page.
  await expect(village.search).toHaveValue('resto');

  // A second choice replaces the first in the history: Back goes to the bare plan.
  await village.list.getByRole('link', { name: /Resto Troc/ }).click();
  await expect(page).toHaveURL(/\/village\/resto-troc$/);
  await expect(village.stand('resto-troc')).toHaveClass(/selected/);
  await expect(village.stand('restos-du-coeur')).not.toHaveClass(/selected/);
  await page.goBack();
  await expect(page).toHaveURL(/\/village$/);
  await expect(village.sheet).toHaveCount(0);
  await expect(page.locator('a.plan-stand.selected')).toHaveCount(0);
});

test('un stand touché sur le plan ouvre sa fiche, et « Fermer la fiche » la referme', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  await page.locator('.plan-zoom-in').click();
  await page.locator('.plan-zoom-in').click();
  await village.stand('una').click();
  await expect(page).toHaveURL(/\/village\/una$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Stand 2 : UNA' })).toBeVisible();
  await expect(page).toHaveTitle('UNA · Plan du village · Agir ensemble');
  await expect(village.stand('una')).toHaveClass(/selected/);
  await expect(village.sheet).toContainText('Seniors');

  await village.sheet.getByRole('link', { name: 'Fermer la fiche' }).click();
  await expect(page).toHaveURL(/\/village$/);
  await expect(village.sheet).toHaveCount(0);
  // Focus returns to the stand in the list.
  await expect(village.list.getByRole('link', { name: /UNA/ })).toBeFocused();
  await expect(page).toHaveTitle('Plan du village · Agir ensemble');
  // Closing went back rather than stacking an entry: Back does not reopen the sheet.
  await page.goBack();
  expect(page.url()).not.toMatch(/\/village\/una$/);
});

test('le lien direct d’un stand le montre au centre du plan, agrandi, avec sa fiche', async ({ page }, testInfo) => {
  const village = new VillageScreen(page);
  await village.open('/village/resto-troc');
  await expect(page.getByRole('heading', { level: 2, name: 'Stand 6 : Resto Troc' })).toBeVisible();
  await expect(village.stand('resto-troc')).toHaveClass(/selected/);
  await expect(village.list.getByRole('link', { name: /Resto Troc/ })).toHaveAttribute('aria-current', 'true');

  const plan = await village.viewportBox();
  const shape = await village.stand('resto-troc').locator('.stand-shape').boundingBox();
  expect(shape).not.toBeNull();
  const c = centre(shape!);
  const middle = centre(plan);
  expect(Math.abs(c.x - middle.x)).toBeLessThan(4);
  expect(Math.abs(c.y - middle.y)).toBeLessThan(4);
  // Zoomed in: the stand is wide enough for its name.
  expect(shape!.width).toBeGreaterThan(plan.width * 0.3);
  await expect(page.locator('text.stand-label', { hasText: 'Resto Troc' })).toBeAttached();
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'village-stand');
});

test('arrivé par le QR code d’un stand, on lit d’abord son numéro et son nom, puis le plan centré sur lui', async ({
  page,
}, testInfo) => {
  const village = new VillageScreen(page);
  await village.open('/village/resto-troc');
  const title = page.getByRole('heading', { level: 2, name: 'Stand 6 : Resto Troc' });
  await expect(title).toBeVisible();
  await expect(page.locator('text.stand-label', { hasText: 'Resto Troc' })).toBeAttached();
  // The first screen, unscrolled, shows the whole title: the stand's number and name.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const size = page.viewportSize()!;
  const box = (await title.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  // Then the plan, centred on the stand.
  const plan = await village.viewportBox();
  expect(plan.y).toBeGreaterThan(box.y + box.height);
  const shape = centre((await village.stand('resto-troc').locator('.stand-shape').boundingBox())!);
  expect(Math.abs(shape.x - centre(plan).x)).toBeLessThan(4);
  expect(Math.abs(shape.y - centre(plan).y)).toBeLessThan(4);
  await screenshot(page, testInfo, 'village-arrivee-qr', { fold: true });

  // A neighbour tapped on the plan: its sheet comes under the plan, as for any tap, and
  // the plan stays in view.
  await village.viewport.scrollIntoViewIfNeeded();
  const frame = await village.viewportBox();
  const neighbour = (await village.stand('restos-du-coeur').locator('.stand-shape').boundingBox())!;
  const left = Math.max(neighbour.x, frame.x);
  const right = Math.min(neighbour.x + neighbour.width, frame.x + frame.width);
  expect(right - left, 'Les Restos du cœur, à côté, se voient sur le plan').toBeGreaterThan(10);
  await page.mouse.click((left + right) / 2, neighbour.y + neighbour.height / 2);
  await expect(page).toHaveURL(/\/village\/restos-du-coeur$/);
  const next = page.getByRole('heading', { level: 2, name: 'Stand 5 : Les Restos du cœur' });
  await expect(next).toBeFocused();
  await expect(village.sheet).toHaveCount(1);
  await expect(page.locator('.sheet-slot .sheet')).toHaveCount(1);
  expect((await village.sheet.boundingBox())!.y).toBeGreaterThan((await village.viewportBox()).y);
  await expect(next).toBeInViewport();
  await expect(village.viewport).toBeInViewport({ ratio: 0.5 });
});

test('sous le plan, les services et les salles sont dits avec leur emplacement', async ({ page }, testInfo) => {
  const village = new VillageScreen(page);
  await village.open();
  await expect(village.services.getByRole('listitem')).toHaveCount(7);
  const where: [string, string][] = [
    ['Entrée principale', 'Sur le côté droit du plan, près du stand 12'],
    ['Accueil du CCAS', 'Droit devant en entrant'],
    ['Toilettes', 'Au fond, droit devant en entrant, près du stand 1'],
    ['Ascenseur', 'Au fond à droite en entrant, près du stand 1'],
    ['Cheminement sans marche', "De l'entrée principale jusqu'à l'Auditorium"],
  ];
  for (const [label, words] of where) {
    await expect(village.service(label).locator('.place-where')).toHaveText(words);
  }
  await expect(village.service('Sortie de secours').locator('.place-where')).toHaveText([
    'Au milieu, à gauche en entrant, près du stand 10',
    'Au fond à gauche en entrant, près du stand 7',
  ]);

  // The rooms open their sheet, as the stands of the list do, and closing the sheet
  // brings focus back to the room.
  await expect(village.rooms.getByRole('link')).toHaveCount(4);
  const room = village.rooms.getByRole('link', { name: /^Auditorium/ });
  await expect(room).toContainText('Au fond à droite en entrant');
  await room.click();
  await expect(page).toHaveURL(/\/village\/lieu\/auditorium$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Auditorium' })).toBeFocused();
  await expect(room).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('a.plan-room.selected')).toHaveAttribute('data-place', 'auditorium');
  await village.sheet.getByRole('link', { name: 'Fermer la fiche' }).click();
  await expect(page).toHaveURL(/\/village$/);
  await expect(room).toBeFocused();
  await expect(room).not.toHaveAttribute('aria-current');

  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'village-services');
});

test('un redimensionnement (la barre d’adresse d’un téléphone) ne ramène pas le plan au stand choisi', async ({
  page,
}) => {
  const village = new VillageScreen(page);
  await village.open('/village/resto-troc');
  await expect(page.locator('text.stand-label', { hasText: 'Resto Troc' })).toBeAttached();
  const centred = await village.viewBox();
  await village.viewport.focus();
  await page.keyboard.press('ArrowLeft');
  const panned = await village.viewBoxChangedFrom(centred);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: size.height - 60 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const after = await village.viewBox();
  const middle = (v: number[]) => v[0] + v[2] / 2;
  expect(middle(after)).toBeCloseTo(middle(panned), 2);
});

test('après un lien, le plan arrive avec la page, sans saut, même sur un téléphone lent', async ({ page }) => {
  await page.goto('/');
  await expectPage(page, 'Agir ensemble');
  // A slow phone: the page's parts drawn in tasks of their own would show apart.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  // Each frame painted: is the plan's heading there, and the plan with it? And every
  // layout shift, those after a tap included.
  await page.evaluate(() => {
    const seen = ((window as any).__seen = { frames: [] as string[], shift: 0 });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number }[]) seen.shift += entry.value;
    }).observe({ type: 'layout-shift' });
    const frame = () => {
      const heading = [...document.querySelectorAll('h1')].some((h) => h.textContent?.startsWith('Plan du village'));
      seen.frames.push(`${heading ? 'titre' : '-'} ${document.querySelector('.plan-svg') ? 'plan' : '-'}`);
      if (seen.frames.length < 400) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Plan' }).click();
  await expect(page.locator('.plan-svg')).toBeVisible();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const seen = await page.evaluate(() => (window as any).__seen as { frames: string[]; shift: number });
  expect(seen.frames).toContain('titre plan');
  expect(seen.frames).not.toContain('titre -');
  expect(seen.shift).toBe(0);
});

test('« Voir sur le plan » d’une séance montre la salle et ce qui s’y passe', async ({ page }) => {
  await page.goto('/programme/conference-repenser-la-solidarite');
  await expectPage(page, /Repenser la solidarité/);
  await page.getByRole('link', { name: 'Voir sur le plan' }).click();
  await expect(page).toHaveURL(/\/village\/lieu\/auditorium$/);
  const village = new VillageScreen(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Auditorium' })).toBeVisible();
  await expect(village.sheet).toContainText('Places réservées aux fauteuils roulants');
  await expect(village.sheet.getByRole('link', { name: /Repenser la solidarité/ })).toBeVisible();
  await expect(page.locator('a.plan-room.selected')).toHaveAttribute('aria-label', 'Lieu : Auditorium');
  // The whole room is in view.
  const plan = await village.viewportBox();
  const room = await page.locator('a.plan-room.selected .room-shape').boundingBox();
  expect(room!.x).toBeGreaterThanOrEqual(plan.x - 1);
  expect(room!.x + room!.width).toBeLessThanOrEqual(plan.x + plan.width + 1);
  await expectNoAxeViolations(page);
});

test('un stand ou un lieu inconnu mène à « Page introuvable »', async ({ page }) => {
  await page.goto('/village/stand-inconnu');
  await expectPage(page, 'Page introuvable');
  await expect(page.getByText('Le stand « stand-inconnu » n\'est pas au village des solidarités.')).toBeVisible();
  await page.goto('/village/lieu/nulle-part');
  await expectPage(page, 'Page introuvable');
  await expect(page.getByText('Le lieu « nulle-part » n\'est pas au programme.')).toBeVisible();
  await page.goto('/village/a/b/c');
  await expectPage(page, 'Page introuvable');
});

test('les boutons et le clavier agrandissent, réduisent, déplacent et recentrent le plan', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  const fit = await village.viewBox();

  await page.getByRole('button', { name: 'Agrandir le plan' }).click();
  const bigger = await village.viewBoxChangedFrom(fit);
  expect(bigger[2]).toBeLessThan(fit[2]);
  await page.getByRole('button', { name: 'Réduire le plan' }).click();
  const back = await village.viewBoxChangedFrom(bigger);
  expect(back[2]).toBeCloseTo(fit[2], 3);

  await village.viewport.focus();
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.keyboard.press('+');
  const zoomed = await village.viewBoxChangedFrom(back);
  expect(zoomed[2]).toBeLessThan(fit[2]);
  await page.keyboard.press('ArrowRight');
  const right = await village.viewBoxChangedFrom(zoomed);
  expect(right[0]).toBeGreaterThan(zoomed[0]);
  await page.keyboard.press('ArrowDown');
  const down = await village.viewBoxChangedFrom(right);
  expect(down[1]).toBeGreaterThan(right[1]);
  // The arrows moved the plan, not the page.
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await page.keyboard.press('-');
  await village.viewBoxChangedFrom(down);

  await page.getByRole('button', { name: 'Recentrer' }).click();
  await expect.poll(async () => (await village.viewBox()).join(' ')).toBe(fit.join(' '));
  // Buttons are big enough for a finger.
  for (const button of await page.locator('.plan-toolbar button').all()) {
    const box = await button.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(box!.height).toBeGreaterThanOrEqual(44);
  }
});

test('un pincement à deux doigts agrandit le plan, un doigt le déplace, et la page défile toujours', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  const fingers = await Fingers.on(page);
  const plan = await village.viewportBox();
  const middle = centre(plan);
  const fit = await village.viewBox();

  // Two fingers spread apart on the plan: zoom in around them.
  await fingers.pinch(
    [
      { x: middle.x - 30, y: middle.y },
      { x: middle.x + 30, y: middle.y },
    ],
    [
      { x: middle.x - 110, y: middle.y - 10 },
      { x: middle.x + 110, y: middle.y + 10 },
    ],
  );
  const pinched = await village.viewBoxChangedFrom(fit);
  expect(pinched[2]).toBeLessThan(fit[2] * 0.5);
  await expect(village.viewport).toHaveClass(/zoomed/);

  // Zoomed in, one finger drags the plan (and does not open the stand under it).
  await fingers.swipe({ x: middle.x + 60, y: middle.y }, { x: middle.x - 60, y: middle.y });
  const dragged = await village.viewBoxChangedFrom(pinched);
  expect(dragged[0]).toBeGreaterThan(pinched[0]);
  await expect(page).toHaveURL(/\/village$/);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // One finger outside the plan (on the warning above it) scrolls the page.
  const note = centre((await page.locator('.plan-assumption').boundingBox())!);
  expect(note.y).toBeLessThan(plan.y);
  await fingers.swipe(note, { x: note.x, y: note.y - 250 });
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
  // …and the plan did not move.
  expect((await village.viewBox()).join(' ')).toBe(dragged.join(' '));
});

test('à plan entier, un doigt qui glisse sur le plan fait défiler la page', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  const fingers = await Fingers.on(page);
  const plan = await village.viewportBox();
  const fit = await village.viewBox();
  await fingers.swipe({ x: plan.x + 100, y: plan.y + plan.height - 20 }, { x: plan.x + 100, y: plan.y + 40 });
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(50);
  expect((await village.viewBox()).join(' ')).toBe(fit.join(' '));
});

test('aucune étiquette de stand n’en chevauche une autre, à tous les zooms', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  for (let step = 0; step < 6; step++) {
    const boxes = await village.labelBoxes();
    expect(boxes).toHaveLength(STANDS);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        expect(overlap(boxes[i].box, boxes[j].box), `« ${boxes[i].text} » et « ${boxes[j].text} »`).toBe(false);
      }
    }
    // Room names do not cover stand numbers either.
    const all = await village.labelBoxes('text.plan-label');
    expect(all.length).toBeGreaterThan(STANDS);
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        expect(overlap(all[i].box, all[j].box), `« ${all[i].text} » et « ${all[j].text} »`).toBe(false);
      }
    }
    const before = await village.viewBox();
    await page.getByRole('button', { name: 'Agrandir le plan' }).click();
    if (step < 4) await village.viewBoxChangedFrom(before);
  }
  // At the highest zoom every name is whole.
  const names = (await village.labelBoxes()).map((l) => l.text);
  expect(names.join(' ')).toContain('Les Restos du cœur');
  expect(names.join(' ')).toContain('Petits frères des pauvres');
});

test('avec « Grand texte », les étiquettes du plan grandissent sans se chevaucher', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  await page.getByRole('button', { name: 'Agrandir le plan' }).click();
  await page.getByRole('button', { name: 'Agrandir le plan' }).click();
  const before = (await village.labelBoxes())[0].box.height;
  await page.getByRole('button', { name: 'Grand texte' }).click();
  await expect.poll(async () => (await village.labelBoxes())[0].box.height).toBeGreaterThan(before * 1.1);
  const boxes = await village.labelBoxes('text.plan-label');
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      expect(overlap(boxes[i].box, boxes[j].box), `« ${boxes[i].text} » et « ${boxes[j].text} »`).toBe(false);
    }
  }
  expect(await village.labelBoxes()).toHaveLength(STANDS);
});

test('au clavier, Tab atteint un stand du plan et Entrée ouvre sa fiche', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  // A mouse drag first: the click that Enter makes later must not be taken for its end.
  await page.getByRole('button', { name: 'Agrandir le plan' }).click();
  const before = await village.viewBox();
  const box = await village.viewportBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await village.viewBoxChangedFrom(before);
  await expect(page).toHaveURL(/\/village$/);
  await page.getByRole('button', { name: 'Recentrer' }).click();
  await village.viewport.focus();
  const links = page.locator('svg.plan-svg a');
  await expect(links.first()).toBeAttached();
  // Rooms first, then stands: Tab until the first stand.
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press('Tab');
    found = (await page.evaluate(() => document.activeElement?.getAttribute('data-stand'))) === 'petits-freres-des-pauvres';
  }
  expect(found).toBe(true);
  await expect(village.stand('petits-freres-des-pauvres')).toHaveAttribute(
    'aria-label',
    'Stand 1 : Petits frères des pauvres',
  );
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/village\/petits-freres-des-pauvres$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Stand 1 : Petits frères des pauvres' })).toBeFocused();
});

test('la liste se filtre par thème', async ({ page }) => {
  const village = new VillageScreen(page);
  await village.open();
  await village.list.getByLabel('Thème', { exact: true }).selectOption('Logement');
  await expect(village.listItems().locator('.stand-name')).toHaveText(['Le Temps pour toit', 'Le Toit Angevin']);
  await expect(village.stand('toit-angevin')).toHaveClass(/match/);
  await expect(village.stand('una')).not.toHaveClass(/match/);
  await village.search.fill('angevin');
  await expect(village.listItems()).toHaveCount(1);
  await village.search.fill('xyz');
  await expect(village.count).toHaveText('Aucun stand ne correspond à votre recherche.');
});

test('les étiquettes SVG de « agir-server qr », dessinées par le navigateur, se lisent et ouvrent leur stand', async ({ browser }, testInfo) => {
  const server = await startServer();
  const out = mkdtempSync(join(tmpdir(), 'agir-qr-'));
  try {
    const made = spawnSync(
      process.env.AGIR_SERVER_BIN!,
      ['qr', '--out', out, '--public-url', server.url, '--db', join(server.dir, 'agir.db')],
      { encoding: 'utf8' },
    );
    expect(made.status, made.stderr).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.svg')).sort();
    expect(files).toHaveLength(STANDS);
    const page = await pageOn(browser, server, testInfo);
    for (const file of files) {
      await page.setContent(`<body style="margin:0;background:#fff">${readFileSync(join(out, file), 'utf8')}</body>`);
      await page.locator('svg').first().evaluate((svg) => {
        svg.setAttribute('width', '480');
        svg.removeAttribute('height');
      });
      const png = PNG.sync.read(await page.locator('svg').first().screenshot());
      const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(found?.data, file).toMatch(new RegExp(`^${server.url}/village/[a-z0-9-]+$`));
      const stand = found!.data.split('/').pop()!;
      expect(file).toContain(stand);
      await page.goto(found!.data);
      await expect(page.locator('a.plan-stand.selected')).toHaveAttribute('data-stand', stand);
    }
    await page.context().close();
  } finally {
    rmSync(out, { recursive: true, force: true });
    await dispose(server);
  }
});

test('le plan affiche son avertissement et sa légende, sans défaut d’accessibilité', async ({ page }, testInfo) => {
  const village = new VillageScreen(page);
  await village.open();
  await expect(page.getByText(/^Plan indicatif/)).toBeVisible();
  await page.getByText('Légende du plan').click();
  for (const item of ['Entrée', 'Toilettes', 'Ascenseur', 'Sortie de secours', 'Cheminement sans marche']) {
    await expect(page.locator('.plan-legend')).toContainText(item);
  }
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'village');
});

test('un stand donné en exemple le dit sur le plan, dans la liste et sa fiche', async ({ browser }, testInfo) => {
  const seed = seedCopy((doc) => {
    doc.stands.find((s: any) => s.id === 'una').example = true;
  });
  const server = await startServer(seed);
  try {
    const page = await pageOn(browser, server, testInfo);
    const village = new VillageScreen(page);
    await village.open('/village/una');
    await expect(village.stand('una')).toHaveAttribute('aria-label', 'Stand 2 : UNA (exemple)');
    await expect(page.locator('text.stand-label', { hasText: 'UNA' })).toContainText('exemple');
    await expect(village.sheet.locator('h2 .badge.example')).toHaveText('exemple');
    await expect(village.list.getByRole('link', { name: /UNA/ })).toContainText('exemple');
    await expect(village.list.getByRole('link', { name: /FNARS/ })).not.toContainText('exemple');
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test.describe('en thème sombre', () => {
  test.use({ colorScheme: 'dark' });

  for (const path of ['/village', '/village/restos-du-coeur', '/village/lieu/salle-du-conseil']) {
    test(`${path} sans défaut d’accessibilité`, async ({ page }, testInfo) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Chargement' })).toHaveCount(0);
      await expectNoAxeViolations(page);
      if (path === '/village/restos-du-coeur') await screenshot(page, testInfo, 'village-stand-sombre');
    });
  }
});
