export { normalizeAssistantDelivery } from './normalize-assistant-delivery.js';
export { assistantDeliveryId } from './delivery-id.js';
export { AssistantPayloadError, type AssistantDelivery, type AssistantNormalizeResult, type SkippedAssistantDelivery } from './assistant-delivery.js';
export { minimizeHookInput } from './minimize-hook-input.js';
