import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/paths';
import { launchBrowser } from './browser';
import { startLocalStack } from './localStack';

/**
 * `npm run screenshot:ask-team`: in the Agents Playground's personal chat, asks a question the
 * knowledge base has no answer for, opens "Ask the team" on the no-answer card and saves what a
 * person sees (docs/playground-ask-team.png); then sends it and saves the card the asker is left
 * with (docs/playground-ask-team-sent.png).
 *
 * The Playground has no team channel, so the experts' channel is set by EXPERTS_CHANNEL_ID to a
 * made-up one: the Playground's mock connector takes the ticket card's post like any other.
 * Ports differ from the other screenshot scripts so that they can run at once.
 */
const QUESTION = 'where can I park my van overnight';
const OUT = join(PROJECT_ROOT, 'docs', 'playground-ask-team.png');
const OUT_SENT = join(PROJECT_ROOT, 'docs', 'playground-ask-team-sent.png');
const FAILURE = join(PROJECT_ROOT, 'build', 'playground-ask-team-failure.png');
const TIMEOUT = 30000;

async function waitFor(page: Page, locator: Locator, what: string): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch (err) {
    mkdirSync(join(PROJECT_ROOT, 'build'), { recursive: true });
    await page.screenshot({ path: FAILURE }).catch(() => undefined);
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Error(`Waiting for ${what}: ${reason} (the page is in ${FAILURE})`);
  }
}

async function main(): Promise<void> {
  process.env.EXPERTS_CHANNEL_ID = '19:playground-experts@thread.tacv2';
  // A store of its own: the welcome and the ticket do not touch the developer's data.
  process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'ask-team-'));
  const stack = await startLocalStack({ botPort: 39795, playgroundPort: 56165, echo: false });
  const browser = await launchBrowser({ width: 1280, height: 1000 });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(stack.playgroundUrl, { waitUntil: 'networkidle' });
    await waitFor(page, page.getByText("Hello, I'm the health-equity assistant").first(), 'the welcome card');
    const hideLog = page.getByRole('button', { name: 'Hide log panel' });
    if (await hideLog.isVisible().catch(() => false)) await hideLog.click().catch(() => undefined);

    const box = page.locator('[contenteditable="true"]:has(p.editor-paragraph)').first();
    await box.click();
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    await waitFor(page, page.getByText("I don't have an answer to that yet").last(), 'the no-answer card');
    await page.getByRole('button', { name: 'Ask the team' }).last().click();
    const send = page.getByRole('button', { name: 'Send to the team' }).last();
    await waitFor(page, send, 'the "Ask the team" form');
    await send.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    mkdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: OUT });
    process.stdout.write(`Saved ${OUT}\n`);

    await send.click();
    const sent = page.getByText('Sent to the expert team').last();
    await waitFor(page, sent, 'the "Sent to the expert team" card');
    await sent.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await page.screenshot({ path: OUT_SENT });
    process.stdout.write(`Saved ${OUT_SENT}\n`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
