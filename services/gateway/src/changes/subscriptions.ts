import type { ChangeNotice, ItemChange } from '@pipe/events';

/** The resource URI schemes a session can subscribe to. */
export type Subscription =
  | { kind: 'item'; uri: string; itemId: string }
  | { kind: 'container'; uri: string; container: string }
  | { kind: 'person'; uri: string; personId: string };

const PREFIXES = [
  ['pipe://items/', 'item'],
  ['pipe://containers/', 'container'],
  ['pipe://people/', 'person'],
] as const;

/** The subscription a resource URI stands for, or null when it is not a Pipe resource URI. */
export function parseSubscription(uri: string): Subscription | null {
  for (const [prefix, kind] of PREFIXES) {
    if (!uri.startsWith(prefix)) continue;
    let value: string;
    try {
      value = decodeURIComponent(uri.slice(prefix.length));
    } catch {
      return null;
    }
    if (value === '') return null;
    if (kind === 'item') return { kind, uri, itemId: value };
    if (kind === 'container') return { kind, uri, container: value };
    return { kind, uri, personId: value };
  }
  return null;
}

/** One `notifications/resources/updated` a change produces for a session. */
export interface UpdateNotification {
  /** The changed item's URI (a sub-resource of a container or person subscription). */
  uri: string;
  seq: number;
  index: number;
  change: ItemChange['change'];
  /** The subscription that matched. */
  subscription: string;
}

/** The subscriptions of one session, indexed for matching a notice quickly. */
export class SubscriptionSet {
  readonly #byUri = new Map<string, Subscription>();
  readonly #items = new Set<string>();
  readonly #containers = new Set<string>();
  readonly #people = new Set<string>();

  constructor(uris: Iterable<string> = []) {
    for (const uri of uris) this.add(uri);
  }

  /** Adds a subscription; false when the URI is not one. */
  add(uri: string): boolean {
    const sub = parseSubscription(uri);
    if (sub === null) return false;
    this.#byUri.set(uri, sub);
    if (sub.kind === 'item') this.#items.add(sub.itemId);
    if (sub.kind === 'container') this.#containers.add(sub.container);
    if (sub.kind === 'person') this.#people.add(sub.personId);
    return true;
  }

  /** Removes a subscription. */
  delete(uri: string): void {
    const sub = this.#byUri.get(uri);
    if (!sub) return;
    this.#byUri.delete(uri);
    if (sub.kind === 'item') this.#items.delete(sub.itemId);
    if (sub.kind === 'container') this.#containers.delete(sub.container);
    if (sub.kind === 'person') this.#people.delete(sub.personId);
  }

  /** Every subscribed URI. */
  uris(): string[] {
    return [...this.#byUri.keys()];
  }

  /** True when a person subscription needs the changed items' authors. */
  get wantsAuthors(): boolean {
    return this.#people.size > 0;
  }

  get size(): number {
    return this.#byUri.size;
  }

  /**
   * The notifications a notice produces for these subscriptions: at most one per changed item,
   * in the notice's order, each numbered by its index in the notice so that the event id
   * (`<seq>.<index>`) is the same on every process that computes it.
   */
  match(seq: number, notice: ChangeNotice, authorOf: (itemId: string) => string | undefined): UpdateNotification[] {
    const out: UpdateNotification[] = [];
    notice.changes.forEach((change, index) => {
      let subscription: string | undefined;
      if (this.#items.has(change.itemId)) subscription = `pipe://items/${encodeURIComponent(change.itemId)}`;
      else if (change.container !== null && this.#containers.has(change.container)) {
        subscription = `pipe://containers/${encodeURIComponent(change.container)}`;
      } else {
        const author = this.#people.size > 0 ? authorOf(change.itemId) : undefined;
        if (author !== undefined && this.#people.has(author)) subscription = `pipe://people/${encodeURIComponent(author)}`;
      }
      if (subscription === undefined) return;
      out.push({ uri: `pipe://items/${encodeURIComponent(change.itemId)}`, seq, index, change: change.change, subscription });
    });
    return out;
  }
}
