export { assistantPlatform, ASSISTANT_CONTEXT_HEADERS, type AssistantPlatformDeps } from './assistant-platform.js';
export { minimizingPublisher } from './minimizing-publisher.js';
export { IngestAssistantConfig } from './config.js';
export { bearerKey } from './bearer-key.js';
export {
  normalizeAssistantDelivery,
  assistantDeliveryId,
  minimizeHookInput,
  AssistantPayloadError,
  type AssistantDelivery,
  type AssistantNormalizeResult,
} from './normalize/index.js';
