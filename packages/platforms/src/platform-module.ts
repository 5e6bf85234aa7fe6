import type { Platform } from '@pipe/events';
import type { PlatformLinks } from './item-links.js';
import type { MentionRule, OwnReferencesRule, TextKeysRule } from './text-edges.js';
import type { IngestPlatform } from './kit/ingest-platform.js';
import type { PlatformApi } from './kit/platform-api.js';

/** The platforms that have a module: every {@link Platform} but `pipe` (Pipe's own events). */
export type ModulePlatform = Exclude<Platform, 'pipe'>;

/**
 * How a team's webhook credential comes to exist:
 * - `generated`: Pipe generates a shared secret at `pipe team create`; the user pastes it into the platform;
 * - `platform-issued`: the platform issues it and the user stores it with `pipe team set-secret`
 *   (`hint` says where to find it);
 * - `api-key`: no webhook secret; requests carry one of the team's Pipe API keys.
 */
export type WebhookCredential =
  | { kind: 'generated' }
  | {
      kind: 'platform-issued';
      hint: string;
      /** What every value the platform issues looks like, and what to say of one that does not (a pasted wrong value fails at `set-secret`, not at the first webhook). */
      format?: { test: RegExp; says: string };
    }
  | { kind: 'api-key' };

/**
 * Everything Pipe knows of one platform. A platform's folder (`src/<platform>/`) exports one of
 * these; the registry (`registry.ts`) lists them, and every other part of Pipe reads platform
 * facts from there instead of naming the platform itself.
 */
export interface PlatformModule {
  /** The platform; also its webhook URL segment (`/webhooks/<name>/:team`) and its secret's key. */
  name: ModulePlatform;
  /** How people write its name (`GitHub`): in messages, banners and help. */
  title: string;
  /** Other words people name it by in a question (`gh`), besides its name. */
  askedAs?: readonly string[];
  /** The ingest service that receives its webhooks, and that service's default port. */
  service: { name: `ingest-${ModulePlatform}`; defaultPort: number };
  /** How the team's webhook credential is issued. */
  webhookCredential: WebhookCredential;
  /** Request headers carrying signatures or credentials: logs never show their values (lowercase names). */
  redactHeaders: readonly string[];
  /**
   * How other items refer to one of this platform's items, when not by its id (GitHub issues and
   * pull requests by number, Jira and Linear issues by key, Slack messages as their permalinks name
   * them); null for an id referred to as itself. Containers are referred to the same way on every
   * platform (`container:<platform>:<key>`), so this never sees them.
   */
  itemRef?(id: string): string | null;
  /**
   * How edges name a person of this platform (`identity:<platform>:<key>`): by `login`
   * (the handle, case-insensitively: what GitHub's `@mentions` use) or by the platform's `user-id`
   * (what Slack's `<@U123>` and the trackers' mention markup use).
   */
  identityKey: 'login' | 'user-id';
  /** The platform's links: which URLs are its own, what they name, how text contains them. */
  links?: PlatformLinks;
  /** How the platform's own items write references in their markup (GitHub's `fixes #7`). */
  references?: OwnReferencesRule;
  /** Names of the platform's items any text may contain (`ACME-12`); platforms sharing a form share the rule. */
  textKeys?: TextKeysRule;
  /** How the platform's own items mention people (`@octocat`, `<@U024BE7LH>`). */
  mentions?: readonly MentionRule[];
  /**
   * Its webhooks: verification, handshake, delivery id, the pure normaliser and the I/O steps
   * around it. `services/ingest-<name>` hands it to the ingest runtime; replay re-runs its
   * normaliser over `PIPE_RAW`.
   */
  ingest: IngestPlatform<unknown>;
  /** Its API: the credential `pipe connect` checks and what `services/sync` backfills (absent for the assistant). */
  api?: PlatformApi;
}
