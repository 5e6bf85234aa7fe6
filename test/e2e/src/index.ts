export { startE2eStack, type E2eStack } from './e2e-stack.js';
export { issuesOpened, signedGithubDelivery } from './github-deliveries.js';
export { historyBench } from './history/history-bench.js';
export { retrievalBench } from './retrieval/retrieval-bench.js';
export { startPipeProcess, type PipeProcess } from './fault-stack.js';
