// The organizers' console: accounts made with the real command line, passwords set through
// their real one-time link, sign-in through the page.
import { expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';

export interface Organizer {
  name: string;
  email: string;
  password: string;
}

/** A password the console accepts (12 characters at least). */
export const PASSWORD = 'une phrase facile à retenir';

let made = 0;

/**
 * Creates an account with `agir-server organizer add` on `db` (the server's SQLite file) and
 * returns it with the one-time link the command printed, the password not set yet.
 */
export function newAccount(
  server: { url: string },
  db: string,
  role: 'organisateur' | 'moderation' = 'organisateur',
): Organizer & { link: string } {
  const name = role === 'moderation' ? 'Hugo Morel' : 'Claire Martin';
  const email = `${role}.${process.pid}.${Date.now()}.${++made}@angers.fr`;
  const run = spawnSync(
    process.env.AGIR_SERVER_BIN!,
    ['organizer', 'add', name, '--email', email, '--role', role, '--public-url', server.url, '--db', db],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`organizer add : ${run.stdout}${run.stderr}`);
  const link = run.stdout.match(/https?:\/\/\S+\/organisateurs\/mot-de-passe#\S+/)?.[0];
  if (!link) throw new Error(`pas de lien dans : ${run.stdout}`);
  return { name, email, password: PASSWORD, link };
}

/** An account whose password is set (through the API, as the page does). */
export async function organizer(
  server: { url: string },
  db: string,
  role: 'organisateur' | 'moderation' = 'organisateur',
): Promise<Organizer> {
  const account = newAccount(server, db, role);
  const token = account.link.split('#')[1];
  const response = await fetch(`${server.url}/api/comptes/mot-de-passe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(server.url).origin },
    body: JSON.stringify({ lien: token, mot_de_passe: account.password }),
  });
  if (response.status !== 204) throw new Error(`mot de passe refusé : ${response.status} ${await response.text()}`);
  return account;
}

/** The database of the server `cargo xtask test` started for every spec. */
export function sharedDb(): string {
  const db = process.env.AGIR_E2E_DB;
  if (!db) throw new Error('AGIR_E2E_DB manque : lancez les tests avec `cargo xtask test`.');
  return db;
}

/** Signs in through the page, arriving at `path`. */
export async function signIn(page: Page, who: Organizer, path = '/organisateurs') {
  await page.goto(`/organisateurs/connexion?retour=${encodeURIComponent(path)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Se connecter' })).toBeVisible();
  await page.getByLabel('Adresse e-mail').fill(who.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, '\\?')}$`));
}
