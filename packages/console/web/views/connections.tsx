import { ago, fromNow } from '../format.js';
import type { Connection, SyncJob } from '../types.js';

/** A message with `commands` in backticks, the commands set as code so they can be copied. */
function WithCommands({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, index) =>
        // Odd parts sat between backticks.
        index % 2 === 1 ? <code key={part}>{part}</code> : part,
      )}
    </>
  );
}

/** The platforms connected for backfill: whether the credential works (and the fix when not), last sync, next run, items. */
export function Connections({ connections }: { connections: Connection[] }) {
  return (
    <section aria-labelledby="connections-title">
      <h3 id="connections-title">Connections</h3>
      {connections.length === 0 ? (
        <p class="muted">
          No platform is connected for backfill. Connect one with <code>pipe connect &lt;team&gt; github --token …</code>, then{' '}
          <code>pipe sync</code>.
        </p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Account</th>
                <th scope="col">Status</th>
                <th scope="col">Items synced</th>
                <th scope="col">Last sync</th>
                <th scope="col">Next run</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.platform} class={`connection ${c.status}`}>
                  <th scope="row">{c.platform}</th>
                  <td>{c.account}</td>
                  <td class="status">
                    {c.status === 'active' ? (
                      <span class="badge live">active</span>
                    ) : (
                      <span class="badge closed">needs a new credential</span>
                    )}
                    {c.status !== 'active' && c.statusMessage && (
                      <p class="fix">
                        <WithCommands text={c.statusMessage} />
                      </p>
                    )}
                    {c.status === 'active' && c.lastError && (
                      <p class="error">
                        Last error: <WithCommands text={c.lastError} />
                      </p>
                    )}
                  </td>
                  <td>{c.itemsSynced.toLocaleString()}</td>
                  <td>{ago(c.lastSyncAt)}</td>
                  <td>{c.status === 'active' ? fromNow(c.nextSyncAt) : 'after a new credential'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** "3 of 8 pages, 240 items" (or "3 pages" while the platform has not said how many there are). */
function progressText(job: SyncJob): string {
  const pages = job.expectedPages ? `${job.pages} of ${Math.max(job.pages, job.expectedPages)} pages` : `${job.pages} pages`;
  return `${pages}, ${job.items.toLocaleString()} items`;
}

/** The sync jobs running, queued, paused or failed in the last day, with their progress as it grows. */
export function SyncJobs({ connections }: { connections: Connection[] }) {
  const jobs = connections.flatMap((c) => c.jobs.map((job) => ({ ...job, platform: c.platform })));
  return (
    <section aria-labelledby="jobs-title">
      <h3 id="jobs-title">Sync jobs</h3>
      {jobs.length === 0 ? (
        <p class="muted">
          None running, queued, paused or failed. Start one with <code>pipe sync &lt;team&gt;</code>.
        </p>
      ) : (
        <ul class="list jobs" aria-live="polite">
          {jobs.map((job) => (
            <li key={job.id} class={`job ${job.state}`} data-job={job.id}>
              <div class="job-head">
                <span class={`badge job-state ${job.state}`}>{job.state}</span>
                <span class={`platform ${job.platform}`}>{job.platform}</span>
                <strong>{job.scope}</strong>
                <span class="muted">{job.mode}</span>
              </div>
              {job.state === 'failed' ? null : (
                <progress
                  max={job.expectedPages ? Math.max(job.pages, job.expectedPages) : undefined}
                  value={job.expectedPages ? job.pages : undefined}
                  aria-label={`${job.scope}: ${progressText(job)}`}
                />
              )}
              <p class="meta job-progress">
                {progressText(job)}
                {job.startedAt ? ` · started ${ago(job.startedAt)}` : ' · not started yet'}
                {job.state === 'paused' && job.resumeAt ? ` · resumes ${fromNow(job.resumeAt)}` : ''}
                {` · job ${job.id}`}
              </p>
              {job.error && (
                <p class={job.state === 'failed' ? 'error' : 'muted'}>
                  <WithCommands text={job.error} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
