import { itemId } from '@pipe/events';

/** `assistant:session:<session_id>` */
export const sessionItemId = (sessionId: string): string => itemId('assistant', 'session', sessionId);

/** `assistant:project:<project>`: the project a session ran in, when its git remote is not on GitHub. */
export const assistantProjectId = (project: string): string => itemId('assistant', 'project', project);

/** `assistant:file:<project>/<path relative to the project>` (an absolute path when outside it). */
export const fileItemId = (project: string, path: string): string =>
  itemId('assistant', 'file', path.startsWith('/') ? path : `${project}/${path}`);

/** `assistant:prompt:<session_id>/<prompt key>` */
export const promptItemId = (sessionId: string, key: string): string => itemId('assistant', 'prompt', `${sessionId}/${key}`);
