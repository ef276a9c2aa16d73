import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIDENCE_FEATURES } from '../src/search/decision';
import { FEATURES } from '../src/search/searchModel';
import { MODEL_FILE, parseSearchModel, SEARCH_MODEL } from '../src/search/trainedModel';

const FILE = join(__dirname, '..', 'src', 'search', 'searchModel.json');
/** A fresh copy of the trained model, as the file holds it, to break. */
const fileModel = (): Record<string, Record<string, unknown>> => JSON.parse(readFileSync(FILE, 'utf8'));

describe('the search model file', () => {
  it('loads, with a number for every feature the code reads', () => {
    for (const name of FEATURES) expect(Number.isFinite(SEARCH_MODEL.weights[name])).toBe(true);
    for (const name of CONFIDENCE_FEATURES) {
      expect(Number.isFinite(SEARCH_MODEL.answer[name])).toBe(true);
      expect(Number.isFinite(SEARCH_MODEL.shortlist[name])).toBe(true);
    }
  });

  it('a missing weight is an error naming the file and the field, not a silent NaN', () => {
    const model = fileModel();
    delete model.weights.titleDice;
    expect(() => parseSearchModel(model, MODEL_FILE)).toThrow(
      'src/search/searchModel.json: weights.titleDice is missing',
    );
  });

  it('a weight that is not a number is an error naming the field and its value', () => {
    const model = fileModel();
    model.answer.offTopic = '-1.4';
    model.thresholds.suggest = null;
    expect(() => parseSearchModel(model, 'model.json')).toThrow(
      'model.json: answer.offTopic must be a number, not "-1.4"; thresholds.suggest must be a number, not null',
    );
  });

  it('a whole missing section, or a field the code does not know, is an error too', () => {
    const model = fileModel();
    delete model.shortlist;
    model.weights.unknownShare = 0;
    const error = (() => {
      try {
        parseSearchModel(model, MODEL_FILE);
      } catch (err) {
        return String(err);
      }
      return 'no error';
    })();
    expect(error).toContain('unknown field weights.unknownShare');
    expect(error).toContain('shortlist is missing');
  });
});
