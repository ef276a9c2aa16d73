import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium; playwright's own browser downloads cannot run here. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const findChromium = (): string | undefined => CHROMIUM_PATHS.find((p) => existsSync(p));

/**
 * Headless Chromium in a fresh profile. The flags stop Chromium calling home, which fails (and
 * slows start-up) on machines without open internet access.
 */
export async function launchBrowser(viewport: { width: number; height: number }): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('Chromium is not installed: run `apt-get install chromium` (Debian/Ubuntu)');
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
