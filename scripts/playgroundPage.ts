import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/paths';

/** How long a Playground step may take before the script gives up and saves the page. */
const TIMEOUT = 30000;

export type WaitFor = (
  page: Page,
  locator: Locator,
  what: string,
  state?: 'visible' | 'hidden',
) => Promise<void>;

/**
 * A wait that, on a timeout, saves what the page shows to build/<failureName> and says what it
 * waited for: a Playground change shows up as a picture rather than a bare timeout.
 */
export function waiterFor(failureName: string): WaitFor {
  const failure = join(PROJECT_ROOT, 'build', failureName);
  return async (page, locator, what, state = 'visible') => {
    try {
      await locator.waitFor({ state, timeout: TIMEOUT });
    } catch (err) {
      mkdirSync(dirname(failure), { recursive: true });
      await page.screenshot({ path: failure }).catch(() => undefined);
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new Error(`Waiting for ${what}: ${reason} (the page is in ${failure})`);
    }
  };
}

/** The log panel covers a third of the window and says nothing to a reader of the docs. */
export async function hideLogPanel(page: Page): Promise<void> {
  const hideLog = page.getByRole('button', { name: 'Hide log panel' });
  if (await hideLog.isVisible().catch(() => false)) await hideLog.click().catch(() => undefined);
}

/** Lets the page settle, then saves it to `file` (absolute) and says so. */
export async function shoot(page: Page, file: string): Promise<void> {
  await page.waitForTimeout(500);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  process.stdout.write(`Saved ${file}\n`);
}

/** Runs a script's main: a failure prints its message alone and exits 1. */
export function runScript(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
