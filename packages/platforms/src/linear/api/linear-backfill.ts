import type { LinearClient } from '@linear/sdk';
import { loadOnFirstUse } from '../../kit/load-on-first-use.js';
import {
  ApiCredentialError,
  type ApiCredential,
  type BackfillContext,
  type BackfillPage,
  type BackfillPlan,
  type SyncedRecord,
} from '../../kit/platform-api.js';
import { linearCommentId, linearIssueId, linearProjectId } from '../ids.js';

const TEAM = /^[A-Z][A-Z0-9_]{0,9}$/;
const PAGE = 50;

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
      comments(first: 100) { nodes { id body url createdAt updatedAt user { ${PERSON} } } }
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

const linearSdk = loadOnFirstUse(() => import('@linear/sdk'));

/** A Linear GraphQL client for one key (`@linear/sdk`): personal keys as they are, OAuth tokens as Bearer. */
export async function createLinearClient(credential: ApiCredential): Promise<LinearClient> {
  const { LinearClient } = await linearSdk();
  const apiUrl = `${(credential.apiUrl ?? 'https://api.linear.app').replace(/\/+$/, '')}/graphql`;
  return credential.token.startsWith('lin_api_')
    ? new LinearClient({ apiKey: credential.token, apiUrl })
    : new LinearClient({ accessToken: credential.token, apiUrl });
}

function linearError(error: unknown, what: string): ApiCredentialError {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: number }).status;
  const type = (error as { type?: string }).type;
  if (status === 401 || status === 403 || type === 'AuthenticationError' || /authenticat/i.test(message))
    return new ApiCredentialError('CREDENTIAL_REJECTED', `Linear refused the key on ${what} (${message})`, { cause: error });
  return new ApiCredentialError('API_UNREACHABLE', `Linear did not answer ${what}: ${message}`, { cause: error });
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

  async scopes(credential) {
    try {
      const response = await (await createLinearClient(credential)).client.rawRequest<
        { teams: { nodes: { key: string }[] } },
        Record<string, never>
      >('{ teams(first: 250) { nodes { key } } }');
      return response.data?.teams.nodes.map((team) => team.key) ?? [];
    } catch (error) {
      throw linearError(error, 'teams');
    }
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
    let page: Connection<IssueNode | ProjectNode>;
    try {
      const response =
        phase === 'issues'
          ? await client.client.rawRequest<{ issues: Connection<IssueNode> }, Record<string, unknown>>(ISSUES, variables)
          : await client.client.rawRequest<{ projects: Connection<ProjectNode> }, Record<string, unknown>>(PROJECTS, variables);
      const data = response.data as { issues?: Connection<IssueNode>; projects?: Connection<ProjectNode> } | undefined;
      const connection = phase === 'issues' ? data?.issues : data?.projects;
      if (!connection) throw new Error('no data');
      page = connection;
    } catch (error) {
      throw linearError(error, `the ${phase} of ${context.scope}`);
    }
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
