// QR codes read back from the screen by an independent decoder (jsQR), not the encoder
// that drew them.
import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of every QR code matched by `selector`, in order ('' for one that does not read). */
export async function decode(page: Page, selector: string): Promise<string[]> {
  const decoded: string[] = [];
  for (const code of await page.locator(selector).all()) {
    await code.scrollIntoViewIfNeeded();
    const png = PNG.sync.read(await code.screenshot());
    const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    decoded.push(found?.data ?? '');
  }
  return decoded;
}

