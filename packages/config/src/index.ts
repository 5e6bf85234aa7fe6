export { natsUrl, databaseUrl, namespace, logLevel, port, host, secretKey } from './fields.js';
export { loadConfig, ConfigError } from './load-config.js';
