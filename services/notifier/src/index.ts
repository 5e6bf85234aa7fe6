export { runNotifier, NOTIFIER_CONSUMER, type NotifierDeps } from './notifier.js';
export { loadNotifierConfig, type NotifierConfig } from './config.js';
export { retryDelayMs } from './retry-schedule.js';
