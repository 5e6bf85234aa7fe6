export { runProjector, partitionConsumerName, type ProjectorDeps, type ProjectorLogger } from './projector.js';
export { loadProjectorConfig, servedPartitions, type ProjectorConfig } from './config.js';
