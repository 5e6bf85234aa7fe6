import { testNamespace, testNatsUrl } from '@pipe/test-infra';
import { type Bus, connectBus } from '../connect.js';
import { provisionStreams } from '../provision.js';
import { type StreamNames, streamNames } from '../stream-names.js';

/** A connection with Pipe's streams provisioned under a namespace of the test's own. */
export interface TestBus extends Bus {
  namespace: string;
  names: StreamNames;
  url: string;
  /** Deletes the test's streams and closes the connection. */
  cleanup(): Promise<void>;
}

/** Connects to the test NATS and provisions a fresh, isolated set of streams. */
export async function createTestBus(): Promise<TestBus> {
  const url = testNatsUrl();
  const namespace = testNamespace();
  const names = streamNames(namespace);
  const bus = await connectBus({ url, name: `pipe-test-${namespace}` });
  await provisionStreams(bus.jsm, names);
  return {
    ...bus,
    namespace,
    names,
    url,
    async cleanup() {
      for (const stream of [names.events, names.raw, names.changes, names.dlq]) {
        await bus.jsm.streams.delete(stream).catch(() => undefined);
      }
      await bus.nc.close();
    },
  };
}
