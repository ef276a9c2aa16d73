import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { renderColorIcon, renderOutlineIcon } from '../scripts/makeIcons';
import { APP_PACKAGE_DIR, PACKAGE_FILE, validateManifest } from '../scripts/package';
import { buildManifest, type ManifestValues, type TeamsManifest } from '../src/appPackage/buildManifest';
import { MANIFEST_SETTINGS } from '../src/appPackage/manifestSettings';
import { COMMANDS } from '../src/routes';
import { ROOT, run } from './helpers/process';

const TEMPLATE = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
const PLACEHOLDERS = Object.fromEntries(
  MANIFEST_SETTINGS.map((s) => [s.key, s.placeholder]),
) as unknown as ManifestValues;
const REAL: ManifestValues = {
  teamsAppId: randomUUID(),
  botId: randomUUID(),
  developerName: 'Luton Borough Council',
  publisherSuffix: 'by Luton',
  websiteUrl: 'https://health-equity.example.gov.uk',
  privacyUrl: 'https://health-equity.example.gov.uk/privacy',
  termsUrl: 'https://health-equity.example.gov.uk/terms',
};
const SCOPES = ['personal', 'team', 'groupChat'];

interface ComposeCommand {
  id: string;
  type: string;
  title: string;
  context: string[];
  initialRun?: boolean;
  fetchTask?: boolean;
  parameters?: { name: string; inputType?: string }[];
}
type ManifestWithCompose = TeamsManifest & {
  composeExtensions: { botId: string; commands: ComposeCommand[] }[];
};

const readPng = (bytes: Uint8Array): PNG => PNG.sync.read(Buffer.from(bytes));
const pixels = (png: PNG): number[][] => {
  const out: number[][] = [];
  for (let i = 0; i < png.data.length; i += 4) out.push([...png.data.subarray(i, i + 4)]);
  return out;
};

/** Everything a valid package must satisfy, whether built in memory or unzipped from the command's output. */
async function expectValidManifest(manifest: TeamsManifest, values: ManifestValues): Promise<void> {
  expect(await validateManifest(manifest)).toEqual([]);
  expect(manifest.id).toBe(values.teamsAppId);
  expect(manifest.bots[0].botId).toBe(values.botId);
  // The message extension is the same bot: its invokes reach the same endpoint and credentials.
  expect((manifest as unknown as ManifestWithCompose).composeExtensions[0].botId).toBe(values.botId);
  expect(manifest.developer).toEqual({
    name: values.developerName,
    websiteUrl: values.websiteUrl,
    privacyUrl: values.privacyUrl,
    termsOfUseUrl: values.termsUrl,
  });
  // The store asks a generic name to carry its publisher.
  expect(manifest.name).toMatchObject({ short: `Health Equity ${values.publisherSuffix}` });
  expect(JSON.stringify(manifest)).not.toContain('${{');
}

describe('the Teams app manifest', () => {
  it('is valid against the Teams schema with placeholder values', async () => {
    await expectValidManifest(buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS), PLACEHOLDERS);
  });

  it('is valid against the Teams schema with real ids and addresses', async () => {
    await expectValidManifest(buildManifest(TEMPLATE, REAL, COMMANDS), REAL);
  });

  it('uses a manifest version from 1.19 to 1.22 with its own schema URL', () => {
    const manifest = buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS);
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(19);
    expect(minor).toBeLessThanOrEqual(22);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  it('carries the package.json version, so each release is an update Teams admins can install', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS).version).toBe(version);
  });

  it('offers the bot in personal, team and group chat, as a conversation, without files', () => {
    const [bot] = buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS).bots;
    expect([...bot.scopes].sort()).toEqual([...SCOPES].sort());
    expect(bot).toMatchObject({ supportsFiles: false, isNotificationOnly: false });
  });

  it('asks for the resource-specific permissions meeting start and end events need, for its own bot id', () => {
    const manifest = buildManifest(TEMPLATE, REAL, COMMANDS) as unknown as {
      webApplicationInfo: { id: string };
      authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
    };
    expect(manifest.webApplicationInfo.id).toBe(REAL.botId);
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
      { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
    ]);
  });

  it('lists every command of the command table in every scope', () => {
    const [bot] = buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS).bots;
    const lists = bot.commandLists ?? [];
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual([...SCOPES].sort());
    expect(COMMANDS.map((c) => c.name)).toContain('help');
    for (const list of lists)
      expect(list.commands).toEqual(COMMANDS.map((c) => ({ title: c.name, description: c.description })));
  });

  it('has a compose box search that runs at once, and "Check my wording" on messages that opens a dialog', () => {
    const manifest = buildManifest(TEMPLATE, REAL, COMMANDS) as ManifestWithCompose;
    expect(manifest.composeExtensions).toHaveLength(1);
    const commands = manifest.composeExtensions[0].commands;
    const searchCommand = commands.find((c) => c.type === 'query');
    expect(searchCommand).toMatchObject({ initialRun: true, context: ['compose', 'commandBox'] });
    expect(searchCommand?.parameters).toEqual([
      expect.objectContaining({ name: 'query', inputType: 'text' }),
    ]);
    expect(commands.find((c) => c.type === 'action')).toMatchObject({
      title: 'Check my wording',
      context: ['message'],
      fetchTask: true,
    });
  });

  it('checks the message extension against the schema too', async () => {
    const manifest = buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS) as ManifestWithCompose;
    manifest.composeExtensions[0].commands[0].title = 'A title longer than Teams allows for a command';
    expect((await validateManifest(manifest)).join('\n')).toContain('/composeExtensions/0/commands/0/title');
    const badBot = buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS) as ManifestWithCompose;
    badBot.composeExtensions[0].botId = 'not-a-guid';
    expect((await validateManifest(badBot)).join('\n')).toContain('/composeExtensions/0/botId');
  });

  it('fails validation when the manifest is broken, so a passing check means something', async () => {
    const noId: Record<string, unknown> = { ...buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS) };
    delete noId.id;
    const missing = await validateManifest(noId);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.join('\n')).toContain('id');

    const badBot = buildManifest(TEMPLATE, { ...PLACEHOLDERS, botId: 'not-a-guid' }, COMMANDS);
    expect((await validateManifest(badBot)).join('\n')).toContain('/bots/0/botId');

    const wrongSchema = { ...buildManifest(TEMPLATE, PLACEHOLDERS, COMMANDS), manifestVersion: '1.19' };
    expect((await validateManifest(wrongSchema)).join('\n')).toContain('$schema');
  });

  it('refuses to build with a placeholder left unfilled, naming it', () => {
    expect(() => buildManifest(TEMPLATE, { ...REAL, privacyUrl: '' }, COMMANDS)).toThrow(
      /\$\{\{PRIVACY_URL\}\}/,
    );
    const unknown = TEMPLATE.replace('"validDomains"', `"x": "\${{NOPE}}", "validDomains"`);
    expect(() => buildManifest(unknown, REAL, COMMANDS)).toThrow(/\$\{\{NOPE\}\}/);
  });

  it('keeps a value with quotes from breaking the JSON', () => {
    const manifest = buildManifest(TEMPLATE, { ...REAL, termsUrl: 'https://example.org/"terms"' }, COMMANDS);
    expect(manifest.developer).toMatchObject({ termsOfUseUrl: 'https://example.org/"terms"' });
  });

  it('refuses a template that lists commands itself, so the command table stays the only source', () => {
    const manifest = JSON.parse(TEMPLATE) as TeamsManifest;
    manifest.bots[0].commandLists = [{ scopes: ['personal'], commands: [{ title: 'x', description: 'y' }] }];
    expect(() => buildManifest(JSON.stringify(manifest), REAL, COMMANDS)).toThrow(/src\/routes\.ts/);
  });
});

describe('the app icons', () => {
  const color = readPng(readFileSync(join(APP_PACKAGE_DIR, 'color.png')));
  const outline = readPng(readFileSync(join(APP_PACKAGE_DIR, 'outline.png')));

  it('has a 192x192 colour icon with no transparent pixel', () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(pixels(color).every(([, , , a]) => a === 255)).toBe(true);
  });

  it('has a 32x32 outline icon whose every pixel is white or fully transparent', () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const all = pixels(outline);
    const offending = all.filter(([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255));
    expect(offending).toEqual([]);
    // Something is drawn, and most of the canvas stays clear.
    const drawn = all.filter(([, , , a]) => a > 0).length;
    expect(drawn).toBeGreaterThan(100);
    expect(drawn).toBeLessThan(all.length * 0.75);
  });

  it('are what scripts/makeIcons.ts draws, so they can be regenerated', () => {
    expect(Buffer.from(renderColorIcon().data).equals(color.data)).toBe(true);
    expect(Buffer.from(renderOutlineIcon().data).equals(outline.data)).toBe(true);
  });
});

describe('npm run package', () => {
  const PACKAGE = join('dist', 'scripts', 'package.js');
  // Empty values win over a developer's .env, which dotenv never lets override the environment.
  const UNSET = {
    TEAMS_APP_ID: '',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: '',
    MicrosoftAppTenantId: '',
    ALLOWED_TENANT_IDS: '',
    PRIVACY_URL: '',
    TERMS_URL: '',
    DEVELOPER_NAME: '',
    PUBLISHER_SUFFIX: '',
    WEBSITE_URL: '',
  };
  const runPackage = (env: Record<string, string>) =>
    run(process.execPath, [PACKAGE], { env: { ...UNSET, ...env } });

  const unzipped = (): Record<string, Uint8Array> => unzipSync(new Uint8Array(readFileSync(PACKAGE_FILE)));
  const manifestIn = (files: Record<string, Uint8Array>): TeamsManifest =>
    JSON.parse(Buffer.from(files['manifest.json']).toString('utf8')) as TeamsManifest;

  it('builds a valid package with placeholders, warning about each one', async () => {
    const result = await runPackage({});
    expect(result.stderr).not.toContain('not built');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(PACKAGE_FILE);
    for (const variable of [
      'TEAMS_APP_ID',
      'MicrosoftAppId',
      'PRIVACY_URL',
      'TERMS_URL',
      'DEVELOPER_NAME',
      'PUBLISHER_SUFFIX',
      'WEBSITE_URL',
    ])
      expect(result.stderr).toMatch(new RegExp(`^warning: ${variable} is not set`, 'm'));
    expect(result.stderr.match(/^warning: TEAMS_APP_ID/gm)).toHaveLength(1);

    const files = unzipped();
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    await expectValidManifest(manifestIn(files), PLACEHOLDERS);
    for (const icon of ['color.png', 'outline.png'])
      expect(Buffer.from(files[icon]).equals(readFileSync(join(APP_PACKAGE_DIR, icon)))).toBe(true);
  });

  it('fills in the configured ids and addresses, with no placeholder warning', async () => {
    const result = await runPackage({
      TEAMS_APP_ID: REAL.teamsAppId,
      MicrosoftAppId: REAL.botId,
      MicrosoftAppPassword: 'not-a-real-secret',
      ALLOWED_TENANT_IDS: randomUUID(),
      PRIVACY_URL: REAL.privacyUrl,
      TERMS_URL: REAL.termsUrl,
      DEVELOPER_NAME: REAL.developerName,
      PUBLISHER_SUFFIX: REAL.publisherSuffix,
      WEBSITE_URL: REAL.websiteUrl,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await expectValidManifest(manifestIn(unzipped()), REAL);
  });

  it('exits 1 naming the bad setting when the configuration is invalid', async () => {
    const result = await runPackage({ TEAMS_APP_ID: 'my-app' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('App package not built');
    expect(result.stderr).toContain('TEAMS_APP_ID');
  });

  it('exits 1 naming a manifest setting that cannot fit, such as a publisher suffix too long for the name', async () => {
    const result = await runPackage({
      PUBLISHER_SUFFIX: 'by the Borough Council of Luton',
      WEBSITE_URL: 'site',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^ {2}- PUBLISHER_SUFFIX "by the Borough Council of Luton" is 31 characters/m,
    );
    expect(result.stderr).toMatch(/^ {2}- WEBSITE_URL "site" is not an https:\/\/ address/m);
  });
});
