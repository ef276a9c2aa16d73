// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are card templates, not JavaScript
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { compileTemplate, NotCompiled } from '../src/cards/compiledTemplate';

const cardsDir = join(__dirname, '..', 'cards');
const names = readdirSync(cardsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));
const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** adaptivecards-templating's card, or the error it throws. */
function reference(template: unknown, data: unknown): { card?: unknown; error?: unknown } {
  try {
    return { card: new ACData.Template(template).expand({ $root: data }) };
  } catch (error) {
    return { error };
  }
}

/** Any value of another kind: missing, null, a number, a string with a binding in it, an object... */
const anything = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -2, max: 3 }),
  fc.double(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('${title}', '$', '}', "'", '`', '\\'),
  fc.constant({}),
  fc.constant([]),
);

/** A value of the same kind as `v`, or now and then anything at all. */
function near(v: unknown): fc.Arbitrary<unknown> {
  const same =
    typeof v === 'string'
      ? fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.constantFrom('', 'ask', 'answered', 'closed', v),
        )
      : typeof v === 'number'
        ? fc.oneof(fc.integer({ min: -1, max: 3 }), fc.double({ min: 0, max: 2 }), fc.constant(v))
        : typeof v === 'boolean'
          ? fc.boolean()
          : fc.constant(v);
  return fc.oneof({ arbitrary: same, weight: 9 }, { arbitrary: anything, weight: 1 });
}

/** The sample data with values changed, arrays resized, and a field now and then missing or of another kind. */
function mutated(v: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(v)) {
    const resized =
      v.length === 0 ? fc.constant([]) : fc.array(fc.oneof(...v.map(mutated)), { maxLength: 4 });
    return fc.oneof({ arbitrary: resized, weight: 15 }, { arbitrary: anything, weight: 1 });
  }
  if (typeof v === 'object' && v !== null) {
    const model = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutated(x)]));
    return fc.oneof(
      { arbitrary: fc.record(model), weight: 30 },
      { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 1 },
      { arbitrary: anything, weight: 1 },
    );
  }
  return near(v);
}

/** Every form the compiler handles, in combinations cards/ does not use yet. */
const syntheticTemplate = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    {
      type: 'TextBlock',
      $data: '${items}',
      $when: "${kind == 'shown'}",
      text: '${$index}: ${label} of ${$root.title} (${count}, ${flag})',
      weight: "${if(flag, 'Bolder', if(count >= 2, 'Default', 'Lighter'))}",
      count: '${count}',
      flag: '${!flag}',
      whole: '${$data}',
      // A $data that is not an array keeps the index of the repetition around it.
      detail: { $data: '${meta}', type: 'TextBlock', text: '${$index}: ${note}' },
    },
    { type: 'TextBlock', $data: '${items}', $when: '${count > 1}', text: '${label}', wrap: '${count != 1}' },
    { type: 'Container', items: [{ $when: '${!open}', type: 'TextBlock', text: 'closed' }] },
    {
      type: 'TextBlock',
      $when: "${title != 'x'}",
      text: 'Title: ${title}',
      inner: { $when: '${open}', a: 1 },
    },
    [[{ $data: '${items}', label: '${label}' }]],
  ],
};
const syntheticSample = {
  title: 'Run charts',
  open: true,
  items: [
    { kind: 'shown', label: 'one', count: 1, flag: true, meta: { note: 'first' } },
    { kind: 'hidden', label: 'two', count: 2, flag: false, meta: { note: 'second' } },
    { kind: 'shown', label: 'three', count: 3.5, flag: false, meta: { note: 'third' } },
  ],
};

/** The property: varied data gives adaptivecards-templating's card, or NotCompiled. */
function sameCards(template: unknown, sample: unknown): void {
  const compiled = compileTemplate(template)!;
  expect(compiled.expand(sample)).toStrictEqual(reference(template, sample).card);
  let fast = 0;
  let runs = 0;
  fc.assert(
    fc.property(mutated(sample), (data) => {
      runs++;
      let card: unknown;
      try {
        card = compiled.expand(data);
      } catch (err) {
        if (err instanceof NotCompiled) return;
        throw err;
      }
      fast++;
      const expected = reference(template, data);
      expect(expected.error).toBeUndefined();
      expect(card).toStrictEqual(expected.card);
    }),
    { seed: 5122026, numRuns: 300 },
  );
  // Most of the varied data stays within what the compiled form handles, so the check is not empty.
  expect(fast / runs).toBeGreaterThan(0.1);
}

describe('compiled card templates', () => {
  it.each(names)(
    '%s compiles (a template using other forms of ${...} would be expanded more slowly)',
    (name) => {
      expect(compileTemplate(read(join(cardsDir, `${name}.json`)))).toBeDefined();
    },
  );

  it.each(names)(
    '%s gives the same card as adaptivecards-templating for varied data, or hands it back',
    (name) => {
      sameCards(read(join(cardsDir, `${name}.json`)), read(join(cardsDir, 'samples', `${name}.json`)));
    },
  );

  it('so does a template with every form it compiles: $data with $when, $index, $root, if, comparisons, nesting', () => {
    expect(compileTemplate(syntheticTemplate)).toBeDefined();
    sameCards(syntheticTemplate, syntheticSample);
  });

  it('does not compile other forms of ${...}, which adaptivecards-templating expands', () => {
    for (const text of [
      '${a && b}',
      '${count(items)}',
      '${-1}',
      "${'a\\'b'}",
      '${true}x`',
      '${a[0]}',
      '${$host.x}',
    ])
      expect(compileTemplate({ type: 'TextBlock', text })).toBeUndefined();
    expect(compileTemplate({ type: 'TextBlock', $when: true, text: 'x' })).toBeUndefined();
    expect(compileTemplate({ type: 'TextBlock', $data: [{ a: 1 }], text: '${a}' })).toBeUndefined();
  });
});
