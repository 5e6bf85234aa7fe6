import { itemId } from '@pipe/events';
import { likeEscape } from '../item-links.js';

/** `linear:issue:ENG-42`: a Linear issue by its identifier. */
export const linearIssueId = (identifier: string): string => itemId('linear', 'issue', identifier);

/** `linear:team:ENG`: a Linear team by its key, the container of its issues and their comments. */
export const linearTeamId = (key: string): string => itemId('linear', 'team', key);

/** `linear:comment:<comment id>` */
export const linearCommentId = (id: string): string => itemId('linear', 'comment', id);

/** `linear:project:<project id>` */
export const linearProjectId = (id: string): string => itemId('linear', 'project', id);

/** A LIKE pattern over the comments whose id starts with `prefix` (Linear's `#comment-7ea08b2c` links). */
export const linearCommentIdPattern = (prefix: string): string => `${likeEscape(linearCommentId(prefix))}%`;
