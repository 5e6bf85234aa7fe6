// Docker HEALTHCHECK for Pipe's HTTP services: GET /health on the service's own port. The slim
// runtime image has neither curl nor wget; Node has fetch.
const port = process.env.PORT;
if (!port) {
  console.error('healthcheck: PORT is not set, so there is no port to probe');
  process.exit(1);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2500) });
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
