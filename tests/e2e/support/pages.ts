// Page objects: what a person sees and does on each screen, so specs read as stories.
import { expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export class ProgrammeScreen {
  readonly rows: Locator;
  readonly search: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    // The rows a person sees: a row that leaves the results of a search may stay in the
    // page, hidden, to come back at once.
    this.rows = page.locator('.session-row:not([hidden])');
    this.search = page.getByLabel('Rechercher une séance, un intervenant, un thème');
    this.count = page.locator('.result-count');
  }

  async open(query = '') {
    await this.page.goto(`/programme${query}`);
    await expectPage(this.page, 'Programme');
    await expect(this.count).toBeVisible();
  }

  async filter(label: 'Thème' | 'Public' | 'Type' | 'Lieu', option: string) {
    const select = this.page.getByLabel(label, { exact: true });
    if (!(await select.isVisible())) {
      await this.page.getByText('Filtrer par thème, public, type ou lieu').click();
    }
    await select.selectOption({ label: option });
  }

  titles() {
    return this.rows.locator('.session-title');
  }
}

/** axe-core on the current page: WCAG 2.x A and AA rules, plus best practices. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}) : ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, `axe sur ${page.url()}`).toEqual([]);
}

/** The app is running (the wasm replaced the static shell) and the page has its title. */
export async function expectPage(page: Page, heading: string | RegExp) {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Chargement' })).toHaveCount(0);
  await expectAppInCharge(page);
}

/**
 * The app has taken over the page the server drew (`<main data-server-rendered>`, shown
 * until the app has the programme): what is on screen now answers clicks and typing.
 */
export async function expectAppInCharge(page: Page) {
  await expect(page.locator('main[data-server-rendered]')).toHaveCount(0);
}
