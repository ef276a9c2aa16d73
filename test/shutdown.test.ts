import { connect } from 'node:net';
import { join } from 'node:path';
import { message } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { run, startService, waitForOutput } from './helpers/process';

let connector: FakeConnector;
beforeAll(async () => {
  connector = await new FakeConnector().start();
});
afterAll(() => connector.stop());

const post = (url: string, body: unknown) =>
  fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('graceful shutdown', () => {
  it('on SIGTERM during a slow turn: healthz 503, new turns refused, the turn finishes, exit 0', async () => {
    const service = await startService({ SHUTDOWN_GRACE_MS: '10000' });
    // The reply is held until the checks below are done, so the turn is in flight however slow
    // the machine is.
    let release = (): void => undefined;
    connector.next({ kind: 'ok', until: new Promise<void>((resolve) => (release = resolve)) });
    const slow = post(
      service.url,
      message('help', 'personal', { serviceUrl: connector.url, expectReplies: false }),
    );
    try {
      await connector.waitFor(1);
      service.child.kill('SIGTERM');
      // The service logs "stopping" in the same step as it starts draining.
      await waitForOutput(service, /"event":"stopping"/);
      const health = await fetch(`${service.url}/healthz`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { status: string }).status).toBe('unavailable');
      const refused = await post(service.url, message('help'));
      expect(refused.status).toBe(503);
    } finally {
      release();
    }
    expect((await slow).status).toBe(200);
    expect(await service.exited).toBe(0);
    expect(connector.requests[0].body?.summary).toBe('How I can help');
  });

  it('a request whose body is still arriving is not a turn in flight: SIGTERM does not wait for it', async () => {
    const service = await startService({ SHUTDOWN_GRACE_MS: '10000' });
    const socket = connect(Number(new URL(service.url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // A slow sender: headers promise 100,000 bytes, and one arrives.
    socket.write(
      'POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    service.child.kill('SIGTERM');
    await waitForOutput(service, /"event":"stopping"/);
    expect(await service.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(service.stdout.join('\n')).toMatch(/"event":"stopping","signal":"SIGTERM","turnsInFlight":0/);
    socket.destroy();
  });

  it('exits 0 when the grace period runs out before a hung turn finishes', async () => {
    const service = await startService({ SHUTDOWN_GRACE_MS: '300' });
    connector.next({ kind: 'hang' });
    const before = connector.requests.length;
    void post(
      service.url,
      message('help', 'personal', { serviceUrl: connector.url, expectReplies: false }),
    ).catch(() => undefined);
    await connector.waitFor(before + 1);
    const started = Date.now();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('start-up', () => {
  it('a bad configuration stops start-up naming every bad variable', async () => {
    const result = await run(process.execPath, [join('dist', 'src', 'index.js')], {
      env: { PORT: 'abc', LOG_LEVEL: 'chatty', MicrosoftAppId: 'nope' },
    });
    expect(result.code).toBe(1);
    for (const name of ['PORT', 'LOG_LEVEL', 'MicrosoftAppId', 'MicrosoftAppPassword'])
      expect(result.stderr).toContain(`${name}:`);
  });

  it('local mode warns that requests are not authenticated', async () => {
    const service = await startService();
    service.child.kill('SIGTERM');
    await service.exited;
    expect(service.stdout.join('\n')).toMatch(/local mode, requests are NOT authenticated/);
  });
});
