// Browsing the programme: every route from a direct load and from navigation, search and
// filters in the URL, now/next that moves on by itself, accessibility, screenshots.
import { test, expect } from '@playwright/test';
import { ProgrammeScreen, expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { startServer, seedCopy, dispose, pageOn, patchSession } from '../support/server';

const routes: { path: string; heading: string | RegExp; shot: string }[] = [
  { path: '/', heading: 'Agir ensemble', shot: 'accueil' },
  { path: '/programme', heading: 'Programme', shot: 'programme' },
  { path: '/programme/conference-repenser-la-solidarite', heading: /Repenser la solidarité/, shot: 'seance' },
  { path: '/intervenants', heading: 'Intervenants', shot: 'intervenants' },
  { path: '/intervenants/serge-paugam', heading: 'Serge Paugam', shot: 'intervenant' },
  { path: '/infos', heading: 'Infos pratiques', shot: 'infos' },
  { path: '/page-qui-n-existe-pas', heading: 'Page introuvable', shot: 'introuvable' },
  { path: '/programme/seance-inconnue', heading: 'Page introuvable', shot: 'seance-introuvable' },
];

for (const route of routes) {
  test(`${route.path} s'ouvre directement, sans défaut d'accessibilité`, async ({ page }, testInfo) => {
    // Nothing blocked by the Content-Security-Policy, no script error.
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('404')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP : ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    await page.goto(route.path);
    await expectPage(page, route.heading);
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, route.shot);
    expect(problems).toEqual([]);
  });
}

test('chaque page s’atteint en naviguant, et le focus va au titre', async ({ page }) => {
  await page.goto('/');
  await expectPage(page, 'Agir ensemble');
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });

  await nav.getByRole('link', { name: 'Programme', exact: true }).click();
  await expectPage(page, 'Programme');
  await expect(page.locator('h1')).toBeFocused();
  await expect(nav.getByRole('link', { name: 'Programme', exact: true })).toHaveAttribute('aria-current', 'page');

  await page.getByRole('link', { name: /Repenser la solidarité/ }).click();
  await expectPage(page, /Repenser la solidarité/);
  await expect(page.locator('h1')).toBeFocused();
  await expect(page.getByText('Mardi 8 octobre, de 14 h 15 à 15 h 30')).toBeVisible();

  await page.getByRole('link', { name: 'Serge Paugam' }).click();
  await expectPage(page, 'Serge Paugam');
  await expect(page).toHaveURL(/\/intervenants\/serge-paugam$/);

  await nav.getByRole('link', { name: 'Programme', exact: true }).click();
  await page.getByRole('link', { name: 'Voir la liste des intervenants' }).click();
  await expectPage(page, 'Intervenants');
  await nav.getByRole('link', { name: 'Infos' }).click();
  await expectPage(page, 'Infos pratiques');
  await expect(page.getByText('à confirmer').first()).toBeVisible();
  await page.goBack();
  await expectPage(page, 'Intervenants');
});

test('le lien d’évitement mène au contenu', async ({ page }) => {
  await page.goto('/programme');
  await expectPage(page, 'Programme');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#contenu$/);
});

test('la recherche ignore accents et majuscules, et survit au rechargement', async ({ page }) => {
  const programme = new ProgrammeScreen(page);
  await programme.open();
  await expect(programme.rows).toHaveCount(10);

  await programme.search.fill('paugam');
  await expect(programme.rows).toHaveCount(1);
  await expect(programme.titles()).toContainText(['Repenser la solidarité']);
  await expect(page).toHaveURL(/\?q=paugam$/);
  await page.reload();
  await expect(programme.rows).toHaveCount(1);
  await expect(programme.search).toHaveValue('paugam');

  await programme.search.fill('BENEVOLES');
  await expect(programme.rows).toHaveCount(2);
  await expect(programme.count).toHaveText('2 séances sur 10 correspondent à votre recherche.');

  await programme.search.fill('introuvable xyz');
  await expect(programme.rows).toHaveCount(0);
  await expect(programme.count).toHaveText('Aucune séance ne correspond à votre recherche.');
  await page.getByRole('link', { name: 'Effacer la recherche et les filtres' }).click();
  await expect(programme.rows).toHaveCount(10);
  await expect(programme.search).toHaveValue('');
});

test('une séance ouverte aussitôt la recherche tapée, le retour retrouve toute la recherche', async ({ page }) => {
  const programme = new ProgrammeScreen(page);
  await programme.open();
  await programme.search.click();
  await page.keyboard.type('paugam');
  await expect(programme.rows).toHaveCount(1);
  // The rows the search set aside are not read out: one item in the lists.
  await expect(page.locator('.session-list').getByRole('listitem')).toHaveCount(1);

  // The address follows the typing after a pause; a tap right away must not lose it.
  await programme.titles().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Repenser la solidarité');
  await page.goBack();
  await expect(page).toHaveURL(/\?q=paugam$/);
  await expect(programme.search).toHaveValue('paugam');
  await expect(programme.rows).toHaveCount(1);

  await programme.search.fill('');
  await expect(programme.rows).toHaveCount(10);
  await expect(page.locator('.session-list').getByRole('listitem')).toHaveCount(10);
});

test('les filtres se combinent, se partagent par l’adresse et survivent au rechargement', async ({ page }) => {
  const programme = new ProgrammeScreen(page);
  await programme.open();

  await programme.filter('Type', 'Repas');
  await expect(programme.titles()).toHaveText(['Déjeuner des bénévoles', 'Cocktail apéritif au village des solidarités']);
  await expect(page).toHaveURL(/type=meal/);
  await programme.filter('Public', 'Tout public');
  await expect(programme.titles()).toHaveText(['Cocktail apéritif au village des solidarités']);
  await page.reload();
  await expect(programme.titles()).toHaveText(['Cocktail apéritif au village des solidarités']);
  await expect(page.getByLabel('Type', { exact: true })).toHaveValue('meal');

  // A shared link opens the same view.
  await programme.open('?theme=Logement');
  await expect(programme.titles()).toHaveText([/Table ronde/]);
  await programme.open('?lieu=hall-village');
  await expect(programme.rows).toHaveCount(3);
  // Moments of the day are shown as such, not as talks.
  await expect(programme.rows.first()).toHaveClass(/moment/);
  await expect(programme.rows.first().locator('.badge.kind')).toHaveText('Accueil');
});

test('« en ce moment » et « ensuite » suivent l’horloge, d’elles-mêmes', async ({ page }, testInfo) => {
  await page.clock.install({ time: new Date('2030-01-01T09:00:00Z') });
  await page.goto('/?now=2013-10-08T14:20');
  await expectPage(page, 'Agir ensemble');
  const now = page.getByTestId('now');
  const next = page.getByTestId('next');
  await expect(now).toContainText('Repenser la solidarité');
  await expect(now).toContainText("Jusqu'à 15 h 30");
  await expect(next).toContainText('Pause au village des solidarités');
  await expect(next).toContainText('À 15 h 30');
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'accueil-en-ce-moment');

  // 14:20 + 1 h 15 = 15:35: the conference is over, the break is on.
  await page.clock.runFor('01:15:00');
  await expect(now).toContainText('Pause au village des solidarités');
  await expect(next).toContainText('Table ronde');

  // The chosen time holds while navigating in the tab.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Programme', exact: true }).click();
  await expectPage(page, 'Programme');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Accueil' }).click();
  await expect(page.getByTestId('now')).toContainText('Pause au village des solidarités');
});

test('avant et après la journée, l’accueil dit ce qu’il faut', async ({ page }, testInfo) => {
  await page.goto('/?now=2013-10-01T10:00');
  await expect(page.getByRole('heading', { name: 'Ce qui vous attend' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Préparer ma journée/ })).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'accueil-avant');

  await page.goto('/?now=2013-10-09T10:00');
  await expect(page.getByRole('heading', { name: 'La rencontre a eu lieu' })).toBeVisible();
  await expect(page.getByText(/vous étiez 1\u202f155/)).toBeVisible();
  await page.getByRole('link', { name: 'Revoir le programme' }).click();
  await expectPage(page, 'Programme');
});

test.describe('thème sombre et grand texte', () => {
  test.use({ colorScheme: 'dark' });

  const paths = [
    '/',
    '/?now=2013-10-08T14:20',
    '/programme',
    '/programme/table-ronde-parcours',
    '/intervenants',
    '/intervenants/serge-paugam',
    '/infos',
    '/mon-programme',
    '/avis',
    '/archives/2013',
    '/village',
    '/page-inconnue',
  ];
  for (const path of paths) {
    test(`${path} en sombre et en grand texte, sans défaut d'accessibilité`, async ({ page }, testInfo) => {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      // The dark theme is really on (axe would pass on the light one too).
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect(r + g + b, background).toBeLessThan(150);
      await page.getByRole('button', { name: 'Grand texte' }).click();
      await expect(page.getByRole('button', { name: 'Grand texte' })).toHaveAttribute('aria-pressed', 'true');
      await expect(page.locator('html')).toHaveAttribute('data-text', 'large');
      const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      expect(size).toBeGreaterThanOrEqual(22);
      await expectNoAxeViolations(page);
      if (path === '/programme') await screenshot(page, testInfo, 'programme-sombre-grand-texte');
    });
  }

  test('le grand texte est gardé après rechargement', async ({ page }) => {
    await page.goto('/infos');
    await page.getByRole('button', { name: 'Grand texte' }).click();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-text', 'large');
    await expect(page.getByRole('button', { name: 'Grand texte' })).toHaveAttribute('aria-pressed', 'true');
  });
});

for (const path of ['/', '/programme', '/programme/table-ronde-parcours', '/mon-programme', '/village', '/avis', '/infos']) {
  test(`${path} : texte de base d’au moins 16 px, cibles d’au moins 44 px`, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
    const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(base).toBeGreaterThanOrEqual(16);
    // Links inside a sentence are exempt (WCAG 2.5.8): they are as tall as the text.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('main a, main button, main select, main input, header a, header button')]
        .filter((el) => !(el.tagName === 'A' && !el.classList.contains('button') && el.closest('p, dd')))
        .filter((el) => !el.closest('svg'))
        // A radio button's or a checkbox's target is its label, drawn as a large choice.
        .map((el) => (el instanceof HTMLInputElement && ['radio', 'checkbox'].includes(el.type) && el.labels?.[0]) || el)
        .map((el) => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()] as const)
        .filter(([, r]) => r.width > 0 && (r.height < 44 || r.width < 44))
        .map(([html]) => html),
    );
    expect(small).toEqual([]);
  });
}

test('une édition passée se consulte dans les archives', async ({ browser }, testInfo) => {
  const seed = seedCopy();
  // A second edition, in its own file of the seed directory.
  const { readFileSync, writeFileSync } = await import('node:fs');
  const doc = JSON.parse(readFileSync(`${seed}/2013.json`, 'utf8'));
  doc.edition = '2012';
  doc.event.start_date = doc.event.end_date = '2012-10-09';
  doc.event.attendance = 640;
  doc.sessions = doc.sessions.map((s: any) => ({
    ...s,
    start: s.start.replace('2013-10-08', '2012-10-09'),
    end: s.end.replace('2013-10-08', '2012-10-09'),
  }));
  doc.sessions[0].title = 'Débat de l’édition 2012';
  writeFileSync(`${seed}/2012.json`, JSON.stringify(doc));
  const server = await startServer(seed);
  try {
    const page = await pageOn(browser, server, testInfo);
    await page.goto('/?now=2013-10-09T10:00');
    await page.getByRole('link', { name: /Agir ensemble 2012/ }).click();
    await expectPage(page, 'Agir ensemble 2012');
    await expect(page.getByText('Débat de l’édition 2012')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto('/archives/1999');
    await expectPage(page, 'Page introuvable');
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('une séance déplacée ou annulée le dit haut et fort', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    await patchSession(server, 'conference-repenser-la-solidarite', {
      start: '2013-10-08T15:00:00+02:00',
      end: '2013-10-08T16:15:00+02:00',
      place: 'salle-du-conseil',
    });
    await patchSession(server, 'debat-public-engagement', { status: 'cancelled' });

    const page = await pageOn(browser, server, testInfo);
    const programme = new ProgrammeScreen(page);
    await programme.open();
    const conference = programme.rows.filter({ hasText: 'Repenser la solidarité' });
    await expect(conference.locator('.badge.status-moved')).toHaveText('Modifiée');
    await expect(conference.locator('time')).toHaveText(/^15:00/);
    const debate = programme.rows.filter({ hasText: 'Débat public' });
    await expect(debate.locator('.badge.status-cancelled')).toHaveText('Annulée');

    await conference.getByRole('link').click();
    await expect(page.getByText('Horaire modifié (initialement mardi 8 octobre à 14 h 15).', { exact: false })).toBeVisible();
    await expect(page.getByText('Lieu modifié (initialement : Auditorium).', { exact: false })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'seance-deplacee');

    // Opened straight from a link or a QR code, in a browser that never saw the programme:
    // the changes arrive after the session is on screen, and still show.
    const direct = await pageOn(browser, server, testInfo);
    await direct.goto('/programme/conference-repenser-la-solidarite');
    await expect(direct.getByText('Horaire modifié (initialement mardi 8 octobre à 14 h 15).', { exact: false })).toBeVisible();
    await direct.context().close();

    await page.goto('/programme/debat-public-engagement');
    await expect(page.getByText('Séance annulée.')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test.describe('sans service worker', () => {
  // A service worker that takes control before the app's first request would answer it
  // from its precache, out of reach of page.route: this test is about the app's own error.
  test.use({ serviceWorkers: 'block' });

  test('un programme qui ne charge pas le dit, et se recharge sur demande', async ({ page }) => {
    await page.route('**/api/edition', (route) => route.abort('connectionrefused'));
    await page.goto('/programme');
    await expect(page.getByRole('alert')).toContainText("Le programme n'a pas pu être chargé.");
    await expect(page.getByRole('alert')).toContainText('Vérifiez votre connexion');
    await page.unroute('**/api/edition');
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await expect(page.locator('.session-row')).toHaveCount(10);
  });
});

test.describe('sur un petit téléphone de 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  const paths = [
    '/',
    '/programme',
    '/programme/conference-repenser-la-solidarite',
    '/intervenants',
    '/intervenants/serge-paugam',
    '/mon-programme?partage=ouverture,conclusion',
    '/village',
    '/village/restos-du-coeur',
    '/avis',
    '/infos',
  ];
  for (const path of paths) {
    test(`${path} tient dans la largeur, sans défilement de côté`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      for (const large of [false, true]) {
        if (large) await page.getByRole('button', { name: 'Grand texte' }).click();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, large ? 'en grand texte' : 'texte normal').toBeLessThanOrEqual(360);
      }
    });
  }
});
