export { installTestTracing, type TestTracing } from './test-tracing.js';
