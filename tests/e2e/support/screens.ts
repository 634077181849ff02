// Phone-size screenshots of each screen, written where a person can open them.
import type { Page, TestInfo } from '@playwright/test';
import { join } from 'node:path';

/** Writes `screenshots/<project>/<name>.png` (full page). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({
    path: join(__dirname, '..', 'screenshots', testInfo.project.name, `${name}.png`),
    fullPage: true,
  });
}
