import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths';
import { launchBrowser } from './browser';
import { startLocalStack } from './localStack';
import { hideLogPanel, runScript, shoot, waiterFor } from './playgroundPage';

/**
 * `npm run screenshot:huddle`: starts a facilitation huddle in the Agents Playground's group chat
 * through headless Chromium, presses Next on the shared card and saves what a person then sees to
 * docs/playground-huddle.png.
 *
 * The Playground's built-in configuration has one group chat ("Group Chat": the current user, the
 * bot and the mock users) beside the personal chat, picked in the chat list on the left. As in
 * Teams, a group-chat message reaches the bot only when it @mentions it (the Playground sends it
 * nothing otherwise): typing "@" in the compose box opens a typeahead menu, and picking "Test Bot"
 * there inserts the mention.
 *
 * Ports differ from screenshotPlayground.ts so that both can run at once.
 */
const COMMAND = 'facilitate qi huddle';
const OUT = join(PROJECT_ROOT, 'docs', 'playground-huddle.png');

const waitFor = waiterFor('playground-huddle-failure.png');

async function main(): Promise<void> {
  const stack = await startLocalStack({ botPort: 39790, playgroundPort: 56161, echo: false });
  const browser = await launchBrowser({ width: 1280, height: 900 });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(stack.playgroundUrl, { waitUntil: 'networkidle' });
    // The welcome card arrives first: the bot is connected.
    await waitFor(page, page.getByText("Hello, I'm the health-equity assistant").first(), 'the welcome card');

    // The group chat, not the personal chat the Playground opens with.
    const groupChat = page.getByRole('treeitem', { name: 'Group Chat', exact: true });
    await waitFor(page, groupChat, 'the group chat in the chat list');
    await groupChat.click();
    // The bot is added to the group chat when it opens, and welcomes it.
    await waitFor(
      page,
      page.getByText("Hello, I'm the health-equity assistant").first(),
      'the welcome card in the group chat',
    );

    // The compose box is a rich-text editor (contenteditable), not an input.
    const box = page.locator('[contenteditable="true"]:has(p.editor-paragraph)').first();
    await box.click();
    await page.keyboard.type('@');
    const botMention = page.getByRole('menuitem', { name: 'Test Bot' });
    await waitFor(page, botMention, 'the @mention menu');
    await botMention.click();
    await page.keyboard.type(` ${COMMAND}`);
    await page.keyboard.press('Enter');

    const stepOne = page.getByText(/Step 1 of \d+/).last();
    await waitFor(page, stepOne, 'the huddle card at "Step 1 of"');
    await page.getByRole('button', { name: 'Next', exact: true }).last().click();
    const stepTwo = page.getByText(/Step 2 of \d+/).last();
    await waitFor(page, stepTwo, 'the huddle card at "Step 2 of" after Next');
    // Next replaces the one shared card (updateActivity) rather than posting another.
    await waitFor(page, page.getByText(/Step 1 of \d+/), 'the Step 1 card to be replaced', 'hidden');

    // The log panel covers a third of the window and says nothing to a reader of the docs.
    // (After Next the card carries a dismissable "response was sent" bar: its close button is not
    // this one, so the panel's own button is found by its title.)
    await hideLogPanel(page);
    await stepTwo.scrollIntoViewIfNeeded();
    await shoot(page, OUT);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

runScript(main);
