import { z } from 'zod';
import {
  anyValue,
  fail,
  fields,
  kebabId,
  listOf,
  optionalText,
  text,
  textList,
} from '../knowledge/contentFields';

/** The shape of knowledge/signposting.yaml; what the patterns mean is checked by buildSignposter. */

const FIX = 'see the guide at the top of knowledge/signposting.yaml';
const EXAMPLES_FIX = 'add at least one example message';

/** A number that may be left out. */
const numberOr = (fallback: number, fix: string) =>
  anyValue().transform((value, ctx) => {
    if (value === undefined || value === null) return fallback;
    return typeof value === 'number' && Number.isFinite(value)
      ? value
      : fail(ctx, { code: 'invalid-field', message: '"{field}" must be a number' }, fix);
  });

const gap = numberOr(3, 'write for example "gap: 3"').transform((value, ctx) =>
  Number.isInteger(value) && value >= 0 && value <= 10
    ? value
    : fail(
        ctx,
        { code: 'invalid-field', message: '"gap" must be a whole number from 0 to 10' },
        'write for example "gap: 3"',
      ),
);

const words = z
  .record(z.string(), textList('list at least one word'), { error: FIX })
  .optional()
  .transform((lists, ctx) => {
    for (const name of Object.keys(lists ?? {}))
      if (!/^[a-z0-9-]+$/.test(name))
        fail(
          ctx,
          { code: 'invalid-id', message: `list name "${name}" is not lower-case` },
          'use lower-case letters',
          [name],
        );
    return lists ?? {};
  });

const category = fields({
  id: kebabId('give the category a kebab-case id'),
  patterns: textList(FIX),
  examples: textList('add at least one message this category must catch'),
});

const group = fields({ patterns: textList(FIX), examples: textList(EXAMPLES_FIX) });

/**
 * A contact's button opens an https:// page. tel: links are refused rather than dropped: Teams on
 * the web and on the desktop does nothing when a card's button holds one (microsoft/AdaptiveCards
 * #3905), and an emergency card must not offer a button that does nothing. The number goes in the
 * text, which every client shows.
 */
const contactUrl = optionalText('an https:// address').transform((url, ctx) =>
  url === undefined || /^https:\/\/\S+$/.test(url)
    ? url
    : fail(
        ctx,
        {
          code: 'bad-url',
          message: url.startsWith('tel:')
            ? `"${url}": Teams does not open tel: links from a card's button`
            : `"${url}" is not an https:// address`,
        },
        url.startsWith('tel:') ? "write the number in the contact's text and leave out url" : FIX,
      ),
);

/** true or false, false when left out. */
const yesNo = (fix: string) =>
  anyValue().transform((value, ctx) =>
    value === undefined || value === null
      ? false
      : typeof value === 'boolean'
        ? value
        : fail(ctx, { code: 'invalid-field', message: '"{field}" must be true or false' }, fix),
  );

const contact = fields({
  label: text('name who to contact'),
  text: text('say how to reach them'),
  url: contactUrl,
  /** The words on the url's button (default: the label): say where it goes, "NHS 111 online". */
  button: optionalText('say where the button goes'),
  /** Shown in the warning colour and bold: the emergency line. */
  emphasis: yesNo('write "emphasis: true" for the emergency line, or leave it out'),
}).transform(({ url, button, ...rest }) => ({
  ...rest,
  ...(url !== undefined ? { url } : {}),
  ...(button !== undefined ? { button } : {}),
}));

export const signpostingSchema = fields(
  {
    gap,
    words,
    urgent: listOf(category, FIX),
    topics: listOf(category, FIX),
    sensitive: group,
    context: group,
    figurative: group,
    hypothetical: fields({
      patterns: textList(FIX),
      present: textList(FIX),
      examples: textList(EXAMPLES_FIX),
    }),
    model: fields({
      threshold: numberOr(12, 'write a number, for example 12'),
      overrideSensitive: numberOr(30, 'write a number, for example 30'),
      veto: numberOr(-5, 'write a number, for example -5'),
      happeningNow: textList(FIX),
      ordinaryQuestions: optionalText(
        'name a folder of knowledge/, for example "ordinaryQuestions: training"',
      ),
      ordinaryBar: numberOr(10, 'write a number, for example 10'),
      chatThreshold: numberOr(-1, 'write a number, for example -1'),
      chatSentence: numberOr(10, 'write a number, for example 10'),
      chatWindow: numberOr(13, 'write a number, for example 13'),
    }),
    card: fields({
      title: text('give the card a short title', { maxChars: 60 }),
      intro: text('say in a sentence why the card is shown'),
      contacts: listOf(contact, FIX),
      footer: text('say what the bot kept'),
    }),
    supportLine: text('one sentence of support contacts for sensitive topics'),
  },
  FIX,
);
