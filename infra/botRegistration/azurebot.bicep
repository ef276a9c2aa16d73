// The Azure Bot: the bot's registration with the Bot Framework, single-tenant, with the Microsoft
// Teams channel. infra/azure.bicep uses it; it also deploys alone for a bot hosted elsewhere (a
// container, docs/operations.md "Deploy with plain Azure"):
//   az deployment group create -g RG -f infra/botRegistration/azurebot.bicep \
//     -p botServiceName=NAME botDisplayName='Health Equity' botAppId=APP_ID botTenantId=TENANT_ID \
//        botEndpoint=https://HOST/api/messages

@description('The Azure Bot resource name (unique in the resource group).')
param botServiceName string

@maxLength(42)
@description('The name shown for the bot in the Azure portal.')
param botDisplayName string

@description('The client id of the single-tenant Entra app registration the bot signs in as (BOT_ID).')
param botAppId string

@description('The Entra tenant of that app registration (TEAMS_APP_TENANT_ID).')
param botTenantId string

@description('The messaging endpoint: https://<host>/api/messages.')
param botEndpoint string

@allowed([
  'F0'
  'S1'
])
@description('F0 is free and includes the Teams channel; S1 is for premium channels, which this bot does not use.')
param botServiceSku string = 'F0'

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: botEndpoint
    msaAppId: botAppId
    msaAppTenantId: botTenantId
    msaAppType: 'SingleTenant'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
