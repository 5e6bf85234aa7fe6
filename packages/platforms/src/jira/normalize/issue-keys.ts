/** A Jira issue's numeric id and its key, as a delivery names them together. */
export interface IssueKey {
  id: string;
  key: string;
}

/**
 * Every (issue id, key) pair a delivery body states: the issue itself and the issues its
 * `fields.issuelinks` name. These are what later `issuelink_*` deliveries are resolved with.
 */
export function issueKeysIn(payload: unknown): IssueKey[] {
  const issue = (payload as { issue?: unknown } | null)?.issue as
    | { id?: unknown; key?: unknown; fields?: { issuelinks?: unknown } }
    | undefined;
  if (!issue) return [];
  const pairs: IssueKey[] = [];
  const add = (candidate: { id?: unknown; key?: unknown } | undefined) => {
    if (candidate && typeof candidate.key === 'string' && (typeof candidate.id === 'string' || typeof candidate.id === 'number')) {
      pairs.push({ id: String(candidate.id), key: candidate.key });
    }
  };
  add(issue);
  const links = Array.isArray(issue.fields?.issuelinks) ? issue.fields.issuelinks : [];
  for (const link of links as { inwardIssue?: { id?: unknown; key?: unknown }; outwardIssue?: { id?: unknown; key?: unknown } }[]) {
    add(link.inwardIssue);
    add(link.outwardIssue);
  }
  return pairs;
}
