import type { PlatformModule } from '../platform-module.js';
import { assistantIngest } from './webhook.js';

/** AI coding assistants (Claude Code hooks): sessions, tool uses, files, commits and prompts. */
export const assistant: PlatformModule = {
  name: 'assistant',
  title: 'Assistant',
  askedAs: ['claude'],
  service: { name: 'ingest-assistant', defaultPort: 7407 },
  webhookCredential: { kind: 'api-key' },
  redactHeaders: ['authorization'],
  identityKey: 'user-id',
  ingest: assistantIngest,
};
