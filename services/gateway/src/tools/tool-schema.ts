import { z } from 'zod';

/** The edit distance of two short words (argument names), for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** What to say about arguments a tool does not take: each one named, with the likely intended one. */
function unknownArgumentsMessage(unknown: readonly PropertyKey[], known: readonly string[]): string {
  const named = unknown.map((key) => {
    const text = String(key);
    const close = known.filter((name) => editDistance(text.toLowerCase(), name.toLowerCase()) <= 2);
    return close.length > 0 ? `'${text}' (did you mean ${close.map((name) => `'${name}'`).join(' or ')}?)` : `'${text}'`;
  });
  const takes = known.length === 0 ? 'this tool takes no arguments' : `the arguments are ${known.join(', ')}`;
  return `unknown argument${unknown.length === 1 ? '' : 's'} ${named.join(', ')}; ${takes}`;
}

/**
 * A tool's arguments: a strict object, so a misspelt argument (`platfrom`) is rejected naming it
 * instead of being silently ignored — a model corrects itself from the error, but cannot notice
 * a filter that never applied. Its JSON schema says `additionalProperties: false` to clients.
 */
export function toolInput<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownArgumentsMessage(issue.keys, known) : undefined),
  });
}

/**
 * A value or null, spelled in JSON Schema as `anyOf: [<schema>, {type: "null", const: null}]`.
 * zod's `.nullable()` of a plain type compacts to `type: ["string", "null"]`, which the MCP
 * Inspector flags (some clients read `type` as one string and reject the tool or drop the
 * constraint); the `const` keeps the null branch from being compacted. Null stays null on the wire:
 * making these fields optional would be another contract (absent is not null).
 */
export function nullable<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.literal(null)]);
}
