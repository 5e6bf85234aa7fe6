export { normalizeAssistantDelivery } from './normalize-assistant-delivery.js';
export { assistantDeliveryId } from './delivery-id.js';
export type { AssistantDelivery } from './assistant-delivery.js';
export { minimizeHookInput } from './minimize-hook-input.js';
