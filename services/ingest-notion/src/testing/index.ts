export { startFakeNotionApi, type FakeNotionApi, type FakePage } from './fake-notion-api.js';
