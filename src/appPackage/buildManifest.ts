import type { CommandSpec } from '../routing/commands';

/** What fills the template's `${{NAME}}` placeholders, named as the template names them. */
export interface ManifestValues {
  teamsAppId: string;
  botId: string;
  /** The publisher's name (developer.name). */
  developerName: string;
  /** What follows the app's generic name: the publisher, as the store asks ("by Luton Council"). */
  publisherSuffix: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

const PLACEHOLDERS: Readonly<Record<string, keyof ManifestValues>> = {
  TEAMS_APP_ID: 'teamsAppId',
  BOT_ID: 'botId',
  DEVELOPER_NAME: 'developerName',
  PUBLISHER_SUFFIX: 'publisherSuffix',
  WEBSITE_URL: 'websiteUrl',
  PRIVACY_URL: 'privacyUrl',
  TERMS_URL: 'termsUrl',
};

export interface CommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}

export interface ManifestBot {
  botId: string;
  scopes: string[];
  commandLists?: CommandList[];
  [key: string]: unknown;
}

/** The fields this project relies on; the rest of the manifest passes through untouched. */
export interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  bots: ManifestBot[];
  [key: string]: unknown;
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Pure: the manifest to package, from the template text in appPackage/manifest.json. The bot's
 * command lists come from the command table the bot parses with (one list per scope, as Teams asks),
 * so the command menu in Teams cannot offer a command the bot does not know.
 */
export function buildManifest(
  template: string,
  values: ManifestValues,
  commands: readonly Pick<CommandSpec, 'name' | 'description'>[],
): TeamsManifest {
  const unfilled = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const key = PLACEHOLDERS[name];
    const value = key === undefined ? '' : values[key].trim();
    if (value === '') {
      unfilled.add(name);
      return whole;
    }
    // Escaped as a JSON string body, so a quote or backslash in a value cannot break the manifest.
    return JSON.stringify(value).slice(1, -1);
  });
  if (unfilled.size > 0)
    throw new Error(
      `Manifest template placeholders left unfilled: ${[...unfilled].map((n) => `\${{${n}}}`).join(', ')} ` +
        `(known placeholders: ${Object.keys(PLACEHOLDERS).join(', ')}; each needs a non-empty value)`,
    );

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `Manifest template is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const manifest = parsed as TeamsManifest;
  const bots: unknown = typeof parsed === 'object' && parsed !== null ? manifest.bots : undefined;
  const bot = Array.isArray(bots) && bots.length === 1 ? (bots[0] as ManifestBot) : undefined;
  if (!bot || !Array.isArray(bot.scopes) || bot.scopes.length === 0)
    throw new Error('Manifest template must declare exactly one bot with its scopes');
  if (bot.commandLists !== undefined)
    throw new Error(
      'Manifest template must not list bot commands: they come from the routing table (src/routes.ts)',
    );

  const list = commands.map((c) => ({ title: c.name, description: c.description }));
  bot.commandLists = bot.scopes.map((scope) => ({ scopes: [scope], commands: list.map((c) => ({ ...c })) }));
  return manifest;
}
