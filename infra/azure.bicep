// The Azure resources of one environment of the health-equity assistant:
// - an App Service plan and web app (Linux, Node.js 20, always on, health check on /healthz);
// - the Azure Bot (single-tenant) with the Teams channel (botRegistration/azurebot.bicep);
// - a storage account and container for STORAGE=azure-blob;
// - Application Insights and a Log Analytics workspace, which keep the service's logs.
// Every variable the service reads is an app setting below. The parameters come from an Agents
// Toolkit environment: `npm run settings -- --env dev --out build/azure.parameters.dev.json` checks
// env/.env.dev with the service's own rules and writes them (m365agents.yml runs it). The table of
// parameters is in docs/operations.md, "Azure resources".
//
// Written after the Toolkit's bot template and the Azure resource reference, but never compiled or
// deployed from the machines this project is built on: they have no Bicep compiler and no Azure
// access. Run `az bicep build -f infra/azure.bicep` before a first deployment.

@minLength(4)
@maxLength(20)
@description('Start of every resource name: "heq" and the environment\'s RESOURCE_SUFFIX. Lower-case letters and digits.')
param resourceBaseName string

@description('Where the resources go; the resource group\'s region by default.')
param location string = resourceGroup().location

@description('The App Service plan size. B1 is the smallest with always-on; S1 or P0v3 add deployment slots and autoscale.')
param webAppSku string = 'B1'

@minValue(1)
@maxValue(30)
@description('How many instances run. More than one needs STORAGE=azure-blob; with sqlite one runs whatever this says.')
param instanceCount int = 1

@maxLength(42)
@description('The Azure Bot\'s display name.')
param botDisplayName string

@description('Days the Log Analytics workspace keeps logs.')
param logRetentionDays int = 30

@minValue(1)
@maxValue(365)
@description('Days a deleted or overwritten blob can be restored (soft delete and versions).')
param blobRetentionDays int = 14

// The service's settings (README "Configuration"), as `npm run settings` writes them.
@description('MicrosoftAppId: the client id of the bot\'s single-tenant Entra app (BOT_ID).')
param botId string
@secure()
@description('MicrosoftAppPassword: that app\'s client secret (SECRET_BOT_PASSWORD).')
param botPassword string
@description('MicrosoftAppTenantId: the tenant of that app (TEAMS_APP_TENANT_ID).')
param botTenantId string
param allowedTenantIds string = ''
param host string = ''
param teamsAppId string = ''
param logLevel string = 'info'
param shutdownGraceMs string = '10000'
param maxBodyBytes string = '262144'
param rateLimitPerMinute string = '30'
param privacyUrl string = ''
param termsUrl string = ''
@description('azure-blob (the storage account below; several instances) or sqlite (one instance).')
param storage string = 'azure-blob'
@description('SQLite\'s folder and the generated USER_KEY_SECRET. /home is kept across restarts but is a network share.')
param dataDir string = '/home/data'
param storageContainer string = 'health-equity-bot'
@secure()
@description('USER_KEY_SECRET: required with azure-blob, kept for good.')
param userKeySecret string = ''
@secure()
@description('DIGEST_TRIGGER_SECRET: empty turns POST /api/digest/run off.')
param digestTriggerSecret string = ''
param digestSendsPerSec string = '50'
param digestCheckSeconds string = '60'
param digestLeaseSeconds string = '60'
param adminAadIds string = ''
param expertsChannelId string = ''
param questionRetentionDays string = '90'

var useBlob = toLower(storage) == 'azure-blob'
// Storage account names: 3 to 24 lower-case letters and digits, unique in Azure.
var storageAccountName = take('${replace(resourceBaseName, '-', '')}store', 24)

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The service's storage code (src/storage/azureBlobStorage.ts) signs in with a connection
    // string, that is the account key; a managed identity would need a change there first.
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storageAccount
  name: 'default'
  properties: {
    // Backup and restore (docs/operations.md): every overwrite keeps a version, every delete is soft.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobRetentionDays
    }
  }
}

// The service creates its container if missing; made here so it exists before the first start.
resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = if (useBlob) {
  parent: blobService
  name: storageContainer
  properties: {
    publicAccess: 'None'
  }
}

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storageAccount.name};AccountKey=${storageAccount.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

// Every variable the service reads (PORT is App Service's own), then the platform's settings.
var appSettings = {
  MicrosoftAppId: botId
  MicrosoftAppPassword: botPassword
  MicrosoftAppType: 'SingleTenant'
  MicrosoftAppTenantId: botTenantId
  ALLOWED_TENANT_IDS: allowedTenantIds
  HOST: host
  TEAMS_APP_ID: teamsAppId
  LOG_LEVEL: logLevel
  SHUTDOWN_GRACE_MS: shutdownGraceMs
  MAX_BODY_BYTES: maxBodyBytes
  RATE_LIMIT_PER_MINUTE: rateLimitPerMinute
  PRIVACY_URL: privacyUrl
  TERMS_URL: termsUrl
  STORAGE: storage
  DATA_DIR: dataDir
  AZURE_STORAGE_CONNECTION_STRING: useBlob ? storageConnectionString : ''
  AZURE_STORAGE_CONTAINER: useBlob ? storageContainer : ''
  USER_KEY_SECRET: userKeySecret
  DIGEST_TRIGGER_SECRET: digestTriggerSecret
  DIGEST_SENDS_PER_SEC: digestSendsPerSec
  DIGEST_CHECK_SECONDS: digestCheckSeconds
  DIGEST_LEASE_SECONDS: digestLeaseSeconds
  ADMIN_AAD_IDS: adminAadIds
  EXPERTS_CHANNEL_ID: expertsChannelId
  QUESTION_RETENTION_DAYS: questionRetentionDays
  // The platform: zip deploys carry dist/ built elsewhere; App Service installs the production
  // dependencies on Linux (better-sqlite3 is native) and builds nothing else.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  CUSTOM_BUILD_COMMAND: 'npm ci --omit=dev'
  NODE_ENV: 'production'
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
}

resource plan 'Microsoft.Web/serverfarms@2023-01-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    // SQLite is one file for one process: never more than one instance with it.
    capacity: useBlob ? instanceCount : 1
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-01-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // No sticky sessions: every instance reads and writes the same storage.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      alwaysOn: true
      healthCheckPath: '/healthz'
      // Not `npm start`: its prestart compiles TypeScript, which a production install lacks.
      appCommandLine: 'node --disable-warning=DEP0111 dist/src/index.js'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
    }
  }
}

// All of the app's settings, as one object (name: value); a change restarts the app.
resource webAppSettings 'Microsoft.Web/sites/config@2023-01-01' = {
  parent: webApp
  name: 'appsettings'
  properties: appSettings
}

// `az webapp log tail` and the portal's log stream show the service's JSON lines.
resource webAppLogging 'Microsoft.Web/sites/config@2023-01-01' = {
  parent: webApp
  name: 'logs'
  properties: {
    applicationLogs: {
      fileSystem: {
        level: 'Information'
      }
    }
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInDays: 7
        retentionInMb: 35
      }
    }
  }
}

// The same lines, kept and searchable in Log Analytics (AppServiceConsoleLogs).
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [for category in [
      'AppServiceConsoleLogs'
      'AppServiceHTTPLogs'
      'AppServicePlatformLogs'
    ]: {
      category: category
      enabled: true
    }]
  }
}

module azureBot './botRegistration/azurebot.bicep' = {
  name: 'azure-bot'
  params: {
    botServiceName: resourceBaseName
    botDisplayName: botDisplayName
    botAppId: botId
    botTenantId: botTenantId
    botEndpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
  }
}

// The Toolkit writes these outputs into env/.env.NAME (upper-case names, as here).
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storageAccount.name
output LOG_ANALYTICS_WORKSPACE_ID string = workspace.properties.customerId
