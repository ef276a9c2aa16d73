import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ContentFile } from './contentFile';
import { ID_PATTERN } from './formats';
import type { FileProblem } from './problems';

export interface FolderFile {
  /** The file name without .yaml: the id of what it holds. */
  id: string;
  file: ContentFile;
  /** How many problems there were before this file was read, so a caller can tell if it added any. */
  problemsBefore: number;
}

/**
 * Reads every .yaml file of a content folder whose file name is its item's id (QI topics, flows).
 * A missing or empty folder, and a file name that is not kebab-case, are problems; `ids` holds the
 * id of every file, read or not, so references between files are judged against all of them.
 */
export function readContentFolder(
  folder: string,
  display: (path: string) => string,
  problems: FileProblem[],
  say: { none: string; missingFix: string; idFix: string },
): { files: FolderFile[]; ids: string[] } {
  let names: string[] = [];
  try {
    names = readdirSync(folder)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  } catch {
    // A missing folder is reported below, like an empty one.
  }
  if (names.length === 0) {
    problems.push({
      file: display(folder),
      line: 1,
      col: 1,
      severity: 'error',
      code: 'missing-folder',
      message: say.none,
      fix: say.missingFix,
    });
    return { files: [], ids: [] };
  }
  const files: FolderFile[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const problemsBefore = problems.length;
    const file = ContentFile.read(path, display(path), problems);
    if (!file) continue;
    const id = name.replace(/\.yaml$/, '');
    if (!ID_PATTERN.test(id)) {
      file.error([], 'invalid-id', `file name "${name}" is not kebab-case`, say.idFix);
      continue;
    }
    files.push({ id, file, problemsBefore });
  }
  return { files, ids: names.map((name) => name.replace(/\.yaml$/, '')) };
}
