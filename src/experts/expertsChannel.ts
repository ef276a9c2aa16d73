import type { ConversationReferenceRecord, Storage } from '../storage';
import { baseConversationId } from '../storage/installations';

const KEY = 'experts/channel';
/** How long an instance trusts what it last read: another instance may have moved the channel. */
const CACHE_MS = 30_000;

interface StoredChannel {
  reference: ConversationReferenceRecord;
  setAt: string;
}

/**
 * Where the expert team works: the channel set by EXPERTS_CHANNEL_ID, or else the one an admin
 * chose with `experts here`. Anyone who can press a ticket's buttons there is taken to be on the team.
 */
export class ExpertsChannel {
  private cached: { at: number; stored: StoredChannel | undefined } | undefined;

  constructor(
    private readonly storage: Pick<Storage, 'read' | 'write'>,
    /** From EXPERTS_CHANNEL_ID; '' when the channel is chosen in Teams. */
    readonly configuredId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The channel's id, or '' when none is set. */
  async id(): Promise<string> {
    if (this.configuredId !== '') return this.configuredId;
    return (await this.stored())?.reference.conversation.id ?? '';
  }

  async isSet(): Promise<boolean> {
    return (await this.id()) !== '';
  }

  /** Whether a conversation (a channel message's id included) is the experts' channel. */
  async isHere(conversationId: string): Promise<boolean> {
    const id = await this.id();
    return id !== '' && baseConversationId(conversationId) === id;
  }

  /**
   * The reference to post tickets with. A channel set by id alone borrows the service URL and
   * tenant of the conversation a ticket comes from (one tenant, one service URL).
   */
  async reference(via: ConversationReferenceRecord): Promise<ConversationReferenceRecord | undefined> {
    if (this.configuredId === '') return (await this.stored())?.reference;
    return {
      ...via,
      conversation: {
        id: this.configuredId,
        conversationType: 'channel',
        tenantId: via.conversation.tenantId,
      },
    };
  }

  async set(reference: ConversationReferenceRecord): Promise<void> {
    const value: StoredChannel = {
      reference: {
        ...reference,
        conversation: { ...reference.conversation, id: baseConversationId(reference.conversation.id) },
      },
      setAt: this.now().toISOString(),
    };
    await this.storage.write([{ key: KEY, value }]);
    this.cached = { at: this.now().getTime(), stored: value };
  }

  private async stored(): Promise<StoredChannel | undefined> {
    const now = this.now().getTime();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.stored;
    const stored = (await this.storage.read([KEY])).get(KEY)?.value as StoredChannel | undefined;
    this.cached = { at: now, stored };
    return stored;
  }
}
