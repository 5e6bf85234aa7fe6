export { notionPlatform, notionPlatformFor, NOTION_API_TOKEN, type NotionPlatformDeps, type NotionConfig } from './notion-platform.js';
export { verifyNotionSignature } from './verify-signature.js';
export { verificationHandshake, type VerificationTokenStore } from './verification-handshake.js';
export { createContentFetcher, type ContentFetcher, type ContentFetcherOptions, type PageFetchJob, type FetchOutcome } from './content-fetcher.js';
export { pageTitle, blocksText } from './page-content.js';
export { normalizeNotionDelivery, notionPageId, notionDatabaseId, notionCommentId, type NotionDelivery } from './normalize/index.js';
