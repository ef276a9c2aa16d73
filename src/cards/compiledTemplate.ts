/**
 * Card templates compiled once into functions, for the forms of `${...}` the cards in cards/ use:
 * paths (`title`, `learnMore.question`, `$root.x`, `$index`), `!`, comparisons with a number or a
 * quoted string, and `if(condition, a, b)`. adaptivecards-templating evaluates every expression
 * through adaptive-expressions afresh for each card, about a tenth of a millisecond an answer; this
 * gives the same card in about a fifth of that (12% of the server's time under load, then 2%).
 *
 * It is exact by refusing, not by imitation: a template with any other form is not compiled, and a
 * card whose data does not fit (a value missing or null, a condition that is not true or false, a
 * comparison of mixed types) throws NotCompiled, so that the renderer expands that card with
 * adaptivecards-templating instead. test/compiledTemplate.test.ts checks, on every template with
 * random data, that both give the same card. The one difference left: adaptive-expressions finds a
 * field by name ignoring case, the first such key winning, and this finds the exact key; data with
 * two keys differing only in case does not occur in cards/ data types.
 */

/** The card needs adaptivecards-templating: its data is outside what the compiled form handles. */
export class NotCompiled extends Error {}

const notCompiled = new NotCompiled('expand this card with adaptivecards-templating');

interface Scope {
  root: unknown;
  /** The current `$data`: the root, or an element of a `$data` array. */
  data: unknown;
  index: unknown;
}

/** A compiled expression, or a compiled part of the template: its value in a scope. */
type Evaluate = (scope: Scope) => unknown;

export interface CompiledTemplate {
  /** The expanded card; throws NotCompiled when the data needs adaptivecards-templating. */
  expand(root: unknown): unknown;
}

/** The compiled template, or undefined when it uses anything outside the forms above. */
export function compileTemplate(payload: unknown): CompiledTemplate | undefined {
  let node: Evaluate;
  try {
    node = compileNode(payload);
  } catch (err) {
    if (err instanceof NotCompiled) return undefined;
    throw err;
  }
  return { expand: (root) => node({ root, data: root, index: undefined }) };
}

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

function compileNode(node: unknown): Evaluate {
  if (typeof node === 'string') {
    if (!node.includes('${')) return () => node;
    return compileString(node);
  }
  if (Array.isArray(node)) return compileArray(node.map(compileNode));
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

/** An array's items; an item that expands to several (a `$data` array) adds each, one that is dropped adds none. */
function compileArray(items: Evaluate[]): Evaluate {
  return (scope) => {
    const out: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      if (value === null) continue;
      if (Array.isArray(value)) out.push(...value);
      else out.push(value);
    }
    return out;
  };
}

/**
 * An object, repeated for each element of its `$data` and kept only where its `$when` is true: none
 * kept gives null, one the object, several an array (which an enclosing array spreads).
 */
function compileObject(node: Record<string, unknown>): Evaluate {
  const when = node.$when;
  const data = node.$data;
  if (when !== undefined && typeof when !== 'string') throw notCompiled;
  if (data !== undefined && (typeof data !== 'string' || !data.includes('${'))) throw notCompiled;
  const whenOf = typeof when === 'string' ? compileWhen(when) : undefined;
  const dataOf = typeof data === 'string' ? compileString(data) : undefined;
  const fields = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key) => ({ key, expand: compileNode(node[key]) }));
  const single = (scope: Scope): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const { key, expand } of fields) {
      const value = expand(scope);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  return (scope) => {
    const results: Record<string, unknown>[] = [];
    if (!dataOf) {
      if (!whenOf || whenOf(scope)) results.push(single(scope));
    } else {
      const value = dataOf(scope);
      const contexts = Array.isArray(value) ? value : [value];
      for (let i = 0; i < contexts.length; i++) {
        // An undefined element would keep the one before as $data in adaptivecards-templating.
        if (contexts[i] === undefined) throw notCompiled;
        const inner = { root: scope.root, data: contexts[i], index: Array.isArray(value) ? i : scope.index };
        if (!whenOf || whenOf(inner)) results.push(single(inner));
      }
    }
    return results.length === 0 ? null : results.length === 1 ? results[0] : results;
  };
}

/** A string that is one `${...}` and nothing else: its value keeps its type. */
const WHOLE_EXPRESSION = /^\$\{([^}]*)\}$/;

/** `$when`: true keeps the object, false drops it; anything else is adaptivecards-templating's to judge. */
function compileWhen(text: string): (scope: Scope) => boolean {
  const whole = WHOLE_EXPRESSION.exec(text);
  if (!whole) throw notCompiled;
  const condition = compileExpression(whole[1]);
  return (scope) => {
    const value = condition(scope);
    if (typeof value !== 'boolean') throw notCompiled;
    return value;
  };
}

/** A string with `${...}`: one expression alone keeps its value's type, anything else is text. */
function compileString(text: string): Evaluate {
  // Backslashes and backticks mean something to adaptive-expressions' string parser.
  if (text.includes('\\') || text.includes('`')) throw notCompiled;
  const whole = WHOLE_EXPRESSION.exec(text);
  if (whole) return compileExpression(whole[1]);
  const parts: (string | Evaluate)[] = [];
  let at = 0;
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    parts.push(text.slice(at, m.index));
    parts.push(compileExpression(m[1]));
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  if (parts.some((p) => typeof p === 'string' && p.includes('${'))) throw notCompiled;
  return (scope) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = part(scope);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw notCompiled;
      out += value.toString();
    }
    return out;
  };
}

const COMPARISONS = ['==', '!=', '>=', '<=', '>', '<'] as const;
type Comparison = (typeof COMPARISONS)[number];

/** Parses one expression of the forms this file handles into a function of the scope. */
function compileExpression(source: string): Evaluate {
  const tokens = source.match(
    /\s+|'[^'\\]*'|\d+(?:\.\d+)?|[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*|==|!=|>=|<=|[!><(),]|./g,
  );
  if (!tokens) throw notCompiled;
  const list = tokens.filter((t) => !/^\s+$/.test(t));
  let at = 0;
  const peek = (): string | undefined => list[at];
  const take = (expected?: string): string => {
    const t = list[at++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw notCompiled;
    return t;
  };

  const primary = (): Evaluate => {
    const t = take();
    if (t === '!') {
      const operand = primary();
      return (scope) => {
        const value = operand(scope);
        if (typeof value !== 'boolean') throw notCompiled;
        return !value;
      };
    }
    if (t.startsWith("'")) {
      const literal = t.slice(1, -1);
      return () => literal;
    }
    if (/^\d/.test(t)) {
      const literal = Number(t);
      return () => literal;
    }
    if (t === 'if' && peek() === '(') {
      take('(');
      const condition = comparison();
      take(',');
      const then = comparison();
      take(',');
      const otherwise = comparison();
      take(')');
      return (scope) => {
        const value = condition(scope);
        if (typeof value !== 'boolean') throw notCompiled;
        return value ? then(scope) : otherwise(scope);
      };
    }
    if (/^[A-Za-z_$]/.test(t) && peek() !== '(') return compilePath(t);
    throw notCompiled;
  };

  const comparison = (): Evaluate => {
    const left = primary();
    const op = peek();
    if (!COMPARISONS.includes(op as Comparison)) return left;
    take();
    const right = primary();
    return compare(op as Comparison, left, right);
  };

  const expression = comparison();
  if (at !== list.length) throw notCompiled;
  return expression;
}

function compare(op: Comparison, left: Evaluate, right: Evaluate): Evaluate {
  return (scope) => {
    const a = left(scope);
    const b = right(scope);
    if (typeof a === 'number' && typeof b === 'number') {
      // adaptive-expressions counts numbers within Number.EPSILON as equal.
      const equal = a === b || Math.abs(a - b) < Number.EPSILON;
      if (op === '==') return equal;
      if (op === '!=') return !equal;
      return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
    }
    if (typeof a === 'string' && typeof b === 'string' && (op === '==' || op === '!='))
      return (a === b) === (op === '==');
    throw notCompiled;
  };
}

/** A dotted path from `$data`, or from `$root`, `$data` or `$index` when it starts with one. */
function compilePath(path: string): Evaluate {
  const parts = path.split('.');
  const [first] = parts;
  if (first.startsWith('$') && !['$root', '$data', '$index'].includes(first)) throw notCompiled;
  const start = (scope: Scope): unknown =>
    first === '$root' ? scope.root : first === '$index' ? scope.index : scope.data;
  const rest = first.startsWith('$') ? parts.slice(1) : parts;
  return (scope) => {
    let value = start(scope);
    for (const part of rest) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part))
        throw notCompiled;
      value = (value as Record<string, unknown>)[part];
    }
    if (value === undefined || value === null) throw notCompiled;
    return value;
  };
}
