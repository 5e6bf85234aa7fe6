export { natsUrl, databaseUrl, namespace, logLevel, port, host, secretKey, partitions, streamReplicas } from './fields.js';
export { loadConfig, ConfigError } from './load-config.js';
