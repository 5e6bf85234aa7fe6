import { type ServiceProcess, startServiceProcess } from './service-process.js';

/** A gateway in a process of its own, so its memory is its own. */
export interface GatewayProcess extends ServiceProcess {
  url: string;
}

/** Starts the built gateway with the environment given (rate limits off: the bench is one key). */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const service = await startServiceProcess('gateway', { PIPE_RATE_LIMIT_PER_MINUTE: '0', ...env });
  return { ...service, url: `${service.baseUrl}/mcp` };
}
