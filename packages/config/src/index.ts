export {
  natsUrl,
  databaseUrl,
  namespace,
  logLevel,
  port,
  host,
  secretKey,
  partitions,
  streamReplicas,
  syncWindowDays,
  DEFAULT_SYNC_WINDOW_DAYS,
} from './fields.js';
export { loadConfig, ConfigError } from './load-config.js';
