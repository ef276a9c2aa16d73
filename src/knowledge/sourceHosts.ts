import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FileProblem } from './problems';

/** Subdomains that mark a server that is not the live site. */
const NOT_LIVE = /^(staging|stage|dev|test|uat|preprod|pre-prod|sandbox|beta)\d*[.-]/;

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

/** The hosts of knowledge/denied-source-hosts.txt: sites found keeping copies of others' pages. */
export function deniedSourceHosts(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'denied-source-hosts.txt'), 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim().toLowerCase())
      .filter((l) => l !== '');
  } catch {
    return [];
  }
}

function deniedBecause(host: string, denied: readonly string[]): string | undefined {
  if (NOT_LIVE.test(host) || host === 'localhost') return 'a staging or test server, not the live site';
  const listed = denied.find((d) => host === d || host.endsWith(`.${d}`));
  return listed ? `on knowledge/denied-source-hosts.txt (${listed}): a copy, not the publisher` : undefined;
}

export const DENIED_SOURCE_FIX = "cite the publisher's own live page instead";

/** Why a page cannot be cited ("source host ... is ..."), or undefined when it can. */
export function deniedSource(url: string, denied: readonly string[]): string | undefined {
  const host = hostOf(url);
  const why = host === undefined ? undefined : deniedBecause(host, denied);
  return why === undefined ? undefined : `source host ${host} is ${why}`;
}

// `url: https://...` in block or flow style, quoted or not: every YAML file cites its pages this way.
const URL_FIELD = /\burl:\s*(["']?)(https?:\/\/[^\s"',}]+)\1/g;

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));

/**
 * The same rule for the pages the YAML content cites (tips, QI prompts, flows, coach rules,
 * signposting links) as for entries: a partner who opens one should reach the publisher's own page.
 */
export function deniedYamlSources(
  dir: string,
  projectRoot: string,
  denied: readonly string[],
): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const path of yamlFiles(dir)) {
    const file = relative(projectRoot, path).split('\\').join('/');
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const match of text.matchAll(URL_FIELD)) {
          const message = deniedSource(match[2], denied);
          if (message)
            problems.push({
              file,
              line: i + 1,
              col: (match.index ?? 0) + 1,
              severity: 'error',
              code: 'denied-source',
              message,
              fix: DENIED_SOURCE_FIX,
            });
        }
      });
  }
  return problems;
}
