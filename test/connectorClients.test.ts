import type { UserTokenClient } from 'botframework-connector';
import { ReusedClients } from '../src/server/connectorClients';
import { LazyUserTokenClient } from '../src/server/lazyUserTokenClient';

describe('reused connector clients', () => {
  it('makes a client once per key and hands the same one back', async () => {
    const clients = new ReusedClients<{ made: number }>();
    let made = 0;
    const make = async () => ({ made: ++made });
    const first = await clients.get('a', make);
    expect(await clients.get('a', make)).toBe(first);
    expect(await clients.get('b', make)).not.toBe(first);
    expect(made).toBe(2);
  });

  it('keeps at most its bound, forgetting the least recently used first', async () => {
    const clients = new ReusedClients<string>(2);
    const makes: string[] = [];
    const make = (key: string) => async () => {
      makes.push(key);
      return key;
    };
    await clients.get('a', make('a'));
    await clients.get('b', make('b'));
    await clients.get('a', make('a'));
    await clients.get('c', make('c'));
    expect(clients.size).toBe(2);
    await clients.get('a', make('a'));
    await clients.get('b', make('b'));
    // 'b' was the least recently used when 'c' came, so only it was made again.
    expect(makes).toEqual(['a', 'b', 'c', 'b']);
  });

  it('does not keep a failed client: the next turn tries again', async () => {
    const clients = new ReusedClients<string>();
    await expect(clients.get('a', () => Promise.reject(new Error('no credentials')))).rejects.toThrow(
      'no credentials',
    );
    expect(clients.size).toBe(0);
    expect(await clients.get('a', async () => 'made')).toBe('made');
  });
});

describe('the user token client', () => {
  it('is made only when first asked, once, and passes every call on', async () => {
    let made = 0;
    const calls: unknown[][] = [];
    const inner = {
      getTokenStatus: async (...args: unknown[]) => {
        calls.push(args);
        return [];
      },
      signOutUser: async (...args: unknown[]) => {
        calls.push(args);
      },
    } as unknown as UserTokenClient;
    const client = new LazyUserTokenClient(async () => {
      made++;
      return inner;
    });
    expect(made).toBe(0);
    await client.getTokenStatus('user', 'msteams', '');
    await client.signOutUser('user', 'connection', 'msteams');
    expect(made).toBe(1);
    expect(calls).toEqual([
      ['user', 'msteams', ''],
      ['user', 'connection', 'msteams'],
    ]);
  });
});
