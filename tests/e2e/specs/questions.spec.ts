// Questions from the floor: two attendee phones, a moderator and the room's projector on
// the public debate, all live without a reload; a question asked offline arrives once; a
// stream cut by the test resumes from its last event without losing one, and one the
// browser gives up is opened again.
import { test, expect, type Browser, type Page, type Request, type Route, type TestInfo } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { organizer, signIn } from '../support/console';
import { expectNoAxeViolations, expectPage } from '../support/pages';
import { screenshot } from '../support/screens';
import { adminToken, dispose, pageOn, startServer, type OwnServer } from '../support/server';

const SESSION = 'debat-public-engagement';
const TITLE = /^Débat public/;
/** During the debate, by the app's clock. */
const DURING = `/programme/${SESSION}?now=2013-10-08T18:20`;

/** The attendee's section of questions. */
const floor = (page: Page) => page.locator('section.floor');
const accepted = (page: Page) => floor(page).locator('.floor-questions > li');
const mine = (page: Page) => floor(page).locator('.floor-mine > li');

async function ask(page: Page, text: string, name = '') {
  await page.getByLabel('Votre question').fill(text);
  if (name) await page.getByLabel('Votre prénom (facultatif)').fill(name);
  await page.getByRole('button', { name: 'Envoyer la question' }).click();
}

/** The moderators' queue, read with the organizers' token. */
async function queue(server: OwnServer): Promise<{ questions: { id: number; texte: string; statut: string }[] }> {
  const response = await fetch(`${server.url}/api/admin/sessions/${SESSION}/questions?edition=2013`, {
    headers: { Authorization: `Bearer ${adminToken()}`, Accept: 'application/json' },
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function moderate(server: OwnServer, id: number, action: string) {
  const response = await fetch(`${server.url}/api/admin/questions/${id}/${action}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken()}` },
  });
  expect(response.status, `${action} ${id}`).toBe(200);
}

/** The projector: a wide screen, no controls. */
async function projector(browser: Browser, server: OwnServer): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 720 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  return context.newPage();
}

async function attendee(browser: Browser, server: OwnServer, testInfo: TestInfo): Promise<Page> {
  const page = await pageOn(browser, server, testInfo);
  await page.goto(DURING);
  await expectPage(page, TITLE);
  await expect(floor(page).getByRole('heading', { name: 'Questions de la salle' })).toBeVisible();
  return page;
}

/** Two phones on the debate's page, its room screen and a signed-in moderator's queue. */
async function everyone(browser: Browser, server: OwnServer, testInfo: TestInfo) {
  const moderator = await organizer(server, join(server.dir, 'agir.db'), 'moderation');
  const a = await attendee(browser, server, testInfo);
  const b = await attendee(browser, server, testInfo);
  const room = await projector(browser, server);
  await room.goto(`/organisateurs/salle/${SESSION}`);
  await expect(room.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  const m = await pageOn(browser, server, testInfo);
  await signIn(m, moderator, `/organisateurs/questions/${SESSION}`);
  await expect(m.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  return { a, b, room, m };
}

test('deux téléphones, un modérateur et l’écran de salle suivent la même question en direct', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const { a, b, room, m } = await everyone(browser, server, testInfo);
    await expect(room.getByRole('button')).toHaveCount(0);
    // A moderator's account sees the questions and nothing of the organizers' sections.
    await expect(m.getByRole('navigation').getByRole('link', { name: 'Questions' })).toBeVisible();
    await expect(m.getByRole('navigation').getByRole('link', { name: 'Bilan' })).toHaveCount(0);

    // A asks; nobody else sees it before a moderator accepts it.
    const question = 'Comment devenir bénévole quand on travaille encore ?';
    await ask(a, question, 'Zoé');
    await expect(mine(a)).toContainText(question);
    await expect(mine(a)).toContainText('En attente');
    await expect(floor(b).getByText("Aucune question acceptée pour l'instant.")).toBeVisible();
    await expectNoAxeViolations(a);
    await screenshot(a, testInfo, 'questions-seance');

    // The moderator's queue shows it without a reload, and accepts it.
    const card = m.locator('.moderation-card', { hasText: 'Zoé' });
    await expect(m.getByRole('heading', { name: 'À modérer (1)' })).toBeVisible();
    await expectNoAxeViolations(m);
    await screenshot(m, testInfo, 'questions-moderation');
    await card.getByRole('button', { name: 'Accepter' }).click();
    await expect(m.getByRole('heading', { name: 'Acceptées (1)' })).toBeVisible();
    await expect(m.getByText('Aucune question en attente.')).toBeVisible();

    // B and the room see it live; A sees it accepted.
    await expect(accepted(b)).toHaveCount(1);
    await expect(accepted(b)).toContainText(question);
    await expect(room.getByText(question)).toBeVisible();
    await expect(mine(a)).toContainText('Acceptée');

    // B says "Moi aussi": the count reaches A and the room.
    await accepted(b).getByRole('button', { name: /Moi aussi/ }).click();
    await expect(accepted(b).getByRole('button', { name: /Moi aussi/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(accepted(a)).toContainText('1 personne la soutient');
    await expect(room.getByText('Zoé · 1 soutien')).toBeVisible();

    // Pinned: the question being asked, on the projector and the phones.
    await m.locator('.moderation-card', { hasText: 'Zoé' }).getByRole('button', { name: /Épingler/ }).click();
    await expect(room.getByText('Question posée en ce moment')).toBeVisible();
    await expect(accepted(a).getByText('Posée en ce moment')).toBeVisible();
    await expectNoAxeViolations(room);
    await room.screenshot({ path: join(__dirname, '..', 'screenshots', testInfo.project.name, 'questions-ecran-salle.png') });
    // The address under the code reads whole and wraps only after its separators.
    const address = room.locator('.room-join-url');
    await expect(address).toHaveText(`${new URL(server.url).host}/programme/${SESSION}`);
    const split = await address.evaluate((p) => {
      const texts = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      const cut: string[] = [];
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        if (range.getClientRects().length > 1) cut.push(node.textContent ?? '');
      }
      return cut;
    });
    expect(split, 'no part of the address is cut across two lines').toEqual([]);

    // Answered: its own list everywhere.
    await m.locator('.moderation-card', { hasText: 'Zoé' }).getByRole('button', { name: 'Marquer répondue' }).click();
    await expect(floor(b).locator('.floor-answered')).toContainText(question);
    await expect(accepted(b)).toHaveCount(0);
    await expect(mine(a)).toContainText('Répondue');
    await expect(room.getByText('Question posée en ce moment')).toHaveCount(0);

    // The log says who did what.
    await m.getByRole('button', { name: 'Afficher le journal' }).click();
    await expect(m.locator('.moderation-log li').first()).toContainText('Hugo Morel');

    // Offline, a question waits on the phone, then arrives once.
    await a.context().setOffline(true);
    await ask(a, 'Et pour les étudiants ?');
    await expect(mine(a).filter({ hasText: 'Et pour les étudiants ?' })).toContainText("En attente d'envoi");
    await a.context().setOffline(false);
    await a.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(mine(a).filter({ hasText: 'Et pour les étudiants ?' })).toContainText("l'équipe d'animation la lit");
    await expect(m.getByRole('heading', { name: 'À modérer (1)' })).toBeVisible();
    const asked = (await queue(server)).questions.filter((q) => q.texte === 'Et pour les étudiants ?');
    expect(asked, 'sent once').toHaveLength(1);
  } finally {
    await dispose(server);
  }
});

test('un flux coupé reprend à son dernier événement, sans en perdre', async ({ browser }, testInfo) => {
  const server = await startServer();
  const resumedFrom: string[] = [];
  const polls: string[] = [];
  // A reconnection started as the page closes never gets its headers: that read is
  // dropped, and the listener goes before the server does (see `finally`).
  const onRequest = (r: Request) => {
    if (r.url().includes('/questions/flux')) {
      r.allHeaders().then(
        (headers) => headers['last-event-id'] && resumedFrom.push(headers['last-event-id']),
        () => undefined,
      );
    } else if (/\/questions\?/.test(r.url())) {
      polls.push(r.url());
    }
  };
  let a: Page | undefined;
  try {
    const b = await attendee(browser, server, testInfo);
    a = await pageOn(browser, server, testInfo);
    a.on('request', onRequest);
    const streaming = a.waitForResponse((r) => r.url().includes('/questions/flux'));
    await a.goto(DURING);
    await expectPage(a, TITLE);
    await streaming;

    // A first question, accepted while the stream is open.
    await ask(b, 'Première question ?');
    await expect(mine(b).filter({ hasText: 'Première' })).toContainText("l'équipe d'animation la lit");
    let id = (await queue(server)).questions[0].id;
    await moderate(server, id, 'accepter');
    await expect(accepted(a)).toHaveCount(1);

    // The stream is cut (the server restarts) and the phone loses the network, so the
    // browser's reconnections fail for a while; meanwhile a second question is accepted and
    // the first one answered. Offline rather than a blocked URL: Chromium gives up an
    // `EventSource` whose reconnection is blocked, but keeps retrying after a network error.
    // Not an intercepted request either: it loses the Last-Event-ID header.
    await a.context().setOffline(true);
    const failedReconnection = a.waitForEvent('requestfailed', (r) => r.url().includes('/questions/flux'));
    polls.length = 0;
    await server.restart();
    await ask(b, 'Deuxième question ?');
    await expect(mine(b).filter({ hasText: 'Deuxième' })).toContainText("l'équipe d'animation la lit");
    id = (await queue(server)).questions.find((q) => q.texte === 'Deuxième question ?')!.id;
    await moderate(server, id, 'accepter');
    await moderate(server, (await queue(server)).questions.find((q) => q.texte === 'Première question ?')!.id, 'repondue');
    await expect(accepted(a)).not.toContainText('Deuxième question ?');
    await failedReconnection;

    // Let it reconnect: both events arrive from where it stopped, with no poll of the list.
    await a.context().setOffline(false);
    await expect(accepted(a)).toContainText('Deuxième question ?');
    await expect(floor(a).locator('.floor-answered')).toContainText('Première question ?');
    await expect.poll(() => resumedFrom.length, { message: 'the browser sent Last-Event-ID' }).toBeGreaterThan(0);
    expect(polls, 'the stream resumed: nothing was read again').toEqual([]);
  } finally {
    a?.off('request', onRequest);
    await dispose(server);
  }
});

test('un flux abandonné par le navigateur se rouvre, sur les téléphones, chez le modérateur et sur l’écran de salle', async ({ browser }, testInfo) => {
  // Cut, polled every 10 seconds, then reopened after a pause of 2, 4, 8 then 16 seconds.
  test.setTimeout(120_000);
  const server = await startServer();
  try {
    const { a, b, room, m } = await everyone(browser, server, testInfo);
    await expect(m.getByRole('heading', { name: 'À modérer (0)' })).toBeVisible();
    await expect(m.getByText('Aucune question en attente.')).toBeVisible();

    // The server restarts and refuses the streams of A, the moderator and the room for a
    // while: their browsers give the streams up, which only a refusal makes them do.
    const watched = [a, m, room];
    const refuse = (route: Route) => route.fulfill({ status: 503, body: 'indisponible' });
    for (const page of watched) await page.route('**/questions/flux**', refuse);
    await server.restart();
    const cutOnPhone = floor(a).getByText('Connexion instable : la liste se met à jour toutes les 10 secondes.');
    const cutForModerator = m.getByText('Connexion instable : la file se met à jour toutes les 10 secondes.');
    await expect(cutOnPhone).toBeVisible();
    await expect(cutForModerator).toBeVisible();
    await screenshot(m, testInfo, 'questions-moderation-coupee');

    // Meanwhile every screen reads its list again every 10 seconds.
    await ask(b, 'Pendant la coupure ?');
    await expect(m.getByRole('heading', { name: 'À modérer (1)' })).toBeVisible({ timeout: 25_000 });
    await moderate(server, (await queue(server)).questions[0].id, 'accepter');
    await expect(accepted(a)).toContainText('Pendant la coupure ?', { timeout: 25_000 });
    await expect(room.getByText('Pendant la coupure ?')).toBeVisible({ timeout: 25_000 });
    await expect(m.getByRole('heading', { name: 'Acceptées (1)' })).toBeVisible({ timeout: 25_000 });

    // Streams are served again: each screen opens its stream anew, from the last event it
    // has, and says nothing of a cut any more.
    const reopened = watched.map((page) =>
      page.waitForResponse((r) => r.url().includes('/questions/flux') && r.status() === 200, { timeout: 60_000 }),
    );
    for (const page of watched) await page.unroute('**/questions/flux**', refuse);
    const urls = (await Promise.all(reopened)).map((r) => new URL(r.url()));
    for (const url of urls) expect(Number(url.searchParams.get('depuis')), url.pathname).toBeGreaterThan(0);
    await expect(cutOnPhone).toHaveCount(0);
    await expect(cutForModerator).toHaveCount(0);

    // Live again: the question answered on stage reaches all three.
    await moderate(server, (await queue(server)).questions[0].id, 'repondue');
    await expect(floor(a).locator('.floor-answered')).toContainText('Pendant la coupure ?');
    await expect(m.getByRole('heading', { name: 'Répondues (1)' })).toBeVisible();
    await expect(room.getByText('Posez vos questions depuis votre téléphone.')).toBeVisible();
  } finally {
    await dispose(server);
  }
});

test('après la journée, un organisateur télécharge les questions et fixe leur durée de conservation', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    const db = join(server.dir, 'agir.db');
    const claire = await organizer(server, db);
    const b = await attendee(browser, server, testInfo);
    // A hostile text stays text on every screen and in the spreadsheet.
    await ask(b, '=HYPERLINK("http://x") <b>gras</b> ?');
    await expect(mine(b)).toContainText("l'équipe d'animation la lit");
    await expect(mine(b).locator('b')).toHaveCount(0);

    const page = await pageOn(browser, server, testInfo);
    await signIn(page, claire, '/organisateurs/questions');
    await expect(page.getByRole('link', { name: /Débat public/ })).toBeVisible();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Télécharger les questions (tableur CSV)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('questions-2013.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0), 'BOM').toBe(0xfeff);
    expect(text).toContain('Débat public');
    expect(text).toContain("'=HYPERLINK");

    await page.getByLabel(/Conserver les questions pendant/).fill('30');
    await page.getByRole('button', { name: 'Enregistrer la durée' }).click();
    await expect(page.getByText(/disparaissent 30 jours après la journée/)).toBeVisible();
    await page.reload();
    await expect(page.getByLabel(/Conserver les questions pendant/)).toHaveValue('30');
    await expectNoAxeViolations(page);
    await screenshot(page, testInfo, 'questions-organisateur');
    // 30 days after 8 October 2013 are long gone: the question left every public view.
    const board = await (await fetch(`${server.url}/api/sessions/${SESSION}/questions?edition=2013`)).json();
    expect(board.questions).toEqual([]);
    expect(board.ouvertes).toBe(false);
  } finally {
    await dispose(server);
  }
});

test('une séance passée aux questions sans modération préalable les montre dès leur arrivée', async ({ browser }, testInfo) => {
  const server = await startServer();
  try {
    // The closing words are a ceremony: no questions, until an organizer says otherwise.
    const page = await pageOn(browser, server, testInfo);
    await signIn(page, await organizer(server, join(server.dir, 'agir.db')), '/organisateurs/editer/2013/seances/conclusion');
    const choices = page.getByRole('group', { name: 'Questions de la salle depuis les téléphones' });
    await expect(choices.getByRole('radio', { name: 'Non', exact: true })).toBeChecked();
    await choices.getByRole('radio', { name: "Oui, affichées dès leur arrivée (l'équipe peut les retirer)" }).check();
    await page.getByRole('link', { name: 'Publier', exact: true }).first().click();
    await expectPage(page, 'Publier');
    await page.getByLabel('Note pour vos collègues (obligatoire)').fill('Questions ouvertes pour la conclusion');
    await page.getByRole('button', { name: 'Publier pour les participants' }).click();
    await expect(page.locator('.said')).toContainText('Publié (révision 2)');

    const during = '/programme/conclusion?now=2013-10-08T19:20';
    const a = await pageOn(browser, server, testInfo);
    await a.goto(during);
    await expect(floor(a).getByText("Elle s'affiche ici dès son arrivée.", { exact: false })).toBeVisible();
    const b = await pageOn(browser, server, testInfo);
    await b.goto(during);
    await expect(floor(b)).toBeVisible();
    await ask(a, 'Quand aura lieu la prochaine rencontre ?');
    await expect(accepted(b)).toContainText('Quand aura lieu la prochaine rencontre ?');
    await expect(mine(a)).toContainText('Acceptée');
  } finally {
    await dispose(server);
  }
});
