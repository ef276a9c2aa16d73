import { rmSync, writeFileSync } from 'node:fs';
import { KnowledgeLoadError, loadKnowledge } from '../src/knowledge/loadKnowledge';
import { knowledgeCopyPerTest } from './helpers/knowledgeCopy';

const { kb, problems, edit, lineOf, root } = knowledgeCopyPerTest('guidance-');

describe('loading QI prompts, tips and coach rules', () => {
  it('loads the shipped content with no problems', () => {
    expect(problems()).toEqual([]);
  });

  it('names the file and line of a prompt whose ask id is not an entry', () => {
    edit('prompts/fishbone.yaml', 'ask: fishbone-diagram', 'ask: fishbone-diagrams');
    expect(problems()).toEqual([
      `knowledge/prompts/fishbone.yaml:${lineOf('prompts/fishbone.yaml', 'ask: fishbone-diagrams')}:6: error unknown-ask: entry id "fishbone-diagrams" does not exist (fix: use an id from knowledge/entries)`,
    ]);
  });

  it('reports a missing why, a duplicate prompt id and a next topic that does not exist', () => {
    edit('prompts/study.yaml', 'next: act', 'next: acting-now');
    edit('prompts/do.yaml', 'id: do-surprises', 'id: plan-small');
    edit('prompts/plan.yaml', '    why: >-\n      Small tests keep', '    whyy: >-\n      Small tests keep');
    const found = problems().join('\n');
    expect(found).toContain(
      `knowledge/prompts/study.yaml:${lineOf('prompts/study.yaml', 'next:')}:7: error unknown-topic`,
    );
    expect(found).toMatch(
      /knowledge\/prompts\/(do|plan)\.yaml:\d+:\d+: error duplicate-id: prompt id "plan-small"/,
    );
    expect(found).toMatch(
      /knowledge\/prompts\/plan\.yaml:\d+:\d+: error unknown-field: unknown field "whyy"/,
    );
    expect(found).toMatch(
      /knowledge\/prompts\/plan\.yaml:\d+:\d+: error missing-field: missing field "prompts\.2\.why"/,
    );
  });

  it("takes a prompt's source from the nearest of its own, its entry's, the file's, the file's entry's", () => {
    const sourceOf = (id: string) => loadKnowledge(kb(), root()).guidance.prompts.prompt(id)!.source;
    const entrySource = (id: string) => loadKnowledge(kb(), root()).byId.get(id)!.source;
    // A prompt with no ask or source of its own takes the file's entry's source...
    expect(sourceOf('charter-scope')).toEqual(entrySource('project-charter'));
    // ...the file's own source when it has one...
    const fileSource = 'source:\n  title: A page for the whole file\n  url: https://example.org/file\n';
    edit('prompts/project-charter.yaml', 'prompts:\n', `${fileSource}prompts:\n`);
    expect(sourceOf('charter-scope')).toEqual({
      title: 'A page for the whole file',
      url: 'https://example.org/file',
    });
    // ...and a prompt's own ask or source beats the file's.
    expect(sourceOf('charter-sponsor-team').url).toBe('https://qi.elft.nhs.uk/help-support');
    edit(
      'prompts/project-charter.yaml',
      '    example: "In: first appointments',
      '    ask: qi-coaches-and-sponsors\n    example: "In: first appointments',
    );
    expect(sourceOf('charter-scope')).toEqual(entrySource('qi-coaches-and-sponsors'));
    expect(problems()).toEqual([]);
  });

  it('names the line of a prompt source that is not a web address', () => {
    edit(
      'prompts/project-charter.yaml',
      'url: https://qi.elft.nhs.uk/help-support',
      'url: qi.elft.nhs.uk/help-support',
    );
    expect(problems()).toEqual([
      `knowledge/prompts/project-charter.yaml:${lineOf('prompts/project-charter.yaml', 'url: qi.elft')}:12: error bad-url: "qi.elft.nhs.uk/help-support" is not an http(s) address (fix: give the full https:// address)`,
    ]);
  });

  it('refuses two topics answering to the same words', () => {
    edit(
      'prompts/run-chart.yaml',
      'words: [run chart, run charts, run]',
      'words: [run chart, run charts, run, spc]',
    );
    expect(problems().join('\n')).toContain('duplicate-words: "spc" is also a word of');
  });

  it('names the line of a tip with an unknown source, and of a YAML mistake', () => {
    edit(
      'tips.yaml',
      '    source: life-or-death\n    ask: framing-show-why-it-matters',
      '    source: nowhere\n    ask: framing-show-why-it-matters',
    );
    expect(problems()).toEqual([
      `knowledge/tips.yaml:${lineOf('tips.yaml', 'source: nowhere')}:13: error unknown-source: source "nowhere" is not listed under "sources" (fix: use a name from "sources" at the top of the file)`,
    ]);
    writeFileSync(kb('tips.yaml'), 'tips:\n  - id: x\n   title: bad indent\n');
    expect(problems()[0]).toMatch(/^knowledge\/tips\.yaml:3:\d+: error yaml:/);
  });

  it('stops at a coach rule that no longer passes its own tests, naming the test line', () => {
    edit('coach-rules.yaml', 'phrases: [crisis, crises, in crisis]', 'phrases: [crises]');
    const found = problems();
    expect(found).toHaveLength(2);
    const line = lineOf(
      'coach-rules.yaml',
      '- People in deprived areas make poor lifestyle choices; it is a crisis.',
    );
    expect(found[0]).toBe(
      `knowledge/coach-rules.yaml:${line}:11: error coach-test: rule crisis does not match its test "People in deprived areas make poor lifestyle choices; it is a crisis." (fix: change the phrases, not_before or not_after, or the test sentence)`,
    );
    expect(() => loadKnowledge(kb(), root())).toThrow(KnowledgeLoadError);
  });

  it('refuses a rule without a source, a bad phrase, and the same phrase in two rules', () => {
    edit(
      'coach-rules.yaml',
      '    source: house style\n    tests:\n      matches:\n        - Many patients',
      '    tests:\n      matches:\n        - Many patients',
    );
    edit('coach-rules.yaml', 'phrases: [bame, bme]', 'phrases: [bame, bme, "{date}", crisis]');
    const found = problems().join('\n');
    expect(found).toContain('error missing-field: missing field "rules.5.source"');
    expect(found).toContain('error bad-phrase: "{date}": "{date}" is not {number} or {percent}');
    expect(found).toContain('error duplicate-phrase: "crisis" is also a phrase of rule crisis');
  });

  it('needs the prompts folder', () => {
    rmSync(kb('prompts'), { recursive: true });
    expect(problems()).toEqual([
      'knowledge/prompts:1:1: error missing-folder: no QI prompt files (fix: add knowledge/prompts/ with one .yaml file per topic)',
    ]);
  });
});
