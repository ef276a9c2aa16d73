import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { knowledgeCopyPerTest } from './helpers/knowledgeCopy';

// Every content file reports a bad value at its own line and column, not at line 1.
const { kb, problems, edit, lineOf } = knowledgeCopyPerTest('content-lines-');

describe('a bad value is reported at its line and column', () => {
  it('in synonyms.yaml', () => {
    writeFileSync(
      kb('synonyms.yaml'),
      '# Synonyms\n# for the test\ngroups:\n  - [a, b]\n  - [c, d]\n  - [e, f]\n  - [lonely]\n',
    );
    expect(problems()).toEqual([
      'knowledge/synonyms.yaml:7:5: error invalid-field: "groups.3" has one phrase: a group needs two or more (fix: see the comment at the top of the file)',
    ]);
  });

  it('in synonyms.yaml, a phrase in two groups', () => {
    writeFileSync(kb('synonyms.yaml'), 'groups:\n  - [in charge, control]\n  - [governance, In Charge]\n');
    expect(problems()).toEqual([
      'knowledge/synonyms.yaml:3:18: error invalid-field: "groups.1.1" is also in group 1: a phrase belongs to one group (fix: keep the phrase in the group it means most often and take it out of the other)',
    ]);
  });

  it('in help.yaml', () => {
    writeFileSync(
      kb('help.yaml'),
      [
        'examples:',
        '  - id: marmot-principles',
        '    question: What are the Marmot principles?',
        '  - id: proportionate-universalism',
        '    question: What is proportionate universalism?',
        '  - id: no-such-entry',
        '    question: [not, text]',
        '',
      ].join('\n'),
    );
    expect(problems()).toEqual([
      'knowledge/help.yaml:7:15: error invalid-field: "examples.2.question" must be text (fix: write the question as a partner would ask it)',
    ]);
    edit('help.yaml', '[not, text]', 'Is it there?');
    expect(problems()).toEqual([
      'knowledge/help.yaml:6:9: error help: entry id "no-such-entry" does not exist (fix: use an id from knowledge/entries)',
    ]);
  });

  it('in signposting.yaml', () => {
    edit('signposting.yaml', '  threshold: 16', '  threshold: sixteen');
    expect(problems()).toEqual([
      `knowledge/signposting.yaml:${lineOf('signposting.yaml', 'threshold: sixteen')}:14: error invalid-field: "model.threshold" must be a number (fix: write a number, for example 12)`,
    ]);
  });

  it('in signposting.yaml, a tel: link on a contact, which Teams would not open from a button', () => {
    edit('signposting.yaml', '      emphasis: true', '      url: "tel:999"');
    expect(problems()).toEqual([
      `knowledge/signposting.yaml:${lineOf('signposting.yaml', 'url: "tel:999"')}:12: error bad-url: "tel:999": Teams does not open tel: links from a card's button (fix: write the number in the contact's text and leave out url)`,
    ]);
  });

  it('in signposting.yaml, an emphasis that is not true or false', () => {
    edit('signposting.yaml', '      emphasis: true', '      emphasis: very');
    expect(problems()).toEqual([
      `knowledge/signposting.yaml:${lineOf('signposting.yaml', 'emphasis: very')}:17: error invalid-field: "card.contacts.0.emphasis" must be true or false (fix: write "emphasis: true" for the emergency line, or leave it out)`,
    ]);
  });

  it('in signposting.yaml, a folder of ordinary questions that is not there', () => {
    edit('signposting.yaml', '  ordinaryQuestions: training', '  ordinaryQuestions: nowhere');
    expect(problems()).toEqual([
      `knowledge/signposting.yaml:${lineOf('signposting.yaml', 'ordinaryQuestions: nowhere')}:22: error missing-folder: there is no folder "nowhere" in the knowledge folder (fix: name a folder of question files, or leave "ordinaryQuestions" out)`,
    ]);
  });

  it('in signposting.yaml, a file named where a folder of ordinary questions should be', () => {
    edit('signposting.yaml', '  ordinaryQuestions: training', '  ordinaryQuestions: synonyms.yaml');
    expect(problems()).toEqual([
      `knowledge/signposting.yaml:${lineOf('signposting.yaml', 'ordinaryQuestions: synonyms.yaml')}:22: error missing-folder: there is no folder "synonyms.yaml" in the knowledge folder (fix: name a folder of question files, or leave "ordinaryQuestions" out)`,
    ]);
  });

  it('in signposting.yaml, ordinary questions from a folder other than training load without a problem', () => {
    mkdirSync(kb('ordinary'));
    writeFileSync(kb('ordinary/questions.jsonl'), readFileSync(kb('training/off-topic.jsonl'), 'utf8'));
    edit('signposting.yaml', '  ordinaryQuestions: training', '  ordinaryQuestions: ordinary');
    expect(problems()).toEqual([]);
  });

  it('in signposting-ordinary.jsonl, a line that is not an everyday message', () => {
    const file = kb('signposting-ordinary.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = JSON.stringify({ text: 'my friend took too many pills', expected: 'urgent' });
    writeFileSync(file, lines.join('\n'));
    expect(problems()).toEqual([
      'knowledge/signposting-ordinary.jsonl:3:1: error signpost-example-line: "expected" must be neither (fix: write {"text": "...", "expected": "neither"} on each line)',
    ]);
  });

  it('in a QI prompt file', () => {
    edit('prompts/plan.yaml', 'question: What do you predict will happen?', 'question: [a, list]');
    expect(problems()).toEqual([
      'knowledge/prompts/plan.yaml:9:15: error invalid-field: "prompts.0.question" must be text (fix: add "question: ...")',
    ]);
  });

  it('in tips.yaml', () => {
    const title = lineOf('tips.yaml', '  - id: ') + 1;
    const text = readFileSync(kb('tips.yaml'), 'utf8').split('\n');
    text[title - 1] = `    title: ${'very '.repeat(20)}long`;
    writeFileSync(kb('tips.yaml'), text.join('\n'));
    expect(problems()).toEqual([
      `knowledge/tips.yaml:${title}:12: error too-long: "tips.0.title" has 104 characters (at most 60) (fix: shorten it: long titles are cut off in Teams)`,
    ]);
  });

  it('in coach-rules.yaml', () => {
    edit('coach-rules.yaml', 'better: the options open to people where they live', 'better: [a, list]');
    expect(problems()).toEqual([
      `knowledge/coach-rules.yaml:${lineOf('coach-rules.yaml', 'better: [a, list]')}:13: error invalid-field: "rules.0.better" must be text (fix: add "better: ..." with a better wording)`,
    ]);
  });

  it('checks every item even when the top of the file has faults of its own', () => {
    edit('prompts/plan.yaml', 'title: "PDSA: Plan"', 'titel: "PDSA: Plan"');
    edit('prompts/plan.yaml', 'question: What do you predict will happen?', 'question: [a, list]');
    edit('prompts/plan.yaml', 'words: [plan, planning,', 'words: [plan, "", planning,');
    const found = problems();
    expect(found).toContain(
      'knowledge/prompts/plan.yaml:3:8: error unknown-field: unknown field "titel" (fix: use only "title", "words", "next", "ask", "source", "prompts")',
    );
    expect(found).toContain(
      'knowledge/prompts/plan.yaml:4:15: error invalid-field: item 2 of "words" must be text (fix: list what people type after "qi", e.g. [fishbone, ishikawa])',
    );
    expect(found.join('\n')).toMatch(/plan\.yaml:3:1: error missing-field: missing field "title"/);
    expect(found.join('\n')).toMatch(
      /plan\.yaml:9:15: error invalid-field: "prompts\.0\.question" must be text/,
    );
  });
});
