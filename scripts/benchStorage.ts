import { loadConfig } from '../src/config';
import { openStorage, type Storage } from '../src/storage';
import { BACKENDS, type BackendName, startBackend } from '../test/helpers/azurite';

/**
 * `npm run bench:storage`: writes and reads per second and their latency, on SQLite (a temporary
 * folder) and on Azure Blob Storage as served by Azurite on loopback. Azurite's figures say what
 * this code and the SDK cost, not what Azure will do over a network: add the round trip to the
 * storage account (typically a few milliseconds inside one Azure region) to each operation.
 */
const ITEMS: Record<BackendName, number> = { sqlite: 2000, 'azure-blob': 1000 };
const CONCURRENCY = 16;
const VALUE = {
  reference: { conversation: { id: `19:${'x'.repeat(40)}@thread.tacv2` } },
  pad: 'p'.repeat(800),
};

interface Row {
  backend: BackendName;
  operation: string;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `op` for 0..count-1 with `concurrency` in flight; each call's latency in milliseconds. */
async function measure(
  backend: BackendName,
  operation: string,
  count: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = process.hrtime.bigint();
        await op(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { backend, operation, count, perSecond: count / seconds, p50: at(0.5), p99: at(0.99) };
}

async function bench(backend: BackendName, store: Storage): Promise<Row[]> {
  const n = ITEMS[backend];
  const key = (prefix: string, i: number) => `bench/${prefix}/${i}`;
  // Warm up connections, statements and the JIT.
  for (let i = 0; i < 50; i++) await store.write([{ key: key('warm', i), value: VALUE }]);
  const rows: Row[] = [];
  rows.push(
    await measure(backend, 'write', n, 1, (i) => store.write([{ key: key('seq', i), value: VALUE }])),
  );
  rows.push(await measure(backend, 'read', n, 1, (i) => store.read([key('seq', i)])));
  rows.push(await measure(backend, 'create', n, 1, (i) => store.create(key('create', i), VALUE)));
  rows.push(
    await measure(backend, `write x${CONCURRENCY}`, n, CONCURRENCY, (i) =>
      store.write([{ key: key('par', i), value: VALUE }]),
    ),
  );
  rows.push(
    await measure(backend, `read x${CONCURRENCY}`, n, CONCURRENCY, (i) => store.read([key('par', i)])),
  );
  return rows;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const name of BACKENDS) {
    const backend = await startBackend(name);
    const store = await openStorage(loadConfig(backend.fresh()));
    try {
      rows.push(...(await bench(name, store)));
    } finally {
      await store.close();
      await backend.stop();
    }
  }
  const table = [
    ['backend', 'operation', 'ops', 'ops/s', 'p50 ms', 'p99 ms'],
    ...rows.map((r) => [
      r.backend,
      r.operation,
      String(r.count),
      r.perSecond.toFixed(0),
      r.p50.toFixed(2),
      r.p99.toFixed(2),
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  console.log(
    `\nitems of ${JSON.stringify(VALUE).length} bytes; "x${CONCURRENCY}": ${CONCURRENCY} operations in flight; ` +
      'SQLite with synchronous=FULL (each acknowledged write is on disk); Azure Blob on Azurite, loopback.',
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
