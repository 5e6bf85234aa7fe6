export { projectUntilCaughtUp } from './project-until-caught-up.js';
