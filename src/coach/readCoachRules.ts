import { join } from 'node:path';
import type { z } from 'zod';
import { ContentFile, type SourceRef, type YamlPath } from '../knowledge/contentFile';
import {
  askId,
  claimedId,
  type EntryIds,
  HOUSE_STYLE,
  resolveSource,
  sourcesSchema,
} from '../knowledge/contentRefs';
import type { FileProblem } from '../knowledge/problems';
import { checkWith } from '../knowledge/schemaCheck';
import {
  type Coach,
  type CoachRule,
  type CoachStrength,
  compileCoach,
  failingTests,
  parsePhrase,
} from './coach';
import { coachFileSchema, ruleSchema, strengthSchema } from './coachRulesSchema';

/** Where the coach rules live under knowledge/. */
export const COACH_FILE = 'coach-rules.yaml';

/** What one file's rules and strengths share: ids, phrases and the sources they name. */
class RuleChecks {
  private readonly ids = new Set<string>();
  private readonly phraseOwners = new Map<string, string>();
  constructor(
    readonly file: ContentFile,
    readonly sources: ReadonlyMap<string, SourceRef>,
  ) {}

  /** Ids are unique across rules and strengths, counting items with faults of their own. */
  claimId(at: YamlPath, id: string | undefined): void {
    if (id === undefined) return;
    if (this.ids.has(id))
      this.file.error(
        [...at, 'id'],
        'duplicate-id',
        `id "${id}" is used twice`,
        'give every rule and strength its own id',
      );
    this.ids.add(id);
  }

  /** Phrases that parse; guard words must each be a single word. */
  phrases(path: YamlPath, phrases: readonly string[], singleWords = false): string[] {
    return phrases.filter((phrase, i) => {
      const parsed = parsePhrase(phrase);
      if ('error' in parsed)
        this.file.error(
          [...path, i],
          'bad-phrase',
          `"${phrase}": ${parsed.error}`,
          'see the comment at the top of the file',
        );
      else if (singleWords && parsed.patterns.length !== 1)
        this.file.error([...path, i], 'bad-phrase', `"${phrase}" must be a single word`, 'list single words');
      else return true;
      return false;
    });
  }

  /** A phrase belongs to one rule: two rules on the same words would give two findings. */
  ownPhrases(at: YamlPath, rule: string, phrases: readonly string[]): void {
    for (const phrase of phrases) {
      const key = phrase.toLowerCase().replace(/\s+/g, ' ');
      const owner = this.phraseOwners.get(key);
      if (owner && owner !== rule)
        this.file.error(
          [...at, 'phrases'],
          'duplicate-phrase',
          `"${phrase}" is also a phrase of rule ${owner}`,
          'keep it in one rule',
        );
      this.phraseOwners.set(key, rule);
    }
  }

  source(at: YamlPath, value: z.output<typeof ruleSchema>['source']) {
    return resolveSource(this.file, [...at, 'source'], value, this.sources, true) ?? HOUSE_STYLE;
  }
}

function readRule(checks: RuleChecks, at: YamlPath): CoachRule | undefined {
  const rule = checkWith(checks.file, ruleSchema, at);
  checks.claimId(at, rule?.id ?? claimedId(checks.file.get([...at, 'id'])));
  if (!rule) return undefined;
  const phrases = checks.phrases([...at, 'phrases'], rule.phrases);
  checks.ownPhrases(at, rule.id, phrases);
  return {
    id: rule.id,
    phrases,
    notBefore: checks.phrases([...at, 'not_before'], rule.not_before, true),
    notAfter: checks.phrases([...at, 'not_after'], rule.not_after, true),
    openingOnly: rule.where === 'opening',
    except: checks.phrases([...at, 'except'], rule.except),
    better: rule.better,
    why: rule.why,
    source: checks.source(at, rule.source),
    tests: rule.tests,
  };
}

function readStrength(checks: RuleChecks, at: YamlPath): CoachStrength | undefined {
  const strength = checkWith(checks.file, strengthSchema, at);
  checks.claimId(at, strength?.id ?? claimedId(checks.file.get([...at, 'id'])));
  if (!strength) return undefined;
  return {
    id: strength.id,
    says: strength.says,
    why: strength.why,
    source: checks.source(at, strength.source),
    allOf: strength.all_of.map((group, g) => checks.phrases([...at, 'all_of', g], group)),
    notBefore: checks.phrases([...at, 'not_before'], strength.not_before, true),
    notAfter: checks.phrases([...at, 'not_after'], strength.not_after, true),
    tests: strength.tests,
  };
}

/**
 * Reads and checks knowledge/coach-rules.yaml, then runs every rule and strength against its own
 * tests: a rule that misses or over-reaches stops the load, naming the test's line.
 */
export function readCoachRules(
  dir: string,
  display: (path: string) => string,
  byId: EntryIds,
  problems: FileProblem[],
): { coach: Coach; learnMore: string } | undefined {
  const path = join(dir, COACH_FILE);
  const file = ContentFile.read(path, display(path), problems);
  if (!file) return undefined;
  const before = problems.length;
  const top = checkWith(file, coachFileSchema);
  const learnMore = top ? askId(file, ['ask'], top.ask, byId) : '';
  const checks = new RuleChecks(file, checkWith(file, sourcesSchema, ['sources']) ?? new Map());
  const each = <T>(section: string, read: (checks: RuleChecks, at: YamlPath) => T) =>
    Array.from({ length: file.itemCount([section]) }, (_, i) => read(checks, [section, i]));
  const rules = each('rules', readRule);
  const strengths = each('strengths', readStrength);
  if (problems.length > before) return undefined;
  const ok = <T>(items: (T | undefined)[]): T[] => items.filter((item) => item !== undefined);
  const coach = compileCoach(ok(rules), ok(strengths));
  for (const f of failingTests(coach)) {
    const owner = f.kind === 'rule' ? coach.rules[f.index] : coach.strengths[f.index];
    const section = f.kind === 'rule' ? 'rules' : 'strengths';
    file.error(
      [section, f.index, 'tests', f.test, f.item],
      'coach-test',
      f.test === 'matches'
        ? `${f.kind} ${owner.id} does not match its test "${f.sentence}"`
        : `${f.kind} ${owner.id} matches "${f.sentence}", which it should ignore`,
      'change the phrases, not_before or not_after, or the test sentence',
    );
  }
  return problems.length > before ? undefined : { coach, learnMore };
}
