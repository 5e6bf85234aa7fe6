import type { BackfillContext, BackfillPage, BackfillPlan, SyncedRecord } from '../../kit/platform-api.js';
import { jiraCommentId, jiraIssueId } from '../ids.js';
import { epochMs } from '../normalize/jira-time.js';
import { jiraGet } from './jira-request.js';

const PROJECT = /^[A-Z][A-Z0-9_]{0,49}$/;
/** What an issue's snapshot, its comments and its links (`issuelinks`, in the webhook's shape) are read from. */
const FIELDS = 'summary,description,status,creator,reporter,created,updated,project,comment,issuelinks';

/** Where a project's backfill stands: the `nextPageToken` of the next search page (null: the first). */
export interface JiraCursor {
  next: string | null;
}

interface JiraSearchPage {
  issues: {
    id: string;
    key: string;
    self?: string;
    fields: { summary?: string; updated?: string; project?: unknown; comment?: { comments?: JiraCommentRecord[] } };
  }[];
  nextPageToken?: string | null;
  isLast?: boolean;
}
interface JiraCommentRecord {
  id: string;
  updated?: string;
  created?: string;
}

/** JQL's date-time: `yyyy/MM/dd HH:mm` (minutes; the window's start rounded down). */
function jqlTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/**
 * A Jira project's backfill through the REST API directly (`/rest/api/3/search/jql` with
 * `nextPageToken`; jira.js's current line needs Node 22): issues updated since the window's start
 * (`updated >=` in JQL, oldest change first), each with its comments and its issue links
 * (`fields.issuelinks`, which become BLOCKS / DUPLICATES / RELATES_TO edges as the webhook's do;
 * remote links would cost a request per issue and are left to the webhooks). Scopes are project keys; without
 * any, every project the credential can browse.
 */
export const jiraBackfill: BackfillPlan = {
  // JQL lists every issue of the project changed since the window's start; an issue's comments come
  // capped with it (search returns the latest), so only issues are listed in full.
  listing: { kinds: ['issue'], containers: (project) => ({ is: project }), window: 'updated' },
  scopeHint: 'project keys, such as ACME',
  scopeProblem: (scope) =>
    PROJECT.test(scope) ? null : `'${scope}' is not a Jira project key (ACME): it prefixes the project's issue keys`,

  async scopes(credential, signal) {
    const keys: string[] = [];
    for (let startAt = 0; ; startAt += 50) {
      const page = await jiraGet<{ values: { key: string }[]; isLast?: boolean }>(
        credential,
        `/rest/api/3/project/search?startAt=${startAt}&maxResults=50`,
        signal,
      );
      keys.push(...page.values.map((project) => project.key));
      if (page.isLast !== false || page.values.length === 0) return keys;
    }
  },

  pages: (context) => projectPages(context),
};

async function* projectPages(context: BackfillContext): AsyncGenerator<BackfillPage> {
  // Jira's JQL compares in the user's time zone; a day earlier covers any zone, and versions drop what is old.
  const jql = `project = "${context.scope}" AND updated >= "${jqlTime(new Date(context.since.getTime() - 86_400_000))}" ORDER BY updated ASC`;
  let next = (context.cursor as JiraCursor | null)?.next ?? null;
  for (;;) {
    const query = new URLSearchParams({ jql, fields: FIELDS, maxResults: '100', ...(next ? { nextPageToken: next } : {}) });
    const page = await jiraGet<JiraSearchPage>(context.credential, `/rest/api/3/search/jql?${query}`, context.signal, context.retryBaseMs);
    const records: SyncedRecord[] = [];
    for (const issue of page.issues) {
      const { comment, ...fields } = issue.fields;
      records.push({
        resource: 'issue',
        body: { record: { ...issue, fields } },
        itemId: jiraIssueId(issue.key),
        version: fields.updated ? epochMs(fields.updated) : 0,
      });
      for (const entry of comment?.comments ?? []) {
        const updated = entry.updated ?? entry.created;
        records.push({
          resource: 'comment',
          body: {
            record: entry,
            context: {
              issue: { id: issue.id, key: issue.key, self: issue.self, fields: { summary: fields.summary, project: fields.project } },
            },
          },
          itemId: jiraCommentId(issue.key, entry.id),
          version: updated ? epochMs(updated) : 0,
        });
      }
    }
    next = page.isLast === false || page.nextPageToken ? (page.nextPageToken ?? null) : null;
    yield { records, cursor: next ? { next } : null };
    if (!next || context.signal.aborted) return;
  }
}
