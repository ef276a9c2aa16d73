import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { CARD_NAMES, type CardDataMap, type CardName } from '../src/cards/cardTypes';
import { type AdaptiveCard, loadCardRenderer } from '../src/cards/renderCard';
import { PROJECT_ROOT } from '../src/paths';
import { launchBrowser } from './browser';
import { hostConfigFor, pageCssFor, THEMES, type Theme } from './teamsHostConfigs';

/**
 * `npm run cards:screenshots`: every card template, rendered with its sample data by the official
 * adaptivecards renderer in headless Chromium, at 320 and 540 pixels wide in Teams-like light, dark
 * and high-contrast themes, saved as docs/cards/<name>-<width>-<theme>.png. Each picture is
 * checked as it is taken (the test file runs the same checks).
 */
export const WIDTHS = [320, 540] as const;
export const CARDS_DIR = join(PROJECT_ROOT, 'docs', 'cards');

export interface ShotChecks {
  title: string;
  titleVisible: boolean;
  actions: { title: string; visible: boolean; truncated: boolean }[];
  /** Elements that stick out of the card sideways, or text cut off. */
  overflowing: string[];
  /** Text below WCAG AA contrast (4.5:1, or 3:1 for large text). */
  lowContrast: { text: string; ratio: number }[];
  blank: boolean;
}

export interface CardShot {
  name: string;
  width: number;
  theme: Theme;
  file: string;
  png: Buffer;
  checks: ShotChecks;
}

export const shotFileName = (name: string, width: number, theme: Theme): string =>
  `${name}-${width}-${theme}.png`;

export function sampleOf<K extends CardName>(name: K): CardDataMap[K] {
  return JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'cards', 'samples', `${name}.json`), 'utf8'),
  ) as CardDataMap[K];
}

const plain = (text: string): string =>
  text
    .replace(/\*\*|__|\*|_/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The card's title: its heading TextBlock, or the first TextBlock. */
export function titleOf(card: AdaptiveCard): string {
  const blocks: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'TextBlock') blocks.push(obj);
      for (const [key, value] of Object.entries(obj))
        if (key !== 'actions' && key !== 'selectAction') walk(value);
    }
  };
  walk(card.body);
  const heading = blocks.find((b) => b.style === 'heading') ?? blocks[0];
  return plain(String(heading?.text ?? ''));
}

/** Titles of the buttons a reader sees: the card's actions and those of ActionSets. */
export function actionTitlesOf(card: AdaptiveCard): string[] {
  const titles: string[] = [];
  const fromList = (list: unknown): void => {
    if (Array.isArray(list))
      for (const a of list as Record<string, unknown>[])
        if (typeof a?.title === 'string') titles.push(a.title);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'ActionSet') fromList(obj.actions);
      for (const [key, value] of Object.entries(obj)) if (key !== 'selectAction') walk(value);
    }
  };
  walk(card.body);
  fromList(card.actions);
  return titles;
}

/** True when almost every pixel is the background colour (the top-left pixel). */
export function isBlank(png: Buffer): boolean {
  const image = PNG.sync.read(png);
  const { data } = image;
  let differing = 0;
  for (let i = 0; i < data.length; i += 4) {
    const d = Math.max(
      Math.abs(data[i] - data[0]),
      Math.abs(data[i + 1] - data[1]),
      Math.abs(data[i + 2] - data[2]),
    );
    if (d > 40) differing++;
  }
  return differing < (image.width * image.height) / 100;
}

/** What is wrong with a picture, one line each; empty when it is fine. */
export function problemsOf(shot: CardShot): string[] {
  const where = `${shot.name} at ${shot.width}px, ${shot.theme}`;
  const out: string[] = [];
  if (!shot.checks.titleVisible) out.push(`${where}: title "${shot.checks.title}" is not fully visible`);
  for (const a of shot.checks.actions) {
    if (!a.visible) out.push(`${where}: button "${a.title}" is not visible`);
    else if (a.truncated) out.push(`${where}: button "${a.title}" is cut off`);
  }
  for (const o of shot.checks.overflowing) out.push(`${where}: ${o}`);
  for (const c of shot.checks.lowContrast) out.push(`${where}: low contrast ${c.ratio}:1 for "${c.text}"`);
  if (shot.checks.blank) out.push(`${where}: the picture is blank`);
  return out;
}

interface PageApi {
  renderCardForShot(args: { card: unknown; hostConfig: unknown; css: string; width: number }): void;
  measureCard(args: { title: string; actionTitles: string[] }): Omit<ShotChecks, 'title' | 'blank'>;
}

/**
 * Renders and measures every card template with its sample (or the `cards` given instead); writes
 * the PNGs when `outDir` is given.
 */
export async function shootCards(
  options: {
    names?: readonly CardName[];
    cards?: Readonly<Record<string, AdaptiveCard>>;
    widths?: readonly number[];
    themes?: readonly Theme[];
    outDir?: string;
  } = {},
): Promise<CardShot[]> {
  const renderer = loadCardRenderer(join(PROJECT_ROOT, 'cards'));
  const acDist = join(PROJECT_ROOT, 'node_modules', 'adaptivecards', 'dist');
  const browser = await launchBrowser({ width: 600, height: 800 });
  const shots: CardShot[] = [];
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setContent(
      '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><style id="theme"></style></head>' +
        '<body><div id="frame"><div id="card"></div></div></body></html>',
    );
    await page.addStyleTag({ path: join(acDist, 'adaptivecards.css') });
    await page.addScriptTag({ path: join(acDist, 'adaptivecards.js') });
    await page.addScriptTag({ path: join(PROJECT_ROOT, 'scripts', 'cardPage.js') });
    if (options.outDir) mkdirSync(options.outDir, { recursive: true });
    const cards: [string, AdaptiveCard][] = options.cards
      ? Object.entries(options.cards)
      : (options.names ?? CARD_NAMES).map((name) => [name, renderer.render(name, sampleOf(name))]);
    for (const [name, card] of cards) {
      const title = titleOf(card);
      const actionTitles = actionTitlesOf(card);
      for (const theme of options.themes ?? THEMES)
        for (const width of options.widths ?? WIDTHS) {
          await page.setViewportSize({ width: width + 40, height: 800 });
          // The functions run in the page, so they reach its globals, not this module's.
          await page.evaluate((args) => (globalThis as unknown as PageApi).renderCardForShot(args), {
            card,
            hostConfig: hostConfigFor(theme),
            css: pageCssFor(theme),
            width,
          });
          await page.evaluate('document.fonts.ready.then(() => true)');
          const measured = await page.evaluate(
            (args) => (globalThis as unknown as PageApi).measureCard(args),
            {
              title,
              actionTitles,
            },
          );
          const box = await page.locator('#frame').boundingBox();
          if (!box) throw new Error(`card ${name} did not render`);
          await page.setViewportSize({
            width: width + 40,
            height: Math.max(800, Math.ceil(box.y + box.height) + 8),
          });
          const png = await page.screenshot({
            clip: { x: box.x, y: box.y, width: Math.ceil(box.width), height: Math.ceil(box.height) },
          });
          const file = shotFileName(name, width, theme);
          if (options.outDir) writeFileSync(join(options.outDir, file), png);
          shots.push({ name, width, theme, file, png, checks: { title, ...measured, blank: isBlank(png) } });
        }
    }
  } finally {
    await browser.close();
  }
  return shots;
}

async function main(): Promise<void> {
  const shots = await shootCards({ outDir: CARDS_DIR });
  const problems = shots.flatMap(problemsOf);
  process.stdout.write(`Saved ${shots.length} pictures to ${CARDS_DIR}\n`);
  for (const p of problems) process.stdout.write(`problem: ${p}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
