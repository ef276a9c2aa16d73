import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../src/paths';
import { launchBrowser } from './browser';
import { startLocalStack } from './localStack';
import { hideLogPanel, runScript, shoot, waiterFor } from './playgroundPage';

/**
 * `npm run screenshot:compose [-- "query"]`: the message extension in the Agents Playground's group
 * chat, through headless Chromium. Saves the compose box's search results for the query (by
 * default the misspelt "proportionate universalsm") to docs/playground-compose-search.png, then
 * "Check my wording" on a message there to docs/playground-check-wording.png.
 *
 * The Playground reads no manifest, so the command ids are typed into its forms as the manifest
 * declares them. It also refuses a search result whose preview has a tap ("not supported yet"),
 * which Teams uses to ask for the picked card (selectItem): the script removes the taps from the
 * bot's answer on its way to the page, and changes nothing else. Each result carries its card, so
 * picking one still inserts the same card.
 *
 * Ports differ from the other Playground scripts so that they can run at once.
 */
const [QUERY = 'proportionate universalsm'] = process.argv.slice(2);
const SEARCH_OUT = join(PROJECT_ROOT, 'docs', 'playground-compose-search.png');
const DIALOG_OUT = join(PROJECT_ROOT, 'docs', 'playground-check-wording.png');
const DRAFT = 'We need people to stop making lifestyle choices that harm their health.';

/** The bot's invoke answers as the page gets them, without the previews' taps (see above). */
async function withoutTaps(page: Page): Promise<void> {
  await page.route('**/_conversation/v1/invoke', async (route) => {
    const response = await route.fetch();
    const json = (await response.json()) as {
      composeExtension?: { attachments?: { preview?: { content?: Record<string, unknown> } }[] };
    };
    for (const attachment of json.composeExtension?.attachments ?? [])
      delete attachment.preview?.content?.tap;
    await route.fulfill({ response, json });
  });
}

const waitFor = waiterFor('playground-compose-failure.png');

async function main(): Promise<void> {
  const stack = await startLocalStack({ botPort: 39800, playgroundPort: 56171, echo: false });
  const browser = await launchBrowser({ width: 1280, height: 900 });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await withoutTaps(page);
    await page.goto(stack.playgroundUrl, { waitUntil: 'networkidle' });
    const welcome = page.getByText("Hello, I'm the health-equity assistant").first();
    await waitFor(page, welcome, 'the welcome card');
    // The log panel covers a third of the window and says nothing to a reader of the docs.
    await hideLogPanel(page);
    // A group chat: the compose box's answers are for conversations with other people.
    const groupChat = page.getByRole('treeitem', { name: 'Group Chat', exact: true });
    await waitFor(page, groupChat, 'the group chat in the chat list');
    await groupChat.click();
    await waitFor(page, welcome, 'the welcome card in the group chat');

    // The compose box's "+" opens the message extension menu.
    await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
    await page.getByRole('menuitem', { name: 'Search Command' }).click();
    const options = page.getByRole('button', { name: 'Specify Command ID or Parameter' });
    await waitFor(page, options, 'the search dialog');
    await options.click();
    await page.getByPlaceholder('Command ID').fill('searchKnowledge');
    await page.getByPlaceholder('Parameter name').fill('query');
    // Folded again, so the list has the room.
    await options.click();
    await page.getByPlaceholder('Enter a search term').fill(QUERY);
    const result = page.getByText('Proportionate universalism', { exact: true }).first();
    await waitFor(page, result, 'the search results');
    await shoot(page, SEARCH_OUT);
    await page.getByRole('button', { name: 'Close' }).first().click();

    // A message in the chat (not to the bot: no @mention), then "Check my wording" from its menu.
    const box = page.locator('[contenteditable="true"]:has(p.editor-paragraph)').first();
    await box.click();
    await page.keyboard.type(DRAFT);
    await page.keyboard.press('Enter');
    const sent = page.getByText(DRAFT).last();
    await waitFor(page, sent, 'the message in the chat');
    await sent.hover();
    await sent.locator('xpath=ancestor::*[.//button][1]').locator('button').first().click();
    await page.getByRole('menuitem', { name: 'Action Command' }).click();
    await page.getByPlaceholder('Input command id or leave blanks').fill('checkWording');
    await page.getByText('Fetch the dialog dynamically from the app').click();
    await page.getByRole('button', { name: 'Create' }).click();
    await waitFor(page, page.getByText('Wording check').first(), 'the "Check my wording" dialog');
    await shoot(page, DIALOG_OUT);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

runScript(main);
