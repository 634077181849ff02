// The village plan as a person meets it: the plan, its sheet, the list of stands; and
// fingers on a touch screen, sent through the DevTools protocol like real touches.
import { expect, type CDPSession, type Locator, type Page } from '@playwright/test';
import { expectPage } from './pages';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class VillageScreen {
  readonly viewport: Locator;
  readonly svg: Locator;
  readonly list: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly sheet: Locator;
  readonly services: Locator;
  readonly rooms: Locator;

  constructor(readonly page: Page) {
    this.viewport = page.locator('.plan-viewport');
    this.svg = page.locator('svg.plan-svg');
    this.list = page.getByRole('region', { name: 'Les stands du village' });
    this.search = page.getByLabel('Rechercher un stand, une association, un thème');
    this.count = this.list.locator('.result-count');
    this.sheet = page.locator('.sheet');
    this.services = page.getByRole('region', { name: 'Services et accès' });
    this.rooms = page.getByRole('region', { name: 'Salles et espaces' });
  }

  async open(path = '/village') {
    await this.page.goto(path);
    await expectPage(this.page, 'Plan du village des solidarités');
    await expect(this.svg).toBeVisible();
    await expect(this.page.locator('.stand-label').first()).toBeAttached();
  }

  /** The stand's shape on the plan (the link around it carries its accessible name). */
  stand(id: string): Locator {
    return this.page.locator(`a.plan-stand[data-stand="${id}"]`);
  }

  /** The line of the « Services et accès » list that names `label`. */
  service(label: string): Locator {
    return this.services.getByRole('listitem').filter({ has: this.page.locator('.place-name', { hasText: label }) });
  }

  listItems(): Locator {
    return this.list.locator('.stand-item:visible');
  }

  async viewBox(): Promise<number[]> {
    const raw = await this.svg.getAttribute('viewBox');
    return (raw ?? '').split(/\s+/).map(Number);
  }

  /** Waits until the viewBox differs from `before`, and returns the new one. */
  async viewBoxChangedFrom(before: number[]): Promise<number[]> {
    await expect.poll(async () => (await this.viewBox()).join(' ')).not.toBe(before.join(' '));
    return this.viewBox();
  }

  async viewportBox(): Promise<Box> {
    const box = await this.viewport.boundingBox();
    if (!box) throw new Error('le plan n’est pas affiché');
    return box;
  }

  /** The boxes of the plan's labels (stands' by default), from getBBox in the SVG's units. */
  async labelBoxes(selector = 'text.stand-label'): Promise<{ text: string; box: Box }[]> {
    return this.page.locator(selector).evaluateAll((nodes) =>
      nodes.map((n) => {
        const b = (n as SVGTextElement).getBBox();
        return { text: n.textContent ?? '', box: { x: b.x, y: b.y, width: b.width, height: b.height } };
      }),
    );
  }
}

export function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function centre(b: Box) {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Fingers on the screen, in page (CSS) pixels, sent as real touch input. */
export class Fingers {
  private constructor(private readonly cdp: CDPSession) {}

  static async on(page: Page): Promise<Fingers> {
    const cdp = await page.context().newCDPSession(page);
    // The desktop project has no touch screen: emulate one so the touches are delivered.
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    return new Fingers(cdp);
  }

  private async send(type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) {
    await this.cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: points.map((p, id) => ({ x: Math.round(p.x), y: Math.round(p.y), id })),
    });
    // A frame between moves, as a real finger: the browser's scrolling needs the time.
    if (type === 'touchMove') await new Promise((r) => setTimeout(r, 16));
  }

  /** Two fingers from `from` to `to`, in `steps` moves. */
  async pinch(from: [{ x: number; y: number }, { x: number; y: number }], to: typeof from, steps = 8) {
    await this.send('touchStart', from);
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      await this.send(
        'touchMove',
        from.map((f, k) => ({ x: f.x + (to[k].x - f.x) * t, y: f.y + (to[k].y - f.y) * t })),
      );
    }
    await this.send('touchEnd', []);
  }

  /** One finger from `from` to `to`. */
  async swipe(from: { x: number; y: number }, to: { x: number; y: number }, steps = 10) {
    await this.send('touchStart', [from]);
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      await this.send('touchMove', [{ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }]);
    }
    await this.send('touchEnd', []);
  }
}
