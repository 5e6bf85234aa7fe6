export { runProjector, partitionConsumerName, type ProjectorDeps, type ProjectorLogger } from './projector.js';
export { PartitionStatus } from './partition-status.js';
export { loadProjectorConfig, servedPartitions, type ProjectorConfig } from './config.js';
