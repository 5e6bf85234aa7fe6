import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** Spans recorded in memory, for asserting on traces in a test. */
export interface TestTracing {
  /** Every span ended so far, in end order. */
  spans(): ReadableSpan[];
  /** Forgets the spans recorded so far. */
  reset(): void;
}

let installed: TestTracing | undefined;

/**
 * Turns tracing on for this test process with an in-memory exporter: the same global API, W3C
 * propagator and async-context manager the SDK registers in a service, so the code under test
 * runs exactly as with `OTEL_EXPORTER_OTLP_ENDPOINT` set. Idempotent (global state per process).
 */
export function installTestTracing(): TestTracing {
  if (installed) return installed;
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  // Registers the W3C trace-context propagator and the AsyncLocalStorage context manager, as NodeSDK does.
  provider.register();
  installed = { spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset() };
  return installed;
}
