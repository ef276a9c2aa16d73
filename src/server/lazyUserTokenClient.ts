import type { Activity, TokenExchangeRequest } from 'botbuilder';
import { UserTokenClient } from 'botframework-connector';

/**
 * botbuilder makes a user token client, with its own HTTP pipeline, for every turn, in case the bot
 * signs someone in; this bot never does. The client is made the first time something asks it
 * anything, so turns pay nothing for it (it was about 6% of a question's time under load).
 */
export class LazyUserTokenClient extends UserTokenClient {
  private made: Promise<UserTokenClient> | undefined;

  constructor(private readonly make: () => Promise<UserTokenClient>) {
    super();
  }

  private client(): Promise<UserTokenClient> {
    this.made ??= this.make();
    return this.made;
  }

  async getUserToken(userId: string, connectionName: string, channelId: string, magicCode: string) {
    return (await this.client()).getUserToken(userId, connectionName, channelId, magicCode);
  }

  async getSignInResource(connectionName: string, activity: Activity, finalRedirect: string) {
    return (await this.client()).getSignInResource(connectionName, activity, finalRedirect);
  }

  async signOutUser(userId: string, connectionName: string, channelId: string) {
    return (await this.client()).signOutUser(userId, connectionName, channelId);
  }

  async getTokenStatus(userId: string, channelId: string, includeFilter: string) {
    return (await this.client()).getTokenStatus(userId, channelId, includeFilter);
  }

  async getAadTokens(userId: string, connectionName: string, resourceUrls: string[], channelId: string) {
    return (await this.client()).getAadTokens(userId, connectionName, resourceUrls, channelId);
  }

  async exchangeToken(
    userId: string,
    connectionName: string,
    channelId: string,
    exchangeRequest: TokenExchangeRequest,
  ) {
    return (await this.client()).exchangeToken(userId, connectionName, channelId, exchangeRequest);
  }
}
