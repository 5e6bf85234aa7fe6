export { createTestBus, type TestBus } from './test-bus.js';
