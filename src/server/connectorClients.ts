/**
 * Connector clients kept for reuse, at most `max` of them, the least recently used forgotten first.
 * botbuilder builds a new client, with its whole HTTP pipeline, for every turn: about a tenth of a
 * millisecond, a tenth of a question's time under load. A client holds no per-turn state (its
 * credentials fetch and renew their own tokens), so one per app id, service URL and audience serves
 * every turn that leaves its pipeline alone. The bound matters in local mode, where the service URL
 * is whatever the caller sent.
 */
export class ReusedClients<T> {
  private readonly clients = new Map<string, Promise<T>>();

  constructor(private readonly max = 64) {}

  get size(): number {
    return this.clients.size;
  }

  /** The client for `key`, made by `make` the first time; a failed make is not kept. */
  get(key: string, make: () => Promise<T>): Promise<T> {
    let client = this.clients.get(key);
    if (client) {
      // Re-inserted so the map's order is least recently used first.
      this.clients.delete(key);
    } else {
      client = make();
      client.catch(() => {
        if (this.clients.get(key) === client) this.clients.delete(key);
      });
    }
    this.clients.set(key, client);
    if (this.clients.size > this.max) this.clients.delete(this.clients.keys().next().value as string);
    return client;
  }
}
