export { startNotifierProcess, type NotifierProcess } from './notifier-process.js';
export { createNotifierHarness, type NotifierHarness, type SeededItem, type RunOptions } from './notifier-harness.js';
