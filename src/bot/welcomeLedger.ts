/**
 * Remembers which conversations were welcomed. Teams sends both installationUpdate and
 * conversationUpdate when the bot is added; whichever arrives first claims the welcome.
 */
export interface WelcomeLedger {
  /** True exactly once per conversation: the caller that gets true sends the welcome. */
  claim(conversationId: string): Promise<boolean>;
  /** Forget a conversation (the bot was removed), so a later reinstall is welcomed again. */
  release(conversationId: string): Promise<void>;
}

/** Process memory; the storage issue replaces it with one shared by every instance. */
export class MemoryWelcomeLedger implements WelcomeLedger {
  private readonly welcomed = new Set<string>();

  async claim(conversationId: string): Promise<boolean> {
    if (this.welcomed.has(conversationId)) return false;
    this.welcomed.add(conversationId);
    return true;
  }

  async release(conversationId: string): Promise<void> {
    this.welcomed.delete(conversationId);
  }
}

/** Channel messages carry ";messageid=..." in the conversation id; the conversation is what precedes it. */
export const baseConversationId = (id: string): string => id.split(';')[0];
