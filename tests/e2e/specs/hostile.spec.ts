// Hostile text: what an organizer types into the programme, and what attendees type into a
// question or a request to an association, is shown as text everywhere it appears: the app,
// the page the server draws, its preview tags, the console, the room's projector and the
// association's page. Nothing runs (no dialog, no script error, no CSP report), nothing
// pushes the page sideways on a phone. The files (CSV, .ics, QR labels) are read back by
// the server's own tests (crates/server/tests/api/hostile.rs) from the same corpus.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { organizer, signIn } from '../support/console';
import { screenshot } from '../support/screens';
import { adminToken, dispose, pageOn, startServer, type OwnServer } from '../support/server';

interface Corpus {
  strings: string[];
  long: { unit: string; bytes: number }[];
}

/** The shared corpus, the long entries built as its comment says. */
function hostileTexts(): string[] {
  const corpus: Corpus = JSON.parse(readFileSync(join(__dirname, '..', '..', 'hostile', 'corpus.json'), 'utf8'));
  const long = corpus.long.map(({ unit, bytes }) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))));
  return [...corpus.strings, ...long];
}

const TEXTS = hostileTexts();
/** Titles checked word for word on screen: markup that would run if it were not text. */
const PROBES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];
const LONG = TEXTS.find((t) => t.startsWith('aaaa'))!;
const SESSION_IDS = ['debat-seniors-benevolat', 'dejeuner-benevoles', 'accueil-village', 'ouverture'];
const DEBATE = 'debat-public-engagement';
const STAND = 'resto-troc';

/** Every text field of the programme an organizer can set, filled from the corpus in turn. */
function hostileEdition(doc: any): any {
  // A name must say something: the ones made of control characters alone are refused.
  const said = TEXTS.filter((t) => /[^\p{Cc}\s]/u.test(t));
  let next = 0;
  const take = () => said[next++ % said.length];
  doc.event.subtitle = take();
  doc.event.description = take();
  doc.sessions.forEach((s: any, i: number) => {
    s.title = i < PROBES.length ? PROBES[i] : i === PROBES.length ? LONG : take();
    s.description = take();
  });
  doc.speakers.forEach((s: any) => {
    s.name = take();
    s.title = take();
    s.organisation = take();
  });
  doc.stands.forEach((s: any) => {
    s.name = take();
    s.description = take();
  });
  doc.places.forEach((p: any) => {
    p.name = take();
    if (p.accessibility) p.accessibility = take();
  });
  return doc;
}

async function publish(server: OwnServer, edit: (doc: any) => any): Promise<Response> {
  const current = await fetch(`${server.url}/api/edition`);
  const etag = current.headers.get('etag')!;
  return fetch(`${server.url}/api/admin/edition`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${adminToken()}`, 'If-Match': etag, 'Content-Type': 'application/json' },
    body: JSON.stringify(edit(await current.json())),
  });
}

/** What must stay at zero on a page: dialogs, script errors, CSP reports. */
interface Alarms {
  dialogs: string[];
  errors: string[];
}

async function watched(page: Page): Promise<Alarms> {
  const alarms: Alarms = { dialogs: [], errors: [] };
  page.on('dialog', (d) => {
    alarms.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => alarms.errors.push(`${page.url()} : ${e.message}`));
  page.on('console', (m) => {
    // A refused request (401 before sign-in) is the network's news, not a script's error.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      alarms.errors.push(`${page.url()} : ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() === 404) alarms.errors.push(`404 ${r.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return alarms;
}

/** Nothing wider than the screen: a long word wraps instead of pushing the page sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0], `${page.url()} : largeur du contenu / de l'écran`).toBeLessThanOrEqual(widths[1]);
}

test('un organisateur publie des textes piégés : l’application et la page du serveur les montrent comme du texte', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer();
  try {
    const published = await publish(server, hostileEdition);
    expect(published.status, await published.clone().text()).toBe(200);

    const page = await pageOn(browser, server, testInfo);
    const alarms = await watched(page);
    const routes = [
      '/',
      '/programme',
      ...SESSION_IDS.map((id) => `/programme/${id}`),
      '/intervenants',
      '/village',
      `/village/${STAND}`,
      '/infos',
      '/m-engager',
      `/m-engager/${STAND}`,
    ];
    for (const route of routes) {
      await page.goto(route);
      await expect(page.locator('main h1').first()).toBeVisible();
      await expect(page.locator('main[data-server-rendered]')).toHaveCount(0);
      await expectNoSidewaysScroll(page);
      await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
    }
    for (const [i, title] of PROBES.entries()) {
      await page.goto(`/programme/${SESSION_IDS[i]}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    }
    await page.goto('/programme');
    await page.getByLabel('Rechercher une séance, un intervenant, un thème').fill('<script>');
    await expect(page.locator('.session-row:not([hidden])').first()).toContainText('<script>alert(1)</script>');
    await screenshot(page, testInfo, 'textes-pieges-programme');
    await page.goto(`/programme/${SESSION_IDS[3]}`);
    await expectNoSidewaysScroll(page);
    await screenshot(page, testInfo, 'textes-pieges-seance-longue');

    // The page the server draws, read without the app: the same text, the tags escaped.
    const plain = await pageOn(browser, server, testInfo, { javaScriptEnabled: false });
    for (const [i, title] of PROBES.entries()) {
      await plain.goto(`/programme/${SESSION_IDS[i]}`);
      await expect(plain.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(plain.locator('meta[property="og:title"]')).toHaveAttribute('content', new RegExp(escape(title)));
      const ld = await plain.locator('script[type="application/ld+json"]').allTextContents();
      expect(ld.length).toBeGreaterThan(0);
      const parsed = ld.map((text) => JSON.stringify(JSON.parse(text)));
      expect(parsed.join('\n')).toContain(JSON.stringify(title).slice(1, -1));
    }
    // The organizers' console: the session's form, the stands' QR labels.
    const desk = await pageOn(browser, server, testInfo);
    const deskAlarms = await watched(desk);
    await signIn(desk, await organizer(server, join(server.dir, 'agir.db')), `/organisateurs/editer/2013/seances/${SESSION_IDS[0]}`);
    await expect(desk.getByLabel('Titre', { exact: true })).toHaveValue(PROBES[0]);
    await expectNoSidewaysScroll(desk);
    await desk.goto('/organisateurs/qr-codes');
    await expect(desk.locator('main h1')).toBeVisible();
    await expect(desk.locator('main svg').first()).toBeVisible();
    await expectNoSidewaysScroll(desk);
    await screenshot(desk, testInfo, 'textes-pieges-etiquettes');

    for (const seen of [alarms, deskAlarms]) {
      expect(seen.dialogs).toEqual([]);
      expect(seen.errors).toEqual([]);
    }
  } finally {
    await dispose(server);
  }
});

test('des questions et une demande piégées restent du texte pour le modérateur, l’écran de salle et l’association', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const server = await startServer();
  try {
    // Attendees' writes, through the API as the app sends them.
    const asked: number[] = [];
    for (const [i, text] of PROBES.entries()) {
      const response = await fetch(`${server.url}/api/sessions/${DEBATE}/questions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ cle: crypto.randomUUID(), appareil: `appareil-piege-${i}`, texte: text, prenom: PROBES[2 - i] }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      asked.push((await response.json()).question.id);
    }
    for (const id of asked) {
      const accepted = await fetch(`${server.url}/api/admin/questions/${id}/accepter`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken()}` },
      });
      expect(accepted.status).toBe(200);
    }
    const request = await fetch(`${server.url}/api/engagement/demandes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        cle: crypto.randomUUID(),
        edition: '2013',
        stand: STAND,
        appareil: 'appareil-piege-demande',
        prenom: PROBES[1],
        contact: 'zoe@exemple.fr',
        disponibilites: ['weekends'],
        missions: [],
        message: PROBES[0],
        consentement: true,
      }),
    });
    expect(request.status, await request.clone().text()).toBe(201);

    const room = await pageOn(browser, server, testInfo);
    const roomAlarms = await watched(room);
    await room.goto(`/organisateurs/salle/${DEBATE}`);
    for (const text of PROBES) await expect(room.getByText(text, { exact: true })).toBeVisible();
    await expectNoSidewaysScroll(room);

    const moderator = await organizer(server, join(server.dir, 'agir.db'), 'moderation');
    const desk = await pageOn(browser, server, testInfo);
    const deskAlarms = await watched(desk);
    await signIn(desk, moderator, `/organisateurs/questions/${DEBATE}`);
    // Each accepted question is in its card's text box, ready to be reworded.
    await expect(desk.getByRole('heading', { name: `Acceptées (${PROBES.length})` })).toBeVisible();
    const boxes = await desk.locator('.moderation-card textarea').evaluateAll((all) =>
      all.map((t) => (t as HTMLTextAreaElement).value),
    );
    expect(boxes.sort()).toEqual([...PROBES].sort());
    await expectNoSidewaysScroll(desk);
    await screenshot(desk, testInfo, 'textes-pieges-moderation');

    const phone = await pageOn(browser, server, testInfo);
    const phoneAlarms = await watched(phone);
    await phone.goto(`/programme/${DEBATE}?now=2013-10-08T18:20`);
    for (const text of PROBES) await expect(phone.locator('section.floor').getByText(text, { exact: true })).toBeVisible();
    await expectNoSidewaysScroll(phone);

    const link = await fetch(`${server.url}/api/admin/engagement/${STAND}/lien?edition=2013`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken()}` },
    });
    expect(link.status).toBe(200);
    const association = await pageOn(browser, server, testInfo);
    const associationAlarms = await watched(association);
    await association.goto((await link.json()).lien);
    await expect(association.getByText(PROBES[0], { exact: true })).toBeVisible();
    await expect(association.getByText(PROBES[1], { exact: true })).toBeVisible();
    await expectNoSidewaysScroll(association);

    for (const alarms of [roomAlarms, deskAlarms, phoneAlarms, associationAlarms]) {
      expect(alarms.dialogs).toEqual([]);
      expect(alarms.errors).toEqual([]);
    }
  } finally {
    await dispose(server);
  }
});

/** `text` as a literal inside a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
