import { z } from 'zod';

// Deployments write `OTEL_EXPORTER_OTLP_ENDPOINT: ""` to mean "off"; an empty value counts as unset.
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/**
 * The standard OpenTelemetry variables Pipe looks at itself. Everything else (`OTEL_EXPORTER_OTLP_HEADERS`,
 * `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_TRACES_SAMPLER`, `OTEL_RESOURCE_ATTRIBUTES`, …) is read by the
 * SDK as its specification says; there is no Pipe-specific tracing setting.
 */
export const otelConfigShape = {
  /** Where traces go (OTLP). Unset → tracing stays off: no SDK, no exporter, no cost. */
  OTEL_EXPORTER_OTLP_ENDPOINT: unsetWhenEmpty(z.url({ error: 'must be the OTLP collector URL, e.g. http://jaeger:4318' })),
  /** A traces-only endpoint; also turns tracing on. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: unsetWhenEmpty(z.url({ error: 'must be the OTLP traces URL, e.g. http://jaeger:4318/v1/traces' })),
  /** `true` turns the SDK off even with an endpoint (the specification's kill switch). */
  OTEL_SDK_DISABLED: z.enum(['true', 'false', 'TRUE', 'FALSE', '']).default('false'),
  /** Overrides the service name (default `pipe-<service>`). */
  OTEL_SERVICE_NAME: unsetWhenEmpty(z.string().min(1)),
};

/** The parsed OpenTelemetry switches. */
export type OtelConfig = z.infer<z.ZodObject<typeof otelConfigShape>>;

/** True when traces are to be exported: an OTLP endpoint is set and the SDK is not disabled. */
export function tracingEnabled(config: OtelConfig): boolean {
  if (config.OTEL_SDK_DISABLED.toLowerCase() === 'true') return false;
  return Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}
