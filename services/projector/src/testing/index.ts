export { projectUntilCaughtUp, allCaughtUp } from './project-until-caught-up.js';
export { readModelRows } from './read-model-rows.js';
export { startProjectorProcess, type ProjectorProcess } from './projector-process.js';
export { announcedChanges, announcedPerTeam } from './announced-changes.js';
