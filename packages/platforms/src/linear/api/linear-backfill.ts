import type { BackfillContext, BackfillPage, BackfillPlan, SyncedRecord } from '../../kit/platform-api.js';
import { linearCommentId, linearIssueId, linearProjectId } from '../ids.js';
import { createLinearClient, linearRequest } from './linear-request.js';

const TEAM = /^[A-Z][A-Z0-9_]{0,9}$/;
/**
 * Issues a page. Linear prices a query before running it — every field, times the page size of
 * each connection around it — and refuses one above 10,000 points: 20 issues with 50 comments and
 * 25 relations each way cost about 6,900 (the stand-in API prices each query the same way).
 */
const PAGE = 20;
const COMMENTS_PER_ISSUE = 50;

/** The phases of a team's backfill, in order: its issues, then its projects. */
type Phase = 'issues' | 'projects';

/** Where a team's backfill stands: the phase (issues when absent) and the `endCursor` of its last page read. */
export interface LinearCursor {
  phase?: Phase;
  after: string | null;
}

const PERSON = 'id name email displayName';
/** A relation as the `IssueRelation` entity names it: `issue` <type> `relatedIssue`, both by identifier. */
const RELATION = 'id type createdAt updatedAt issue { id identifier } relatedIssue { id identifier }';
/**
 * Issues of a team updated since the window's start, oldest change first, each with its comments
 * and its relations both ways (an issue of another team may block it). Archived issues are still
 * Linear's (closed ones archive themselves): they are read too. A trashed one is how Linear
 * deletes: it is left out, so a full pass removes it.
 */
const ISSUES = `query PipeBackfill($team: String!, $since: DateTimeOrDuration!, $after: String, $first: Int!) {
  issues(first: $first, after: $after, orderBy: updatedAt, includeArchived: true, filter: { team: { key: { eq: $team } }, updatedAt: { gte: $since } }) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id identifier title description url createdAt updatedAt archivedAt trashed
      state { name } team { key } creator { ${PERSON} }
      comments(first: ${COMMENTS_PER_ISSUE}) { nodes { id body url createdAt updatedAt user { ${PERSON} } } }
      relations(first: 25) { nodes { ${RELATION} } }
      inverseRelations(first: 25) { nodes { ${RELATION} } }
    }
  }
}`;
/** The projects the team takes part in, changed since the window's start, oldest change first. */
const PROJECTS = `query PipeBackfillProjects($team: String!, $since: DateTimeOrDuration!, $after: String, $first: Int!) {
  projects(first: $first, after: $after, orderBy: updatedAt, filter: { accessibleTeams: { some: { key: { eq: $team } } }, updatedAt: { gte: $since } }) {
    pageInfo { hasNextPage endCursor }
    nodes { id name description content url createdAt updatedAt status { name } lead { ${PERSON} } }
  }
}`;

interface IssueNode {
  id: string;
  identifier: string;
  title: string;
  updatedAt: string;
  trashed?: boolean | null;
  comments?: { nodes: { id: string; updatedAt: string }[] };
}
interface ProjectNode {
  id: string;
  updatedAt: string;
}
interface Connection<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

/**
 * A Linear team's backfill (GraphQL through `@linear/sdk`, `pageInfo` cursors): its issues updated
 * since the window's start with their comments and relations, then the projects it takes part in.
 * Scopes are team keys (`ENG`); without any, every team the key can see.
 */
export const linearBackfill: BackfillPlan = {
  // The team's issues changed since the window's start, archived ones included, trashed ones left out
  // (Linear's deletion): an issue not listed was deleted. Comments come capped per issue: not in full.
  listing: { kinds: ['issue'], containers: (team) => ({ is: team }), window: 'updated' },
  scopeHint: 'team keys, such as ENG',
  scopeProblem: (scope) =>
    TEAM.test(scope) ? null : `'${scope}' is not a Linear team key (ENG): it prefixes the team's issue identifiers`,

  async scopes(credential, signal) {
    const client = await createLinearClient(credential);
    const data = await linearRequest<{ teams: { nodes: { key: string }[] } }>(
      client,
      '{ teams(first: 250) { nodes { key } } }',
      {},
      'teams',
      {
        signal,
      },
    );
    return data.teams.nodes.map((team) => team.key);
  },

  pages: (context) => teamPages(context),
};

async function* teamPages(context: BackfillContext): AsyncGenerator<BackfillPage> {
  const client = await createLinearClient(context.credential);
  const saved = context.cursor as LinearCursor | null;
  let phase: Phase = saved?.phase ?? 'issues';
  let after = saved?.after ?? null;
  for (;;) {
    const variables = { team: context.scope, since: context.since.toISOString(), after, first: PAGE };
    const options = { signal: context.signal, ...(context.retryBaseMs !== undefined ? { retryBaseMs: context.retryBaseMs } : {}) };
    const what = `the ${phase} of ${context.scope}`;
    const page: Connection<IssueNode | ProjectNode> =
      phase === 'issues'
        ? (await linearRequest<{ issues: Connection<IssueNode> }>(client, ISSUES, variables, what, options)).issues
        : (await linearRequest<{ projects: Connection<ProjectNode> }>(client, PROJECTS, variables, what, options)).projects;
    const records = phase === 'issues' ? issueRecords(page.nodes as IssueNode[]) : projectRecords(page.nodes as ProjectNode[]);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    if (!after && phase === 'issues') {
      phase = 'projects';
      yield { records, cursor: { phase, after: null } };
    } else {
      yield { records, cursor: after ? { phase, after } : null };
      if (!after) return;
    }
    if (context.signal.aborted) return;
  }
}

/** An issue page's records: each issue (its relations ride with it, as links) and its comments. */
function issueRecords(nodes: IssueNode[]): SyncedRecord[] {
  const records: SyncedRecord[] = [];
  for (const { comments, ...issue } of nodes) {
    if (issue.trashed) continue;
    records.push({
      resource: 'issue',
      body: { record: issue },
      itemId: linearIssueId(issue.identifier),
      version: Date.parse(issue.updatedAt),
    });
    for (const comment of comments?.nodes ?? [])
      records.push({
        resource: 'comment',
        body: { record: comment, context: { issue: { identifier: issue.identifier, title: issue.title } } },
        itemId: linearCommentId(comment.id),
        version: Date.parse(comment.updatedAt),
      });
  }
  return records;
}

/** A project page's records: each project, the snapshot its `Project` webhook gives. */
const projectRecords = (nodes: ProjectNode[]): SyncedRecord[] =>
  nodes.map((project) => ({
    resource: 'project',
    body: { record: project },
    itemId: linearProjectId(project.id),
    version: Date.parse(project.updatedAt),
  }));
