import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { findChromium } from '../scripts/browser';
import {
  CARDS_DIR,
  type CardShot,
  isBlank,
  problemsOf,
  shootCards,
  shotFileName,
  WIDTHS,
} from '../scripts/cardScreenshots';
import { THEMES } from '../scripts/teamsHostConfigs';
import { CARD_NAMES } from '../src/cards/cardTypes';

// Without Chromium the picture checks are skipped on a developer's machine; under CI=true they run
// and fail, because launching the browser fails (.ci/run installs Debian's chromium first).
const withBrowser = findChromium() || process.env.CI === 'true' ? describe : describe.skip;

describe('docs/cards', () => {
  it('holds a picture of every card at both widths in the three themes (npm run cards:screenshots)', () => {
    const missing = CARD_NAMES.flatMap((name) =>
      THEMES.flatMap((theme) => WIDTHS.map((width) => shotFileName(name, width, theme))),
    ).filter((file) => !existsSync(join(CARDS_DIR, file)));
    expect(missing).toEqual([]);
  });

  it('the blank check tells an empty picture from a card', () => {
    const png = new PNG({ width: 40, height: 40 });
    png.data.fill(255);
    expect(isBlank(PNG.sync.write(png))).toBe(true);
    for (let i = 0; i < png.data.length / 2; i += 4) png.data[i] = 0;
    expect(isBlank(PNG.sync.write(png))).toBe(false);
  });
});

withBrowser('card pictures in Teams-like themes', () => {
  let shots: CardShot[] = [];
  beforeAll(async () => {
    shots = await shootCards();
  }, 180_000);

  it('renders every card at 320 and 540 pixels in light, dark and high contrast', () => {
    expect(shots).toHaveLength(CARD_NAMES.length * WIDTHS.length * THEMES.length);
  });

  it.each(CARD_NAMES)('%s: title and every button visible, nothing sideways, readable, not blank', (name) => {
    const mine = shots.filter((s) => s.name === name);
    expect(mine).toHaveLength(WIDTHS.length * THEMES.length);
    for (const shot of mine) {
      expect(shot.checks.title).not.toBe('');
      expect(shot.checks.titleVisible).toBe(true);
      expect(shot.checks.blank).toBe(false);
    }
    expect(mine.flatMap(problemsOf)).toEqual([]);
  });

  it('catches a cut-off button and text that does not wrap', async () => {
    const [shot] = await shootCards({
      widths: [320],
      themes: ['light'],
      cards: {
        bad: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [
            { type: 'TextBlock', text: 'A heading that is there', style: 'heading', wrap: true },
            {
              type: 'TextBlock',
              text: 'A_very_long_unbroken_line_that_cannot_wrap_at_all_in_a_narrow_card',
              wrap: false,
            },
          ],
          actions: [
            { type: 'Action.Submit', title: 'A very long button title that Teams would cut' },
            { type: 'Action.Submit', title: 'Another long button title' },
          ],
        },
      },
    });
    const problems = problemsOf(shot).join('\n');
    expect(problems).toContain('button "A very long button title that Teams would cut" is cut off');
    expect(problems).toMatch(/A_very_long_unbroken_line.*(is cut off|sticks out)/);
  }, 60_000);
});
