import { itemId } from '@pipe/events';

/** `linear:issue:ENG-42`: a Linear issue by its identifier. */
export const linearIssueId = (identifier: string): string => itemId('linear', 'issue', identifier);
