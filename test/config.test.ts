import { loadConfig } from '../src/config';
import { ConfigError } from '../src/errors';

const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('configuration', () => {
  it('defaults to local mode on loopback with a warning', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      localMode: true,
      logLevel: 'info',
      shutdownGraceMs: 10000,
      maxBodyBytes: 262144,
    });
    expect(config.warnings.join(' ')).toMatch(/local mode/);
    expect(config.warnings.join(' ')).toMatch(/TEAMS_APP_ID/);
  });

  it('binds to every interface once an app id is set, and trusts the single tenant', () => {
    const config = loadConfig({
      MicrosoftAppId: GUID,
      MicrosoftAppPassword: 's',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: GUID,
    });
    expect(config.host).toBe('0.0.0.0');
    expect(config.allowedTenantIds).toEqual([GUID]);
  });

  it('keeps tenant ids in lower case, so they compare without regard to case', () => {
    expect(loadConfig({ ALLOWED_TENANT_IDS: ` ${GUID.toUpperCase()} , ${GUID}` }).allowedTenantIds).toEqual([
      GUID,
      GUID,
    ]);
    const single = loadConfig({
      MicrosoftAppId: GUID,
      MicrosoftAppPassword: 's',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: GUID.toUpperCase(),
    });
    expect(single.allowedTenantIds).toEqual([GUID]);
  });

  it('names every bad variable and its fix in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        MicrosoftAppId: 'not-a-guid',
        SHUTDOWN_GRACE_MS: '-1',
        ALLOWED_TENANT_IDS: 'x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'MicrosoftAppId',
      'MicrosoftAppPassword',
      'SHUTDOWN_GRACE_MS',
      'ALLOWED_TENANT_IDS',
    ])
      expect(message).toContain(`${name}:`);
    expect(message).toContain('fix:');
  });

  it('reads the expert team settings: admins in lower case, a channel id as typed or as a link has it', () => {
    const config = loadConfig({
      ADMIN_AAD_IDS: ` ${GUID.toUpperCase()} ,`,
      EXPERTS_CHANNEL_ID: '19%3aAbC123%40thread.tacv2',
      QUESTION_RETENTION_DAYS: '30',
    });
    expect(config).toMatchObject({
      adminAadIds: [GUID],
      expertsChannelId: '19:AbC123@thread.tacv2',
      questionRetentionDays: 30,
    });
    expect(loadConfig({})).toMatchObject({
      adminAadIds: [],
      expertsChannelId: '',
      questionRetentionDays: 90,
    });
    let message = '';
    try {
      loadConfig({
        ADMIN_AAD_IDS: 'sam@nhs.net',
        EXPERTS_CHANNEL_ID: 'General',
        QUESTION_RETENTION_DAYS: '0',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const name of ['ADMIN_AAD_IDS', 'EXPERTS_CHANNEL_ID', 'QUESTION_RETENTION_DAYS'])
      expect(message).toContain(`${name}:`);
  });

  it('reports a rule between variables even when one of them is bad on its own', () => {
    expect(() =>
      loadConfig({ PORT: 'x', MicrosoftAppType: 'Bogus', MicrosoftAppId: GUID, STORAGE: 'azure-blob' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'x', MicrosoftAppType: 'Bogus', MicrosoftAppId: GUID, STORAGE: 'azure-blob' });
    } catch (e) {
      const lines = (e as Error).message.split('\n').slice(1);
      for (const name of [
        'PORT',
        'MicrosoftAppType',
        'MicrosoftAppPassword',
        'AZURE_STORAGE_CONNECTION_STRING',
        'AZURE_STORAGE_CONTAINER',
        'USER_KEY_SECRET',
      ])
        expect(lines.some((l) => l.startsWith(`  - ${name}: `))).toBe(true);
      for (const line of lines) expect(line).toMatch(/ \(fix: .+\)$/);
    }
  });
});
