// Phone-size screenshots of each screen, written where a person can open them.
import { expect, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';

/** Less than this between a control and the heading under it reads as the control's caption. */
const HEADING_CLEARANCE_PX = 8;

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
  // The screen's width as set, not `innerWidth`: a phone zooms out to fit a page too wide.
  const screenWidth = page.viewportSize()?.width ?? 0;
  const flaws = await page.evaluate(layoutFlaws, { min: HEADING_CLEARANCE_PX, screenWidth });
  expect(flaws, `défauts de mise en page sur ${name} (${testInfo.project.name})`).toEqual([]);
}

/**
 * In the page: what a person sees as broken, each in one line: a page wider than the
 * screen's `screenWidth` (it scrolls sideways), a heading less than `min` pixels under a
 * button or a field, a `<summary>` drawn without the triangle that says it opens.
 */
function layoutFlaws({ min, screenWidth }: { min: number; screenWidth: number }): string[] {
  const text = (el: Element) => (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
  const flaws: string[] = [];

  const overflow = document.documentElement.scrollWidth - screenWidth;
  if (overflow > 1) {
    const widest = [...document.querySelectorAll('main *')].reduce<Element | null>(
      (w, el) => (!w || el.getBoundingClientRect().right > w.getBoundingClientRect().right ? el : w),
      null,
    );
    flaws.push(`page plus large que l'écran de ${overflow} px, jusqu'à « ${widest ? text(widest) : '?'} »`);
  }

  const drawn = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.width > 1 && getComputedStyle(el).position !== 'absolute';
  };
  const sameColumn = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right;
  const above = (heading: Element): Element | null => {
    const box = heading.getBoundingClientRect();
    for (let node: Element | null = heading; node && node.tagName !== 'MAIN'; node = node.parentElement) {
      for (let prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (drawn(prev) && sameColumn(prev.getBoundingClientRect(), box)) return prev;
      }
    }
    return null;
  };
  const controls = 'button, .button, input, select, textarea';
  const endsWithControl = (el: Element) => {
    const bottom = el.getBoundingClientRect().bottom;
    return [el, ...el.querySelectorAll(controls)].some(
      (c) => c.matches(controls) && drawn(c) && c.getBoundingClientRect().bottom >= bottom - 2,
    );
  };
  for (const heading of document.querySelectorAll('main h2, main h3, main h4')) {
    if (!drawn(heading)) continue;
    const prev = above(heading);
    if (!prev || !endsWithControl(prev)) continue;
    const gap = heading.getBoundingClientRect().top - prev.getBoundingClientRect().bottom;
    if (gap < min) flaws.push(`« ${text(heading)} » à ${Math.round(gap)} px sous « ${text(prev)} »`);
  }

  for (const summary of document.querySelectorAll('summary')) {
    if (!drawn(summary)) continue;
    const marker =
      getComputedStyle(summary).display === 'list-item' || getComputedStyle(summary, '::before').content !== 'none';
    if (!marker) flaws.push(`« ${text(summary)} » s'ouvre, mais rien ne le montre`);
  }
  return flaws;
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
