import type { EdgeType } from '@pipe/events';

/**
 * The edge a Jira link type states, read from the outward side (`ACME-1 blocks ACME-2` is
 * `ACME-1 —BLOCKS→ ACME-2`). Jira's built-in types are Blocks, Duplicate, Relates and Cloners;
 * a clone is recorded as RELATES_TO (the graph has no CLONES edge: a clone starts as a copy and
 * then lives its own life, which is what "related" says). Custom link types are RELATES_TO too.
 */
export function jiraLinkEdge(linkTypeName: string): EdgeType {
  const name = linkTypeName.toLowerCase();
  if (name === 'blocks' || name === 'blocker') return 'BLOCKS';
  if (name === 'duplicate' || name === 'duplicates') return 'DUPLICATES';
  return 'RELATES_TO';
}
