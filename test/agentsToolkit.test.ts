import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { manifestFolderFor, packageFileFor, validateManifest } from '../scripts/package';
import { INFRA_PARAMETERS, SERVICE_SETTINGS } from '../scripts/serviceSettings';
import { ATK, ensureToolkitCli, TOOLKIT_CLI_PACKAGE } from '../scripts/toolkitCli';
import type { TeamsManifest } from '../src/appPackage/buildManifest';
import { MANIFEST_SETTINGS } from '../src/appPackage/manifestSettings';
import { variablesSchema } from '../src/configSchema';
import { ROOT, run } from './helpers/process';

/**
 * The Microsoft 365 Agents Toolkit project (m365agents*.yml, env/, infra/) checked offline: each
 * yml against the schema the Toolkit CLI ships for its `version:`, each environment against the
 * variables the service reads, and each environment's app package with the CLI's own
 * `atk validate --manifest-file`, which needs no network or sign-in (the schemas it checks with
 * are bundled; it is run without a network where the machine allows, to prove it).
 */

const SCHEMAS = join(TOOLKIT_CLI_PACKAGE, 'resource', 'yaml-schema');
const YMLS = ['m365agents.yml', 'm365agents.local.yml', 'm365agents.playground.yml'] as const;
/** The environment each yml serves; m365agents.yml serves every environment that is not local. */
const ENV_OF: Record<(typeof YMLS)[number], string> = {
  'm365agents.yml': 'dev',
  'm365agents.local.yml': 'local',
  'm365agents.playground.yml': 'playground',
};
const ENVIRONMENTS = ['dev', 'local', 'playground'] as const;
const AZURE_ENVIRONMENTS: readonly string[] = ['dev'];

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const envFile = (env: string): Record<string, string> => parseDotenv(read(`env/.env.${env}`));
const yml = (file: string): Record<string, unknown> => parseYaml(read(file)) as Record<string, unknown>;

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
const actionsOf = (file: string): Action[] => {
  const doc = yml(file);
  return ['provision', 'deploy', 'publish'].flatMap((stage) => (doc[stage] as Action[] | undefined) ?? []);
};

const newestSchemaVersion = (): string =>
  readdirSync(SCHEMAS)
    .filter((d) => /^v\d+\.\d+$/.test(d))
    .sort((a, b) => {
      const [am, an] = a.slice(1).split('.').map(Number);
      const [bm, bn] = b.slice(1).split('.').map(Number);
      return am - bm || an - bn;
    })
    .at(-1) ?? '';

function schemaValidator(version: string) {
  const schema = JSON.parse(readFileSync(join(SCHEMAS, version, 'yaml.schema.json'), 'utf8')) as object;
  // The Toolkit's schema is draft-07 with descriptions ajv's strict mode does not know.
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

const schemaErrors = (doc: unknown, version: string): string[] => {
  const validate = schemaValidator(version);
  return validate(doc)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
};

// `npm test` installs the CLI before jest starts (pretest); a jest run on its own does it here.
beforeAll(() => {
  const problem = ensureToolkitCli();
  if (problem) throw new Error(problem);
}, 600_000);

describe('the Agents Toolkit project files', () => {
  it('use the newest yml schema version the Toolkit CLI ships', () => {
    const newest = newestSchemaVersion();
    expect(newest).toMatch(/^v1\.\d+$/);
    for (const file of YMLS) expect(`${file}: ${yml(file).version}`).toBe(`${file}: ${newest}`);
  });

  it.each(YMLS)('%s is valid against the schema of its version, offline', (file) => {
    const doc = yml(file);
    expect(schemaErrors(doc, String(doc.version))).toEqual([]);
  });

  it('refuses a broken yml, so a passing check means something', () => {
    const doc = yml('m365agents.yml') as { version: string; provision: Record<string, unknown>[] };
    delete doc.provision[0].writeToEnvironmentFile;
    doc.provision.push({ uses: 'teamsApp/notAnAction', with: {} });
    const errors = schemaErrors(doc, doc.version);
    expect(errors.join('\n')).toContain('/provision/0');
    expect(errors.join('\n')).toContain(`/provision/${doc.provision.length - 1}`);
  });

  it('provision, deploy and publish use the actions a bot in Azure needs', () => {
    const uses = (file: string, stage: string) =>
      ((yml(file)[stage] as Action[] | undefined) ?? []).map((a) => a.uses);
    expect(uses('m365agents.yml', 'provision')).toEqual(
      expect.arrayContaining([
        'teamsApp/create',
        'aadApp/create',
        'arm/deploy',
        'teamsApp/validateManifest',
        'teamsApp/update',
      ]),
    );
    expect(uses('m365agents.yml', 'deploy')).toContain('azureAppService/zipDeploy');
    expect(uses('m365agents.yml', 'publish')).toContain('teamsApp/publishAppPackage');
    expect(uses('m365agents.local.yml', 'provision')).toEqual(
      expect.arrayContaining(['teamsApp/create', 'aadApp/create', 'botFramework/create', 'teamsApp/update']),
    );
    // Single-tenant bots: the Entra app is for this organisation only.
    for (const file of ['m365agents.yml', 'm365agents.local.yml'])
      expect(actionsOf(file).find((a) => a.uses === 'aadApp/create')?.with).toMatchObject({
        signInAudience: 'AzureADMyOrg',
      });
  });

  it.each(YMLS)('%s reads only variables its env file declares, and writes only declared ones', (file) => {
    const declared = new Set(Object.keys(envFile(ENV_OF[file])));
    const text = read(file);
    const used = [...text.matchAll(/\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]);
    expect(used.filter((v) => !declared.has(v))).toEqual([]);
    const written = actionsOf(file).flatMap((a) => Object.values(a.writeToEnvironmentFile ?? {}));
    expect(written.filter((v) => !declared.has(v))).toEqual([]);
  });

  it('the files the ymls name exist, and the Bicep outputs land in declared variables', () => {
    const deploy = actionsOf('m365agents.yml').find((a) => a.uses === 'arm/deploy');
    const templates = (deploy?.with?.templates ?? []) as { path: string }[];
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) expect(existsSync(join(ROOT, t.path))).toBe(true);
    const zip = actionsOf('m365agents.yml').find((a) => a.uses === 'azureAppService/zipDeploy');
    expect(existsSync(join(ROOT, String(zip?.with?.ignoreFile)))).toBe(true);
    const outputs = [...read('infra/azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]);
    const declared = Object.keys(envFile('dev'));
    expect(outputs.filter((o) => !declared.includes(o))).toEqual([]);
  });
});

describe('the environments', () => {
  it('map every variable the service reads, and nothing else', () => {
    expect(SERVICE_SETTINGS.map((s) => s.variable).sort()).toEqual(Object.keys(variablesSchema.shape).sort());
  });

  it.each(ENVIRONMENTS)('env/.env.%s lists every variable the service reads, or says who sets it', (env) => {
    const values = envFile(env);
    const text = read(`env/.env.${env}`);
    const azure = AZURE_ENVIRONMENTS.includes(env);
    const missing = SERVICE_SETTINGS.filter((s) => {
      const fromFile = s.env !== undefined && (!azure || 'param' in s.azure);
      return fromFile ? !(s.env! in values) : !text.includes(s.variable);
    }).map((s) => s.variable);
    expect(missing).toEqual([]);
    expect(values.TEAMSFX_ENV).toBe(env);
  });

  it.each(ENVIRONMENTS)('env/.env.%s lists every value of the app manifest, and no secret', (env) => {
    const values = envFile(env);
    expect(MANIFEST_SETTINGS.map((s) => s.variable).filter((v) => !(v in values))).toEqual([]);
    const secrets = Object.entries(values).filter(([k]) => k.startsWith('SECRET_'));
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter(([, v]) => v !== '')).toEqual([]);
  });

  it('give secrets SECRET_ names, which the Toolkit masks in its logs and keeps in .user files', () => {
    for (const variable of [
      'MicrosoftAppPassword',
      'USER_KEY_SECRET',
      'DIGEST_TRIGGER_SECRET',
      'AZURE_STORAGE_CONNECTION_STRING',
    ])
      expect(SERVICE_SETTINGS.find((s) => s.variable === variable)?.env).toMatch(/^SECRET_/);
    expect(read('.gitignore')).toMatch(/^env\/\.env\.\*\.user$/m);
  });
});

describe('infra/azure.bicep', () => {
  const bicep = read('infra/azure.bicep');
  const params = [...bicep.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => ({
    name: m[1],
    optional: m[2] !== undefined,
  }));
  const appSettings = (() => {
    const block = /^var appSettings = \{\n([\s\S]*?)\n\}/m.exec(bicep)?.[1] ?? '';
    return [...block.matchAll(/^ {2}(\w+):/gm)].map((m) => m[1]);
  })();

  it('sets an app setting for every variable the service reads, except those the platform sets', () => {
    const platform = SERVICE_SETTINGS.filter(
      (s) => 'setBy' in s.azure && /App Service sets/.test(s.azure.setBy),
    );
    expect(platform.map((s) => s.variable)).toEqual(['PORT']);
    const expected = SERVICE_SETTINGS.filter((s) => !platform.includes(s)).map((s) => s.variable);
    expect(expected.filter((v) => !appSettings.includes(v))).toEqual([]);
  });

  it('is a Linux Node.js 20 App Service, always on, with its health check on /healthz', () => {
    expect(bicep).toContain("linuxFxVersion: 'NODE|20-lts'");
    expect(bicep).toContain('alwaysOn: true');
    expect(bicep).toContain("healthCheckPath: '/healthz'");
    expect(bicep).toContain('reserved: true');
    expect(read('infra/botRegistration/azurebot.bicep')).toContain("msaAppType: 'SingleTenant'");
  });

  describe('npm run settings for Azure', () => {
    const SETTINGS = join('dist', 'scripts', 'serviceSettings.js');
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'azure-parameters-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    // Empty values leave the env file's own; a developer's shell cannot leak in.
    const blank = Object.fromEntries(
      [...SERVICE_SETTINGS.flatMap((s) => (s.env ? [s.env] : [])), ...INFRA_PARAMETERS.map((p) => p.env)].map(
        (v) => [v, ''],
      ),
    );

    it('refuses the shipped env/.env.dev, naming each value provisioning or you must give', async () => {
      const result = await run(process.execPath, [SETTINGS, '--env', 'dev', '--out', join(dir, 'p.json')], {
        env: blank,
      });
      expect(result.code).toBe(1);
      for (const name of ['BOT_ID', 'RESOURCE_SUFFIX', 'SECRET_USER_KEY_SECRET'])
        expect(result.stderr).toMatch(new RegExp(`^ {2}- ${name}\\b`, 'm'));
      expect(existsSync(join(dir, 'p.json'))).toBe(false);
    });

    it('writes parameters that infra/azure.bicep declares, giving every one without a default', async () => {
      const out = join(dir, 'azure.parameters.json');
      const result = await run(process.execPath, [SETTINGS, '--env', 'dev', '--out', out], {
        env: {
          ...blank,
          BOT_ID: randomUUID(),
          SECRET_BOT_PASSWORD: 'a-client-secret',
          TEAMS_APP_TENANT_ID: randomUUID(),
          TEAMS_APP_ID: randomUUID(),
          RESOURCE_SUFFIX: 'a1b2c3',
          SECRET_USER_KEY_SECRET: randomBytes(32).toString('hex'),
        },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const written = Object.keys(
        (JSON.parse(readFileSync(out, 'utf8')) as { parameters: Record<string, unknown> }).parameters,
      );
      const declared = params.map((p) => p.name);
      expect(written.filter((p) => !declared.includes(p))).toEqual([]);
      expect(params.filter((p) => !p.optional && !written.includes(p.name)).map((p) => p.name)).toEqual([]);
    });

    it('writes the local settings the service starts with, from env/.env.playground as shipped', async () => {
      const out = join(dir, '.localConfigs.playground');
      const result = await run(process.execPath, [SETTINGS, '--env', 'playground', '--out', out], {
        env: blank,
      });
      expect(result.code).toBe(0);
      const written = parseDotenv(readFileSync(out, 'utf8'));
      expect(Object.keys(written).sort()).toEqual(Object.keys(variablesSchema.shape).sort());
      expect(written).toMatchObject({ MicrosoftAppId: '', PORT: '3978', STORAGE: 'sqlite' });
    });
  });
});

/** `atk` without a network where the machine lets us make one (root, or user namespaces). */
const noNetwork = spawnSync('unshare', ['-n', 'true']).status === 0;
function atkValidate(manifestFile: string, envFileArg: string): { code: number | null; output: string } {
  const atk = [ATK];
  const args = [
    'validate',
    '--manifest-file',
    manifestFile,
    '--env-file',
    envFileArg,
    '--telemetry',
    'false',
  ];
  const cwd = mkdtempSync(join(tmpdir(), 'atk-'));
  try {
    const result = spawnSync(
      noNetwork ? 'unshare' : atk[0],
      [...(noNetwork ? ['-n', ...atk] : []), ...args, '-f', cwd],
      {
        cwd,
        encoding: 'utf8',
        timeout: 60000,
        // The CLI's own home (~/.fx) stays in the temporary folder.
        env: { ...process.env, HOME: cwd },
      },
    );
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('npm run package -- --env NAME', () => {
  const PACKAGE = join('dist', 'scripts', 'package.js');
  const blank = Object.fromEntries(MANIFEST_SETTINGS.map((s) => [s.variable, '']));
  const REAL = {
    TEAMS_APP_ID: randomUUID(),
    BOT_ID: randomUUID(),
    DEVELOPER_NAME: 'Luton Borough Council',
    PUBLISHER_SUFFIX: 'by Luton',
    WEBSITE_URL: 'https://health-equity.luton.gov.uk',
    PRIVACY_URL: 'https://health-equity.luton.gov.uk/privacy',
    TERMS_URL: 'https://health-equity.luton.gov.uk/terms',
  };
  const packageFor = (env: string, values: Record<string, string> = {}) =>
    run(process.execPath, [PACKAGE, '--env', env], { env: { ...blank, ...values } });
  const builtManifest = (env: string) =>
    JSON.parse(readFileSync(join(manifestFolderFor(env), 'manifest.json'), 'utf8')) as TeamsManifest;

  it('refuses env/.env.dev as shipped, naming every example value, and writes nothing', async () => {
    rmSync(packageFileFor('dev'), { force: true });
    const result = await packageFor('dev');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('App package not built: environment dev is not local');
    for (const setting of MANIFEST_SETTINGS)
      expect(result.stderr).toMatch(
        new RegExp(`^ {2}- ${setting.variable} (is empty|is an example|is the placeholder)`, 'm'),
      );
    expect(existsSync(packageFileFor('dev'))).toBe(false);
  });

  it('refuses a single example left among real values, naming only it', async () => {
    const result = await packageFor('dev', { ...REAL, PRIVACY_URL: 'https://www.example.com/privacy' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}- PRIVACY_URL is an example address/m);
    expect(result.stderr.match(/^ {2}- /gm)).toHaveLength(1);
  });

  it('with real values writes a package whose manifest passes the Teams schema and atk validate', async () => {
    const result = await packageFor('dev', REAL);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(packageFileFor('dev'))).toBe(true);
    const manifest = builtManifest('dev');
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      id: REAL.TEAMS_APP_ID,
      developer: { name: REAL.DEVELOPER_NAME, websiteUrl: REAL.WEBSITE_URL },
      name: { short: 'Health Equity by Luton' },
    });
    const atk = atkValidate(join(manifestFolderFor('dev'), 'manifest.json'), join(ROOT, 'env', '.env.dev'));
    expect(atk.output).toContain('All passed');
    expect(atk.code).toBe(0);
  }, 90000);

  it.each(['local', 'playground'])(
    'builds the %s package from its env file as shipped, warning about each example, and atk validate passes',
    async (env) => {
      const result = await packageFor(env);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^warning: TEAMS_APP_ID is not set/m);
      expect(result.stderr).toMatch(/^warning: DEVELOPER_NAME is an example/m);
      const atk = atkValidate(
        join(manifestFolderFor(env), 'manifest.json'),
        join(ROOT, 'env', `.env.${env}`),
      );
      expect(atk.output).toContain('All passed');
      expect(atk.code).toBe(0);
    },
    90000,
  );

  it('atk validate fails a manifest that breaks the schema, so its pass means something', async () => {
    expect((await packageFor('local')).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'bad-manifest-'));
    try {
      const manifest = builtManifest('local') as TeamsManifest & { bots: { botId: string }[] };
      manifest.bots[0].botId = 'not-a-guid';
      const file = join(dir, 'manifest.json');
      writeFileSync(file, JSON.stringify(manifest));
      for (const icon of ['color.png', 'outline.png'])
        writeFileSync(join(dir, icon), readFileSync(join(ROOT, 'appPackage', icon)));
      const atk = atkValidate(file, join(ROOT, 'env', '.env.local'));
      expect(atk.code).not.toBe(0);
      expect(atk.output).toContain('/bots/0/botId');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90000);
});
