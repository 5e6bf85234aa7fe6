import { ago, duration } from '../format.js';
import type { PipeClient } from '../pipe-client.js';
import type { SourcesResult } from '../types.js';
import { useTool } from '../use-tool.js';

/** Every platform's freshness and lag, from the gateway's `sources` tool. */
export function Sources({ client }: { client: PipeClient }) {
  const result = useTool<SourcesResult>(client, 'sources', {}, 'sources');
  if (result.status === 'loading') return <p class="muted">Loading sources…</p>;
  if (result.status === 'error')
    return (
      <p class="error" role="alert">
        {result.message}
      </p>
    );
  const { sources, projectorBacklog } = result.data;
  return (
    <section aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      <p class="muted">
        Projector backlog: {projectorBacklog === null ? 'unknown' : `${projectorBacklog.toLocaleString()} events waiting`}
      </p>
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
    </section>
  );
}
