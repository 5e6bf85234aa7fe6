// The shapes of the gateway tools' structured results the console reads (the gateway's output
// schemas are the source of truth: services/gateway/src/tools/*).

export interface ItemSummary {
  id: string;
  uri: string;
  url: string | null;
  title: string;
  platform: string;
  kind: string;
  state: string | null;
  container: string | null;
  updatedAt: string | null;
  snippet?: string;
}

export interface SearchResult {
  items: (ItemSummary & { score: number } & Record<string, unknown>)[];
  nextCursor: string | null;
  candidatesCapped: boolean;
}

export interface Edge {
  type: string;
  rule: string;
  origin: string;
  snippet: string | null;
  ref: string;
  item: ItemSummary | null;
  person?: { id: string; platform: string; handle: string | null; name: string | null };
}

export interface Activity {
  id: string;
  itemId: string;
  verb: string;
  actor: string | null;
  actorPlatform: string | null;
  summary: string;
  occurredAt: string;
}

export interface ItemResult {
  item: ItemSummary & { body: string; author: string | null; createdAt: string | null; removed: boolean };
  edges: { outgoing: Edge[]; incoming: Edge[]; totals: { outgoing: number; incoming: number } };
  activity: Activity[];
}

export interface RelatedResult {
  start: string;
  results: {
    id: string;
    item: ItemSummary | null;
    person: { id: string; handle: string | null; name: string | null } | null;
    depth: number;
    path: { from: string; type: string; direction: 'outgoing' | 'incoming'; to: string }[];
  }[];
}

export interface TimelineResult {
  entries: (Activity & { item: ItemSummary | null })[];
  nextCursor: string | null;
}

export interface SourcesResult {
  sources: {
    platform: string;
    events: number;
    lastReceivedAt: string;
    lastOccurredAt: string;
    lastAppliedAt: string;
    ingestLagMs: number;
    silentForMs: number;
  }[];
  connections: Connection[];
  projectorBacklog: number | null;
}

/** A platform connected for backfill (`pipe connect`) and its sync jobs, as `sources` gives them. */
export interface Connection {
  platform: string;
  account: string;
  /** `active`, or `needs_credential` (statusMessage says the command that fixes it). */
  status: string;
  statusMessage: string | null;
  itemsSynced: number;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  lastError: string | null;
  jobs: SyncJob[];
}

/** A sync job queued, running, paused (until resumeAt) or failed in the last day. */
export interface SyncJob {
  id: string;
  scope: string;
  mode: 'incremental' | 'full';
  state: 'queued' | 'running' | 'paused' | 'failed';
  pages: number;
  expectedPages: number | null;
  items: number;
  error: string | null;
  startedAt: string | null;
  updatedAt: string;
  resumeAt: string | null;
}

/** One message of the gateway's WebSocket feed (`GET /feed`). */
export type FeedMessage =
  | { type: 'ready'; cursor: number }
  | {
      type: 'change';
      seq: number;
      committedAt: string;
      changes: { itemId: string; platform: string; kind: string; container: string | null; change: 'upserted' | 'removed' }[];
    }
  | { type: 'error'; message: string };
