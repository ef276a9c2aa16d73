import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { launchBrowser } from './browser';
import { startLocalStack } from './localStack';

/**
 * `npm run screenshot:playground [-- "message" "title it waits for" file.png]`: sends a message in
 * the Agents Playground through headless Chromium and saves what a person sees (by default the
 * proportionate universalism answer, to docs/playground.png).
 */
const [
  QUESTION = 'what is proportionate universalism',
  ANSWER_TITLE = 'Proportionate universalism',
  OUT = 'playground.png',
] = process.argv.slice(2);

async function main(): Promise<void> {
  const stack = await startLocalStack({ botPort: 39780, playgroundPort: 56151, echo: false });
  const browser = await launchBrowser({ width: 1280, height: 900 });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(stack.playgroundUrl, { waitUntil: 'networkidle' });
    // The welcome card arrives first: the bot is connected.
    await page.getByText("Hello, I'm the health-equity assistant").first().waitFor({ timeout: 30000 });
    // The compose box is a rich-text editor (contenteditable), not an input.
    const box = page.locator('[contenteditable="true"]:has(p.editor-paragraph)').first();
    await box.click();
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    const heading = page.getByText(ANSWER_TITLE, { exact: true }).last();
    await heading.waitFor({ timeout: 30000 }).catch(async (err: unknown) => {
      await page
        .screenshot({ path: join(PROJECT_ROOT, 'build', 'playground-failure.png') })
        .catch(() => undefined);
      throw err;
    });
    // The log panel covers a third of the window and says nothing to a reader of the README.
    const closeLog = page.getByRole('button', { name: /close/i }).last();
    if (await closeLog.isVisible().catch(() => false)) await closeLog.click().catch(() => undefined);
    await heading.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    mkdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true });
    const file = join(PROJECT_ROOT, 'docs', OUT);
    await page.screenshot({ path: file });
    process.stdout.write(`Saved ${file}\n`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
