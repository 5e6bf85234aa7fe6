import { z } from 'zod';
import type { ContainerSighting } from '../../kit/container.js';
import { linearProjectId, linearTeamId } from '../ids.js';
import { linearTeamUrl, linearWorkspaceOf } from '../links.js';
import { commentIssueIdentifier } from './comment.js';
import type { LinearEvent } from './linear-delivery.js';
import { LinearComment, LinearIssue } from './linear-schemas.js';

const IssueBody = z.looseObject({ data: LinearIssue });
const CommentBody = z.looseObject({ data: LinearComment });

/**
 * The containers a delivery names: the team of the issue it carries (an issue's `team`, or the
 * key its identifier starts with — all a comment says) and, for an issue in a project, that
 * project. The team's page is `linear.app/<workspace>/team/<KEY>`, on the workspace the issue's or
 * comment's URL names. Other entities (projects, relations) name no container of their own.
 */
export function linearContainers(event: LinearEvent, payload: unknown): ContainerSighting[] {
  if (event.type === 'Issue') {
    const parsed = IssueBody.safeParse(payload);
    if (!parsed.success) return [];
    const issue = parsed.data.data;
    const key = issue.team?.key ?? issue.identifier.slice(0, issue.identifier.lastIndexOf('-'));
    const sightings = [teamSighting(key, issue.team?.name ?? null, linearWorkspaceOf(issue.url ?? event.url))];
    if (issue.project) {
      sightings.push({
        id: linearProjectId(issue.project.id),
        platform: 'linear',
        kind: 'project',
        title: issue.project.name,
        url: issue.project.url ?? null,
      });
    }
    return sightings;
  }
  if (event.type === 'Comment') {
    const parsed = CommentBody.safeParse(payload);
    const identifier = parsed.success ? commentIssueIdentifier(parsed.data.data, event.url) : null;
    if (!identifier) return [];
    return [teamSighting(identifier.slice(0, identifier.lastIndexOf('-')), null, linearWorkspaceOf(event.url))];
  }
  return [];
}

function teamSighting(key: string, name: string | null, workspace: string | null): ContainerSighting {
  return {
    id: linearTeamId(key),
    platform: 'linear',
    kind: 'team',
    title: name ?? `Linear team ${key}`,
    url: workspace ? linearTeamUrl(workspace, key) : null,
    keyOnly: !name,
  };
}
