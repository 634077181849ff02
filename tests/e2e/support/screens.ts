// Phone-size screenshots of each screen, written where a person can open them.
import type { Page, TestInfo } from '@playwright/test';
import { join } from 'node:path';

/**
 * Writes `screenshots/<project>/<name>.png`: the full page, or with `fold` only what the
 * first screen shows, before any scrolling.
 */
export async function screenshot(page: Page, testInfo: TestInfo, name: string, { fold = false } = {}) {
  await page.evaluate(() => document.fonts.ready);
  // From the top: the headings of the programme's parts of the day stick to the top of the
  // screen, and a page captured scrolled would show them there, over the rows.
  await page.evaluate(() => window.scrollTo(0, 0));
  const shown = fold ? null : await page.evaluateHandle(drawOutOfSight);
  await page.screenshot({
    path: join(__dirname, '..', 'screenshots', testInfo.project.name, `${name}.png`),
    fullPage: !fold,
  });
  await shown?.evaluate((undo) => undo());
}

/**
 * In the page: draws what is drawn only in sight (`content-visibility: auto`: the village's
 * lists, a long programme's rows), as scrolling to it would, through the CSSOM (the pages'
 * rules forbid inline style sheets). Returns the function that puts the page back.
 */
function drawOutOfSight(): () => void {
  const hidden = [...document.querySelectorAll<HTMLElement>('*')].filter(
    (el) => getComputedStyle(el).contentVisibility === 'auto',
  );
  for (const el of hidden) el.style.contentVisibility = 'visible';
  return () => {
    for (const el of hidden) el.style.contentVisibility = '';
  };
}
