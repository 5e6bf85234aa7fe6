import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

/** A GitHub webhook event name that has example payloads (`issues`, `push`, …). */
export type GithubExampleEvent = WebhookDefinition['name'];

/** The payload type of a GitHub webhook event, as `@octokit/webhooks-types` describes it. */
export type GithubExamplePayload<Event extends GithubExampleEvent> = WebhookDefinition<Event>['examples'][number];

let definitions: readonly WebhookDefinition[] | undefined;

// The package's entry point is a 4 MB JSON file: read it once, and only when a test asks.
function loadDefinitions(): readonly WebhookDefinition[] {
  definitions ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
  return definitions;
}

/**
 * Every real example payload GitHub documents for an event (optionally only those of one
 * action), as fresh copies a test may modify.
 */
export function githubExamples<Event extends GithubExampleEvent>(event: Event, action?: string): GithubExamplePayload<Event>[] {
  const definition = loadDefinitions().find((candidate) => candidate.name === event);
  if (!definition) throw new Error(`@octokit/webhooks-examples has no '${event}' event`);
  const examples = (definition.examples as GithubExamplePayload<Event>[]).filter(
    (example) => action === undefined || (example as { action?: unknown }).action === action,
  );
  return examples.map((example) => structuredClone(example));
}

/**
 * The first real example payload of an event (and action), as a fresh copy a test may modify.
 * Fails loudly, naming the actions that do have examples, when there is none.
 */
export function githubExample<Event extends GithubExampleEvent>(event: Event, action?: string): GithubExamplePayload<Event> {
  const [example] = githubExamples(event, action);
  if (example) return example;
  const actions = new Set(githubExamples(event).map((candidate) => String((candidate as { action?: unknown }).action)));
  throw new Error(`@octokit/webhooks-examples has no '${event}' example with action '${action}'; it has: ${[...actions].join(', ')}`);
}
