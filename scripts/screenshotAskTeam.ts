import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { launchBrowser } from './browser';
import { startLocalStack } from './localStack';
import { hideLogPanel, runScript, shoot, waiterFor } from './playgroundPage';

/**
 * `npm run screenshot:ask-team`: in the Agents Playground's personal chat, asks a question the
 * knowledge base has no answer for, opens "Ask the team" on the no-answer card and saves what a
 * person sees (docs/playground-ask-team.png); then sends it and saves the card the asker is left
 * with (docs/playground-ask-team-sent.png).
 *
 * The Playground has no team channel, so the experts' channel is set by EXPERTS_CHANNEL_ID to a
 * made-up one, whose post the Playground refuses: the asker's card is the one that says the question
 * is kept for the team's report.
 * Ports differ from the other screenshot scripts so that they can run at once.
 */
const QUESTION = 'where can I park my van overnight';
const OUT = join(PROJECT_ROOT, 'docs', 'playground-ask-team.png');
const OUT_SENT = join(PROJECT_ROOT, 'docs', 'playground-ask-team-sent.png');

const waitFor = waiterFor('playground-ask-team-failure.png');

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
    await hideLogPanel(page);

    const box = page.locator('[contenteditable="true"]:has(p.editor-paragraph)').first();
    await box.click();
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    await waitFor(page, page.getByText("I don't have an answer to that yet").last(), 'the no-answer card');
    await page.getByRole('button', { name: 'Ask the team' }).last().click();
    const send = page.getByRole('button', { name: 'Send to the team' }).last();
    await waitFor(page, send, 'the "Ask the team" form');
    await send.scrollIntoViewIfNeeded();
    await shoot(page, OUT);

    await send.click();
    const sent = page.getByText('Kept for the expert team').last();
    await waitFor(page, sent, 'the "Kept for the expert team" card');
    await sent.scrollIntoViewIfNeeded();
    await shoot(page, OUT_SENT);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

runScript(main);
