import { z } from 'zod';
import type { ContainerSighting } from '../../kit/container.js';
import { jiraProjectId } from '../ids.js';
import { jiraProjectUrl } from '../links.js';
import { JiraIssue } from './jira-schemas.js';
import { projectKey } from './issue.js';

const CarriesIssue = z.looseObject({ issue: JiraIssue });

/**
 * The project of the issue a delivery carries (an issue's or a comment's), as a container
 * sighting: `fields.project` (key and name) when Jira sends it, else the key the issue's own key
 * starts with; its page is `<site>/browse/<KEY>`, on the site of the issue's REST `self`. Null
 * for deliveries that carry no issue (issue links).
 */
export function jiraContainer(payload: unknown): ContainerSighting | null {
  const parsed = CarriesIssue.safeParse(payload);
  if (!parsed.success) return null;
  const { issue } = parsed.data;
  const key = projectKey(issue);
  const name = issue.fields.project?.name;
  const origin = siteOrigin(issue.self);
  return {
    id: jiraProjectId(key),
    platform: 'jira',
    kind: 'project',
    title: name ? name : `Jira project ${key}`,
    url: origin ? jiraProjectUrl(origin, key) : null,
    keyOnly: !name,
  };
}

function siteOrigin(self: string | null | undefined): string | null {
  if (!self) return null;
  try {
    return new URL(self).origin;
  } catch {
    return null;
  }
}
