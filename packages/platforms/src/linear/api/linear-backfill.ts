import { LinearClient } from '@linear/sdk';
import {
  ApiCredentialError,
  type ApiCredential,
  type BackfillContext,
  type BackfillPage,
  type BackfillPlan,
  type SyncedRecord,
} from '../../kit/platform-api.js';
import { linearCommentId, linearIssueId } from '../ids.js';

const TEAM = /^[A-Z][A-Z0-9_]{0,9}$/;
const PAGE = 50;

/** Where a team's backfill stands: the GraphQL `endCursor` of the last issue page read. */
export interface LinearCursor {
  after: string | null;
}

const PERSON = 'id name email displayName';
/**
 * Issues of a team updated since the window's start, oldest change first, each with its comments.
 * Archived issues are still Linear's (closed ones archive themselves): they are read too. A trashed
 * one is how Linear deletes: it is left out, so a full pass removes it.
 */
const ISSUES = `query PipeBackfill($team: String!, $since: DateTimeOrDuration!, $after: String, $first: Int!) {
  issues(first: $first, after: $after, orderBy: updatedAt, includeArchived: true, filter: { team: { key: { eq: $team } }, updatedAt: { gte: $since } }) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id identifier title description url createdAt updatedAt archivedAt trashed
      state { name } team { key } creator { ${PERSON} }
      comments(first: 100) { nodes { id body url createdAt updatedAt user { ${PERSON} } } }
    }
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

/** A Linear GraphQL client for one key (`@linear/sdk`): personal keys as they are, OAuth tokens as Bearer. */
export function createLinearClient(credential: ApiCredential): LinearClient {
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
 * since the window's start with their comments. Scopes are team keys (`ENG`); without any, every
 * team the key can see.
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
      const response = await createLinearClient(credential).client.rawRequest<
        { teams: { nodes: { key: string }[] } },
        Record<string, never>
      >('{ teams(first: 250) { nodes { key } } }');
      return response.data?.teams.nodes.map((team) => team.key) ?? [];
    } catch (error) {
      throw linearError(error, 'teams');
    }
  },

  pages: (context) => teamPages(createLinearClient(context.credential), context),
};

async function* teamPages(client: LinearClient, context: BackfillContext): AsyncGenerator<BackfillPage> {
  let after = (context.cursor as LinearCursor | null)?.after ?? null;
  for (;;) {
    let page: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: IssueNode[] };
    try {
      const response = await client.client.rawRequest<{ issues: typeof page }, Record<string, unknown>>(ISSUES, {
        team: context.scope,
        since: context.since.toISOString(),
        after,
        first: PAGE,
      });
      if (!response.data) throw new Error('no data');
      page = response.data.issues;
    } catch (error) {
      throw linearError(error, `the issues of ${context.scope}`);
    }
    const records: SyncedRecord[] = [];
    for (const { comments, ...issue } of page.nodes) {
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
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    yield { records, cursor: after ? { after } : null };
    if (!after || context.signal.aborted) return;
  }
}
