// The first HTML answer holds the page: without JavaScript (or before the wasm arrives)
// each public route shows its heading and content, and its plain links work. With
// JavaScript the app takes the page over without a jump: the same markup, the same
// places on screen, no layout shift, and the programme fetched once. The service worker
// keeps the generic shell for every route offline, never one route's page for another.
import { test, expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { expectAppInCharge, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { dispose, pageOn, startServerWithImport, type OwnServer } from '../support/server';
import { join } from 'node:path';

interface Route {
  path: string;
  heading: string | RegExp;
  /** Texts of the main content. */
  content: string[];
  /** A link of the page (by name, or by selector) and the heading of the page it opens. */
  link: { name?: string | RegExp; selector?: string; heading: string | RegExp; url: RegExp };
  shot?: string;
}

const routes: Route[] = [
  {
    path: '/',
    heading: 'Agir ensemble',
    content: ['Mardi 8 octobre 2013', "Centre de congrès d'Angers", 'La rencontre a eu lieu'],
    link: { name: 'Revoir le programme', heading: 'Programme', url: /\/programme$/ },
  },
  {
    path: '/programme',
    heading: 'Programme',
    content: ['10 séances au programme.', 'Matinée', '10:00 – 12:00', 'Salle du conseil', 'Serge Paugam'],
    link: { name: /Repenser la solidarité/, heading: /Repenser la solidarité/, url: /\/programme\/conference-repenser-la-solidarite$/ },
    shot: 'premier-html-programme',
  },
  {
    path: '/programme/table-ronde-parcours',
    heading: /^Table ronde : une logique de parcours/,
    content: ['Mardi 8 octobre, de 16 h 30 à 18 h', 'Auditorium', 'Martin Hirsch', 'Les Restos du cœur'],
    link: { name: 'Voir sur le plan', heading: 'Plan du village des solidarités', url: /\/village\/lieu\/auditorium$/ },
    shot: 'premier-html-seance',
  },
  {
    path: '/intervenants',
    heading: 'Intervenants',
    content: ['15 intervenants et organisations prennent la parole.', 'Serge Paugam', '2 séances'],
    link: { name: 'Serge Paugam', heading: 'Serge Paugam', url: /\/intervenants\/serge-paugam$/ },
  },
  {
    path: '/intervenants/martin-hirsch',
    heading: 'Martin Hirsch',
    content: ['Ses interventions', '16:30 – 18:00'],
    link: { name: /^Table ronde/, heading: /^Table ronde/, url: /\/programme\/table-ronde-parcours$/ },
  },
  {
    path: '/village/restos-du-coeur',
    heading: 'Plan du village des solidarités',
    content: ['Stand 5 : Les Restos du cœur', 'Aide alimentaire avec le RestoBus', '12 stands au village.'],
    link: { selector: '#stand-resto-troc', heading: 'Plan du village des solidarités', url: /\/village\/resto-troc$/ },
    shot: 'premier-html-stand',
  },
  {
    path: '/village/lieu/auditorium',
    heading: 'Plan du village des solidarités',
    content: ['Séances dans ce lieu', 'Places réservées aux fauteuils roulants'],
    link: { name: /^Table ronde/, heading: /^Table ronde/, url: /\/programme\/table-ronde-parcours$/ },
  },
  {
    path: '/infos',
    heading: 'Infos pratiques',
    content: ['33 boulevard Carnot, 49100 Angers', 'Venir et accéder', 'Mentions légales'],
    link: { name: 'Accueil', heading: 'Agir ensemble', url: /\/$/ },
    shot: 'premier-html-infos',
  },
];

/**
 * The markup of the page as a string to compare: elements with their attributes (sorted)
 * and text, without what only says who drew it (`disabled` controls and the marker of the
 * server's `<main>`), the state of a checkbox (the app sets it as a property), inline styles, and the plan's drawing, which the app lays out again
 * for the size it measures (only its links to stands and rooms are kept).
 */
function markup(page: Page, { atSwap = false } = {}): Promise<string> {
  return page.evaluate((atSwap) => {
    const skip = new Set(['disabled', 'checked', 'data-server-rendered', 'style']);
    const walk = (n: Node): string => {
      if (n.nodeType === Node.TEXT_NODE) return n.textContent ?? '';
      if (n.nodeType !== Node.ELEMENT_NODE) return '';
      const el = n as Element;
      if (el.matches('svg.plan-svg')) {
        return `<svg plan>${[...el.querySelectorAll('a')].map(walk).join('')}</svg>`;
      }
      if (el.matches('svg.plan-svg a')) {
        const attrs = [...el.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
        return `<a ${attrs}></a>`;
      }
      // The app wraps a shape of the legend in an empty `<g>`: no difference on screen.
      if (el.localName === 'g' && el.attributes.length === 0) return [...el.childNodes].map(walk).join('');
      const attrs = [...el.attributes]
        .filter((a) => !skip.has(a.name))
        .map((a) => `${a.name}="${a.value}"`)
        .sort()
        .join(' ');
      return `<${el.localName}${attrs ? ' ' + attrs : ''}>${[...el.childNodes].map(walk).join('')}</${el.localName}>`;
    };
    const app = atSwap ? (window as unknown as { __atSwap: Element }).__atSwap : document.getElementById('app')!;
    return [...app.children].map(walk).join('\n').replace(/></g, '>\n<');
  }, atSwap);
}

/**
 * Keeps a copy of the app's page at the moment it takes the server's place (in the same
 * task, before the browser paints), for `markup(page, { atSwap: true })`.
 */
function copyAtSwap(page: Page): Promise<void> {
  return page.addInitScript(() => {
    let seen = false;
    new MutationObserver((_, observer) => {
      const server = document.querySelector('main[data-server-rendered]');
      seen ||= server !== null;
      if (seen && !server) {
        (window as unknown as { __atSwap: Node }).__atSwap = document.getElementById('app')!.cloneNode(true);
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Where the page's blocks are on screen: headings, paragraphs, list items, the plan. */
function places(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('#app h1, #app h2, #app h3, #app p, #app li, #app dl, #app .plan-viewport, #app .site-footer')]
      .slice(0, 80)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return `${el.localName}.${el.className} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
      }),
  );
}

/** A page at the project's size and locale, JavaScript off, on `url`. */
function stillPage(browser: Browser, testInfo: TestInfo, url = process.env.AGIR_E2E_URL!): Promise<Page> {
  return pageOn(browser, { url }, testInfo, { javaScriptEnabled: false });
}

/** The sum of the layout shifts the page has seen (none after a person's input). */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let sum = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
            if (!entry.hadRecentInput) sum += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(sum), 300);
      }),
  );
}

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const route of routes) {
    test(`${route.path} montre son titre, son contenu, et ses liens marchent`, async ({ page }, testInfo) => {
      const response = await page.goto(route.path);
      expect(response!.status()).toBe(200);
      const main = page.locator('main');
      await expect(page.getByRole('heading', { level: 1, name: route.heading })).toBeVisible();
      for (const text of route.content) await expect(main.getByText(text).filter({ visible: true }).first()).toBeVisible();
      await expect(page.getByText('Chargement')).toHaveCount(0);
      if (route.shot) await screenshot(page, testInfo, route.shot);

      const link = route.link.selector
        ? page.locator(route.link.selector)
        : page.getByRole('link', { name: route.link.name }).first();
      await link.click();
      await expect(page).toHaveURL(route.link.url);
      await expect(page.getByRole('heading', { level: 1, name: route.link.heading })).toBeVisible();
    });
  }

  test('les stands du plan sont des liens vers leur fiche', async ({ page }) => {
    await page.goto('/village');
    await page.locator('a.plan-stand[data-stand="una"]').click();
    await expect(page).toHaveURL(/\/village\/una$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Stand 2 : UNA' })).toBeVisible();
    await expect(page.locator('a.plan-stand[data-stand="una"]')).toHaveClass(/selected/);
  });

  test('une séance inconnue répond 404 avec la page introuvable', async ({ page }) => {
    const response = await page.goto('/programme/seance-inconnue');
    expect(response!.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
    await expect(page.getByText("La séance « seance-inconnue » n'est pas au programme.")).toBeVisible();
    await page.getByRole('link', { name: 'Voir tout le programme' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Programme' })).toBeVisible();
  });

  test('la recherche du programme marche sans l’application', async ({ page }) => {
    await page.goto('/programme');
    await page.getByLabel('Rechercher une séance, un intervenant, un thème').fill('logement');
    await page.getByLabel('Rechercher une séance, un intervenant, un thème').press('Enter');
    await expect(page).toHaveURL(/\/programme\?q=logement/);
    await expect(page.locator('.result-count')).toHaveText('1 séance sur 10 correspond à votre recherche.');
    await expect(page.locator('.session-row:not([hidden])')).toHaveCount(1);
    await expect(page.locator('.session-row:not([hidden]) .session-title')).toHaveText(/Table ronde/);
  });

  test('le programme du 36C3 (1 351 séances) arrive par pages de 40', async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const server: OwnServer = await startServerWithImport(
      join(__dirname, '../../../crates/model/tests/fixtures/interop/36c3_merged.xml'),
      '36c3',
    );
    try {
      const page = await stillPage(browser, testInfo, server.url);
      const response = await page.goto('/programme');
      const body = await response!.body();
      expect(body.length).toBeLessThan(64 * 1024);
      await expect(page.locator('.result-count')).toHaveText('1351 séances au programme.');
      await expect(page.locator('.session-row')).toHaveCount(40);
      await expect(page.getByRole('heading', { level: 2, name: 'Vendredi 27 décembre · Matinée' })).toBeVisible();
      await page.getByRole('link', { name: 'Afficher les séances suivantes (1311 restantes)' }).click();
      await expect(page).toHaveURL(/page=2$/);
      await expect(page.locator('.session-row')).toHaveCount(40);
      await expect(page.getByRole('link', { name: 'Afficher les séances suivantes (1271 restantes)' })).toBeVisible();
      await page.context().close();
    } finally {
      await dispose(server);
    }
  });
});

test.describe('avec JavaScript', () => {
  for (const route of routes) {
    test(`${route.path} : l’application reprend la page sans saut ni second chargement du programme`, async ({ page, browser }, testInfo) => {
      // The page as the server draws it, read without JavaScript at the same size.
      const still = await stillPage(browser, testInfo);
      await still.goto(route.path);
      const drawn = await markup(still);
      const placed = await places(still);
      await still.context().close();

      const editions: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/edition') editions.push(r.url());
      });
      await copyAtSwap(page);
      await page.goto(route.path);
      await expectPage(page, route.heading);
      // What the app may fetch once it runs (the changes, past editions) has arrived.
      await page.waitForLoadState('networkidle');

      expect(await markup(page, { atSwap: true }), 'the app has drawn it all when it takes the page').toBe(drawn);
      expect(await markup(page), 'the app draws the markup the server sent').toBe(drawn);
      expect(await places(page), 'every block stays where it was').toEqual(placed);
      expect(await layoutShift(page)).toBeLessThanOrEqual(0.01);
      expect(editions, 'the programme is fetched once').toHaveLength(1);
    });
  }

  test('avant le wasm, la page du stand est déjà lisible, puis l’application la reprend', async ({ page }, testInfo) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/village/restos-du-coeur');
    await expect(page.getByRole('heading', { level: 2, name: 'Stand 5 : Les Restos du cœur' })).toBeVisible();
    await expect(page.locator('main[data-server-rendered]')).toHaveCount(1);
    await screenshot(page, testInfo, 'premier-html-avant-wasm');
    release();
    await expectAppInCharge(page);
    // The app answers now: the plan follows the stand chosen in the list, in place.
    await page.getByRole('region', { name: 'Les stands du village' }).getByRole('link', { name: /Resto Troc/ }).click();
    await expect(page).toHaveURL(/\/village\/resto-troc$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Stand 6 : Resto Troc' })).toBeFocused();
    expect(await layoutShift(page)).toBeLessThanOrEqual(0.01);
  });

  test('le service worker sert la page générique à toutes les adresses, jamais celle d’une autre', async ({ page }) => {
    await page.goto('/programme/table-ronde-parcours');
    await expectPage(page, /^Table ronde/);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const kept = await page.evaluate(async () => (await caches.match('/index.html'))!.text());
    expect(kept).toContain('Chargement de l');
    expect(kept).not.toContain('data-server-rendered');

    const response = await page.goto('/intervenants/serge-paugam');
    expect(response!.fromServiceWorker()).toBe(true);
    const body = await response!.text();
    expect(body).not.toContain('Table ronde');
    expect(body).not.toContain('data-server-rendered');
    await expectPage(page, 'Serge Paugam');
    await expect(page.locator('.session-row')).toHaveCount(1);
  });
});
