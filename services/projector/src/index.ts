export { runProjector, type ProjectorDeps, type ProjectorLogger } from './projector.js';
export { loadProjectorConfig, type ProjectorConfig } from './config.js';
