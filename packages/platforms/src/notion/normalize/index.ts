export { normalizeNotionDelivery, FETCHES_PAGE } from './normalize-notion-delivery.js';
export type { NotionDelivery } from './notion-delivery.js';
export { NotionEvent } from './notion-schemas.js';
export { notionPageId, notionDatabaseId, notionCommentId, notionParentId } from '../ids.js';
