import { INSTALLATIONS_PREFIX, installationDataPrefix, installationKey } from './keys';
import type { Storage } from './storage';

/**
 * What is kept to reach a conversation later (proactive posts), and nothing more: no names, no
 * user ids. botbuilder's getConversationReference copies the user's name, so this is built field
 * by field instead.
 */
export interface ConversationReferenceRecord {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType: string; tenantId: string };
  bot: { id: string };
}

export interface Installation {
  /** The team's id in a team (one installation serves all its channels), else the conversation's. */
  id: string;
  reference: ConversationReferenceRecord;
}

export interface InstallationRecord {
  reference: ConversationReferenceRecord;
  /** When an install event for it was last seen (ISO 8601). */
  recordedAt: string;
}

/** The fields of an incoming activity that an installation is made from (a botbuilder Activity fits). */
export interface InstallationSource {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string };
  recipient: { id: string };
  channelData?: unknown;
}

/** Channel messages carry ";messageid=..." in the conversation id; the conversation is what precedes it. */
export const baseConversationId = (id: string): string => id.split(';')[0];

export function installationOf(activity: InstallationSource): Installation {
  const channelData = activity.channelData as
    | { team?: { id?: string }; tenant?: { id?: string } }
    | undefined;
  const conversationId = baseConversationId(activity.conversation.id);
  return {
    id: channelData?.team?.id || conversationId,
    reference: {
      channelId: activity.channelId,
      serviceUrl: activity.serviceUrl,
      conversation: {
        id: conversationId,
        conversationType: activity.conversation.conversationType ?? '',
        tenantId: activity.conversation.tenantId || channelData?.tenant?.id || '',
      },
      bot: { id: activity.recipient.id },
    },
  };
}

/** The conversations the bot is installed in, and the removal of everything kept for one. */
export class Installations {
  constructor(private readonly storage: Pick<Storage, 'read' | 'write' | 'delete' | 'list'>) {}

  /** Records (or refreshes) an installation; Teams sends more than one event per install. */
  async add(installation: Installation): Promise<void> {
    const record: InstallationRecord = {
      reference: installation.reference,
      recordedAt: new Date().toISOString(),
    };
    await this.storage.write([{ key: installationKey(installation.id), value: record }]);
  }

  async get(installationId: string): Promise<InstallationRecord | undefined> {
    const key = installationKey(installationId);
    return (await this.storage.read([key])).get(key)?.value as InstallationRecord | undefined;
  }

  /** Removes the installation and all the data kept for it. Removing an unknown id does nothing. */
  async remove(installationId: string): Promise<void> {
    await this.deletePrefix(installationDataPrefix(installationId));
    // Last, so that an interrupted removal is still listed and the next uninstall event finishes it.
    await this.storage.delete([installationKey(installationId)]);
  }

  async count(): Promise<number> {
    let count = 0;
    let continuation: string | undefined;
    do {
      const page = await this.storage.list(INSTALLATIONS_PREFIX, { limit: 5000, continuation });
      count += page.keys.length;
      continuation = page.continuation;
    } while (continuation);
    return count;
  }

  private async deletePrefix(prefix: string): Promise<void> {
    let continuation: string | undefined;
    do {
      const page = await this.storage.list(prefix, { limit: 1000, continuation });
      if (page.keys.length > 0) await this.storage.delete(page.keys);
      continuation = page.continuation;
    } while (continuation);
  }
}
