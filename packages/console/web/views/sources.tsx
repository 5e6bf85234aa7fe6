import { ago, duration } from '../format.js';
import type { PipeClient } from '../pipe-client.js';
import type { SourcesResult } from '../types.js';
import { usePolledTool } from '../use-tool.js';
import { Connections, SyncJobs } from './connections.js';

/** How often the page asks again: often while a sync job runs (its progress moves), seldom otherwise. */
const everyWhileSyncing = 1500;
const everyOtherwise = 5000;

/**
 * Every platform's freshness and lag, the connections for backfill and their sync jobs, from the
 * gateway's `sources` tool, asked again while the page is open so progress and lag stay current.
 */
export function Sources({ client }: { client: PipeClient }) {
  const result = usePolledTool<SourcesResult>(client, 'sources', (data) =>
    data?.connections.some((c) => c.jobs.some((job) => job.state !== 'failed')) ? everyWhileSyncing : everyOtherwise,
  );
  if (result.status === 'loading') return <p class="muted">Loading sources…</p>;
  if (result.status === 'error')
    return (
      <p class="error" role="alert">
        {result.message}
      </p>
    );
  const { sources, connections, projectorBacklog } = result.data;
  return (
    <section aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      {result.error && (
        <p class="error" role="alert">
          Could not refresh: {result.error}
        </p>
      )}
      <p class="muted">
        Projector backlog: {projectorBacklog === null ? 'unknown' : `${projectorBacklog.toLocaleString()} events waiting`}
      </p>
      <h3>Webhooks and events</h3>
      {sources.length === 0 ? (
        <p class="muted">No platform has sent anything yet.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Events</th>
                <th scope="col">Last received</th>
                <th scope="col">Ingest lag</th>
                <th scope="col">Silent for</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.platform}>
                  <th scope="row">{s.platform}</th>
                  <td>{s.events.toLocaleString()}</td>
                  <td>{ago(s.lastReceivedAt)}</td>
                  <td>{duration(s.ingestLagMs)}</td>
                  <td>{duration(s.silentForMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Connections connections={connections} />
      <SyncJobs connections={connections} />
    </section>
  );
}
