// Mon programme: bookmarks kept in the browser (and shared by its tabs), conflicts and free
// time, the calendar file read back by another parser, share links that ask before adding,
// bad stored data, and changes published while the page is open.
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { startServer, seedCopy, dispose, pageOn, adminToken } from '../support/server';

const OUVERTURE = "Ouverture par le maire d'Angers, président du CCAS";
const CONFERENCE = 'Conférence : « Repenser la solidarité » face à un contexte socio-économique fragilisé';
const TABLE_RONDE = 'Table ronde : une logique de parcours pour accompagner les publics fragilisés';
const KEY = 'agir.bookmarks.v1';

/** The demo day, with the opening running on into the conference (14:15 – 14:30). */
const overlapping = () =>
  seedCopy((doc) => {
    doc.sessions.find((s: any) => s.id === 'ouverture').end = '2013-10-08T14:30:00+02:00';
  });

const toggle = (page: Page, title: string) =>
  page.getByRole('button', { name: `Ajouter à mon programme : « ${title} »`, exact: true });

const items = (page: Page) => page.locator('.agenda-item');

async function openMine(page: Page) {
  await page.goto('/mon-programme');
  await expectPage(page, 'Mon programme');
}

test('mon programme : favoris, conflit, onglets, agenda .ics et lien de partage', async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const server = await startServer(overlapping());
  try {
    const page = await pageOn(browser, server, testInfo);
    await openMine(page);
    await expect(page.getByText("Votre programme est vide pour l'instant.")).toBeVisible();
    await expect(page.getByRole('link', { name: 'Voir le programme' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'mon-programme-vide');

    // A second tab of the same browser, left open on the empty programme.
    const other = await page.context().newPage();
    await openMine(other);
    await expect(other.locator('.agenda-empty')).toBeVisible();

    // Two overlapping sessions from the list, one from its own page.
    await page.goto('/programme');
    await expectPage(page, 'Programme');
    await expect(toggle(page, OUVERTURE)).toHaveAttribute('aria-pressed', 'false');
    await toggle(page, OUVERTURE).click();
    await toggle(page, CONFERENCE).click();
    await expect(toggle(page, OUVERTURE)).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle(page, CONFERENCE)).toHaveAttribute('aria-pressed', 'true');
    // What is shown (the text of the other state is in the button, not displayed).
    await expect(toggle(page, OUVERTURE)).toHaveText('✓ Mon programme', { useInnerText: true });
    await expect(toggle(page, TABLE_RONDE)).toHaveText('+ Ajouter à mon programme', { useInnerText: true });
    await page.goto('/programme/table-ronde-parcours');
    await expectPage(page, TABLE_RONDE);
    await toggle(page, TABLE_RONDE).click();
    await expect(toggle(page, TABLE_RONDE)).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle(page, TABLE_RONDE)).toHaveText('✓ Mon programme', { useInnerText: true });

    // Kept across a reload.
    await page.reload();
    await expectPage(page, TABLE_RONDE);
    await expect(toggle(page, TABLE_RONDE)).toHaveAttribute('aria-pressed', 'true');
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY))!);
    expect(stored.version).toBe(1);
    expect(stored.editions['2013'].ids).toEqual(['ouverture', 'conference-repenser-la-solidarite', 'table-ronde-parcours']);

    // The other tab followed without a reload.
    await expect(items(other)).toHaveCount(3);

    // The day: time order, the conflict on both sessions, the free time.
    await openMine(page);
    await expect(items(page)).toHaveCount(3);
    await expect(items(page).locator('.session-title')).toHaveText([OUVERTURE, CONFERENCE, TABLE_RONDE]);
    // French spacing: a phone never breaks a title's line before « : » or inside « ».
    expect(await items(page).nth(1).locator('.session-title').textContent()).toContain(
      'Conférence\u00a0: «\u00a0Repenser la solidarité\u00a0»',
    );
    await expect(page.getByText('3 séances dans votre programme, dont 2 qui se chevauchent.')).toBeVisible();
    await expect(items(page).nth(0).locator('.conflict-note')).toHaveText(
      `⚠ Conflit d'horaire : Chevauche « ${CONFERENCE} » de 14 h 15 à 14 h 30.`,
    );
    await expect(items(page).nth(1).locator('.conflict-note')).toHaveText(
      `⚠ Conflit d'horaire : Chevauche « ${OUVERTURE} » de 14 h 15 à 14 h 30.`,
    );
    await expect(items(page).nth(2).locator('.conflict-note')).toHaveCount(0);
    await expect(page.locator('.agenda-free')).toHaveText(['☕ Temps libre : 1 h (de 15 h 30 à 16 h 30)']);
    await expect(page.getByRole('img', { name: 'Code QR du lien vers votre programme' })).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'mon-programme');

    // Paper version: no navigation or buttons, black on white.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Imprimer mon programme' })).toBeHidden();
    const colours = await page.evaluate(() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]);
    expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    // A day of three sessions fits on one sheet of A4.
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).toHaveLength(1);
    await screenshot(page, testInfo, 'mon-programme-impression');
    await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'mon-programme-sombre');
    await page.emulateMedia({ colorScheme: 'light' });

    // The calendar file, read back by ical.js (not the crate that wrote it).
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tout ajouter à mon agenda (.ics)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('agir-ensemble-2013.ics');
    await expect(page.getByText('Le fichier « agir-ensemble-2013.ics » est téléchargé')).toBeVisible();
    const bytes = readFileSync((await download.path())!);
    const events = checkCalendar(bytes, server.url);
    expect(events.map((e) => e.title)).toEqual([OUVERTURE, CONFERENCE, TABLE_RONDE]);
    // The browser runs in New York; the file says the instants, and Angers reads them right.
    expect(events.map((e) => e.paris)).toEqual(['08/10/2013 14:00', '08/10/2013 14:15', '08/10/2013 16:30']);
    expect(events[1]).toMatchObject({
      uid: '2013-conference-repenser-la-solidarite@agir-ensemble',
      location: "Auditorium, Centre de congrès d'Angers, 33 boulevard Carnot, 49100 Angers",
      url: `${server.url}/programme/conference-repenser-la-solidarite`,
      alarm: '-PT15M',
      sequence: 1,
    });

    // One session from its page.
    await page.goto('/programme/conference-repenser-la-solidarite');
    await expectPage(page, /Repenser la solidarité/);
    const one = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ajouter à mon agenda (.ics)' }).click();
    const single = checkCalendar(readFileSync((await (await one).path())!), server.url);
    expect(single.map((e) => e.uid)).toEqual(['2013-conference-repenser-la-solidarite@agir-ensemble']);

    // The share link, opened in a fresh browser that has a programme of its own.
    await openMine(page);
    const link = await page.locator('.share-link a').getAttribute('href');

    // Taken out from the programme page: the other tab follows again.
    await page.getByRole('button', { name: `Retirer de mon programme : « ${TABLE_RONDE} »` }).click();
    await expect(items(page)).toHaveCount(2);
    await expect(items(other)).toHaveCount(2);
    await expect(page.locator('.share-link a')).toHaveAttribute('href', /partage=ouverture,conference-repenser-la-solidarite$/);
    await other.close();

    expect(link).toBe(`${server.url}/mon-programme?partage=ouverture,conference-repenser-la-solidarite,table-ronde-parcours`);
    const friend = await pageOn(browser, server, testInfo);
    await friend.goto('/programme/cocktail');
    await expectPage(friend, /Cocktail/);
    await friend.getByRole('button', { name: /Ajouter à mon programme : « Cocktail/ }).click();
    await friend.goto(link!);
    await expectPage(friend, 'Mon programme');
    const offer = friend.locator('.shared-offer');
    await expect(offer.getByRole('heading', { name: 'Un programme partagé avec vous' })).toBeVisible();
    await expect(offer.locator('.shared-title')).toHaveText([OUVERTURE, CONFERENCE, TABLE_RONDE]);
    await expect(offer.getByText('Ajouter ces 3 séances à mon programme ?')).toBeVisible();
    // Nothing is added before the person says so.
    expect(await bookmarkedIds(friend)).toEqual(['cocktail']);
    await expect(items(friend)).toHaveCount(1);
    await expectNoAxeViolations(friend);
    await screenshot(friend, testInfo, 'mon-programme-partage');
    await offer.getByRole('button', { name: 'Oui, les ajouter' }).click();
    await expect(friend.getByText('3 séances ont été ajoutées à votre programme.')).toBeVisible();
    await expect(friend).toHaveURL(/\/mon-programme$/);
    await expect(friend.locator('.shared-offer')).toHaveCount(0);
    await expect(items(friend)).toHaveCount(4);
    expect(await bookmarkedIds(friend)).toEqual([
      'cocktail',
      'ouverture',
      'conference-repenser-la-solidarite',
      'table-ronde-parcours',
    ]);

    // A link with nothing new, and one with hostile content, ask nothing.
    await friend.goto(link!);
    await expect(friend.getByText('Ces séances sont déjà toutes dans votre programme.')).toBeVisible();
    await friend.goto('/mon-programme?partage=%3Cscript%3E,..%2F..,inconnue');
    await expect(friend.getByText('Ce lien ne contient aucune séance du programme actuel.')).toBeVisible();
    await expect(friend.getByText("3 séances du lien n'existent pas (ou plus) dans le programme.")).toBeVisible();
    await expect(items(friend)).toHaveCount(4);
    await friend.context().close();
    await page.context().close();
  } finally {
    await dispose(server);
  }
});

test('un partage qui échoue copie le lien à la place et le dit ; un partage annulé ne dit rien', async ({ page }) => {
  // The phone's share sheet and clipboard, stubbed: `share` fails with the error named in
  // sessionStorage, and the promise's end (with a turn of the event loop) is kept.
  await page.addInitScript(() => {
    const w = window as any;
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: () => {
        const failed = Promise.reject(new DOMException('non', sessionStorage.getItem('echec') ?? 'NotAllowedError'));
        w.__settled = failed.catch(() => {}).then(() => new Promise((r) => setTimeout(r, 0)));
        return failed;
      },
    });
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (text: string) => ((w.__copied = text), Promise.resolve()) },
    });
  });
  await page.goto('/programme/conference-repenser-la-solidarite');
  await expectPage(page, /Repenser la solidarité/);
  await toggle(page, CONFERENCE).click();
  await openMine(page);
  const said = page.locator('.share-said');

  await page.getByRole('button', { name: 'Partager…' }).click();
  await expect(said).toHaveText("Le partage n'a pas abouti : le lien est copié à la place, collez-le dans un message.");
  const link = await page.locator('.share-link a').getAttribute('href');
  expect(await page.evaluate(() => (window as any).__copied)).toBe(link);

  // Closing the share sheet is a choice: nothing is said, nothing is copied.
  await page.evaluate(() => sessionStorage.setItem('echec', 'AbortError'));
  await page.reload();
  await expectPage(page, 'Mon programme');
  await page.getByRole('button', { name: 'Partager…' }).click();
  await page.evaluate(() => (window as any).__settled);
  await expect(said).toHaveText('');
  expect(await page.evaluate(() => (window as any).__copied)).toBeUndefined();
});

test('des données enregistrées abîmées ne cassent rien', async ({ page }, testInfo) => {
  await openMine(page);
  const store = (value: string) => page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, value]);

  // Garbage.
  await store('{pas du json');
  await page.reload();
  await expectPage(page, 'Mon programme');
  await expect(page.getByText('Le programme enregistré sur cet appareil était illisible : il a été remis à zéro.')).toBeVisible();
  await expect(page.locator('.agenda-empty')).toBeVisible();
  expect(JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY))!)).toEqual({ version: 1, editions: {} });

  // Another version, unknown ids, wrong types: the valid bookmark stays.
  await store(
    JSON.stringify({
      version: 99,
      editions: { '2013': { ids: ['conference-repenser-la-solidarite', 'seance-disparue', 'autre-disparue', 42], seen_revision: 'x' } },
    }),
  );
  await page.reload();
  await expectPage(page, 'Mon programme');
  await expect(page.getByText("3 séances enregistrées n'existent plus et ont été retirées.")).toBeVisible();
  await expect(items(page)).toHaveCount(1);
  await expect(items(page).locator('.session-title')).toHaveText([CONFERENCE]);
  await expectNoAxeViolations(page);
  await screenshot(page, testInfo, 'mon-programme-donnees-abimees');
  expect(await bookmarkedIds(page)).toEqual(['conference-repenser-la-solidarite']);
  await page.getByRole('button', { name: "J'ai compris" }).click();
  await expect(page.getByText('ont été retirées')).toHaveCount(0);

  // An older shape (a bare list of ids) is still read.
  await store('["table-ronde-parcours"]');
  await page.reload();
  await expect(items(page).locator('.session-title')).toHaveText([TABLE_RONDE]);

  // The same on another page: the note is in the frame of every page.
  await store('{"version":1,"editions":{"2013":{"ids":["seance-disparue"]}}}');
  await page.goto('/infos');
  await expectPage(page, 'Infos pratiques');
  await expect(page.getByText("1 séance enregistrée n'existe plus et a été retirée.")).toBeVisible();
});

test('une séance déplacée est signalée sans recharger la page', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    // Fake timers, so the 3-minute re-check can be fast-forwarded.
    await page.clock.install();
    await page.goto('/programme/conference-repenser-la-solidarite');
    await expectPage(page, /Repenser la solidarité/);
    await toggle(page, CONFERENCE).click();
    await page.goto('/programme/debat-public-engagement');
    await expectPage(page, /Débat public/);
    await page.getByRole('button', { name: /Ajouter à mon programme : « Débat public/ }).click();
    await openMine(page);
    await expect(items(page)).toHaveCount(2);
    await page.evaluate(() => ((window as any).sameDocument = true));

    // An organizer moves the conference to 15:00.
    await patchSession(page.context().request, server.url, 'conference-repenser-la-solidarite', { start: '2013-10-08T15:00:00+02:00' });
    await page.clock.runFor('03:05');

    const banner = page.locator('.changes-banner');
    const said = `« ${CONFERENCE} » change d'horaire : mardi 8 octobre à 15 h.`;
    await expect(banner).toContainText('Changement dans votre programme :');
    await expect(banner).toContainText(said);
    await expect(items(page).first().locator('.change-note')).toHaveText(`Changement : ${said}`);
    await expect(items(page).first().locator('time')).toHaveText('15:00 – 16:15');
    expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'mon-programme-changement');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'mon-programme-changement-sombre');
    await page.emulateMedia({ colorScheme: 'light' });

    // The banner is on every page until seen, and stays seen.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Infos' }).click();
    await expectPage(page, 'Infos pratiques');
    await expect(page.locator('.changes-banner')).toContainText(said);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: "J'ai vu" }).click();
    await expect(page.locator('.changes-banner')).toHaveCount(0);
    await page.reload();
    await expectPage(page, 'Infos pratiques');
    await expect(page.locator('.changes-banner')).toHaveCount(0);

    // Published while the app was closed: found on the next visit (changes feed), and when
    // the tab becomes visible again.
    const context = page.context();
    await page.close();
    await patchSession(context.request, server.url, 'debat-public-engagement', { status: 'cancelled' });
    const again = await context.newPage();
    await again.goto('/');
    await expect(again.locator('.changes-banner')).toContainText("« Débat public : l'engagement de tous dans le champ des solidarités » est annulée.");
    await patchSession(again.context().request, server.url, 'conference-repenser-la-solidarite', { place: 'salle-du-conseil' });
    await again.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect(again.locator('.changes-banner')).toContainText(`« ${CONFERENCE} » change de lieu : Salle du conseil.`);
    await again.context().close();
  } finally {
    await dispose(server);
  }
});

test('un changement publié pendant une coupure est signalé au retour du réseau', async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  const server = await startServer();
  try {
    const page = await pageOn(browser, server, testInfo);
    await page.goto('/programme/conference-repenser-la-solidarite');
    await expectPage(page, /Repenser la solidarité/);
    await toggle(page, CONFERENCE).click();
    const stored = await page.evaluate((k) => localStorage.getItem(k), KEY);
    expect(stored).toBeTruthy();
    await page.context().close();

    // Moved while the app was closed. The phone kept its bookmarks but not its copy of the
    // programme (the browser emptied its cache), and the network drops between the new
    // programme and the list of changes.
    const again = await pageOn(browser, server, testInfo);
    const context = again.context();
    await patchSession(context.request, server.url, 'conference-repenser-la-solidarite', { start: '2013-10-08T15:00:00+02:00' });
    await context.addInitScript(([k, v]) => localStorage.getItem(k) ?? localStorage.setItem(k, v), [KEY, stored!]);
    await again.route('**/api/changes**', (route) => route.abort('internetdisconnected'));
    await openMine(again);
    await expect(items(again).first().locator('time')).toHaveText('15:00 – 16:15');
    await expect(again.locator('.changes-banner')).toHaveCount(0);

    // Back online: the change is asked for again, and said.
    await again.unroute('**/api/changes**');
    await again.evaluate(() => window.dispatchEvent(new Event('online')));
    const said = `« ${CONFERENCE} » change d'horaire : mardi 8 octobre à 15 h.`;
    await expect(again.locator('.changes-banner')).toContainText(said);
    await expect(items(again).first().locator('.change-note')).toHaveText(`Changement : ${said}`);
    await context.close();
  } finally {
    await dispose(server);
  }
});

async function bookmarkedIds(page: Page): Promise<string[]> {
  const raw = await page.evaluate((k) => localStorage.getItem(k), KEY);
  return raw ? JSON.parse(raw).editions['2013']?.ids ?? [] : [];
}

/** `PATCH /api/admin/sessions/{id}` as an organizer, on the edition's current ETag. */
async function patchSession(request: APIRequestContext, base: string, id: string, patch: object) {
  const current = await request.get(`${base}/api/edition`);
  const etag = current.headers()['etag'];
  expect(etag).toBeTruthy();
  const response = await request.patch(`${base}/api/admin/sessions/${id}`, {
    headers: { Authorization: `Bearer ${adminToken()}`, 'If-Match': etag, 'Content-Type': 'application/json' },
    data: patch,
  });
  expect(response.status(), await response.text()).toBe(200);
}

interface ReadEvent {
  uid: string;
  title: string;
  paris: string;
  location: string;
  url: string;
  alarm: string;
  sequence: number;
}

/** Checks the file's lines (RFC 5545 §3.1) and reads its events with ical.js. */
function checkCalendar(bytes: Buffer, base: string): ReadEvent[] {
  const text = bytes.toString('utf8');
  expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  expect(/[^\r]\n/.test(text), 'une fin de ligne sans CR').toBe(false);
  const strict = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf('\r\n', start);
    const line = bytes.subarray(start, end);
    expect(line.length, `ligne de plus de 75 octets : ${line}`).toBeLessThanOrEqual(75);
    // Each physical line is valid UTF-8 on its own: no accented character was cut.
    expect(() => strict.decode(line)).not.toThrow();
    start = end + 2;
  }
  expect(text).toContain('\r\n '); // the long title was folded
  const calendar = new ICAL.Component(ICAL.parse(text));
  const paris = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    const url = String(v.getFirstPropertyValue('url'));
    expect(url.startsWith(`${base}/programme/`)).toBe(true);
    return {
      uid: event.uid,
      title: event.summary,
      paris: paris.format(event.startDate.toJSDate()).replace(',', ''),
      location: event.location,
      url,
      alarm: String(v.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')),
      sequence: event.sequence,
    };
  });
}
