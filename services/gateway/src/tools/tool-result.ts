import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyBaseLogger } from 'fastify';

/** A tool error the caller can act on: its `code` and a message that says what to do. */
export class ToolFailure extends Error {
  override readonly name = 'ToolFailure';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A successful result: the structured content, and the compact text form for clients without it. */
export function toolSuccess(structuredContent: object, text: string): CallToolResult {
  // The output schema has already described the shape; the SDK checks it against the result.
  return { structuredContent: structuredContent as Record<string, unknown>, content: [{ type: 'text', text }] };
}

/** A tool error result (`isError: true`), which the model sees and can recover from. */
export function toolError(code: string, message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: `${code}: ${message}` }] };
}

/**
 * Runs a tool body, turning a {@link ToolFailure} into its error result and anything unexpected
 * into a generic one. The SDK would otherwise send the raw exception message, which may carry SQL
 * or connection details; those go to the log instead.
 */
export async function runTool(log: FastifyBaseLogger, tool: string, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ToolFailure) return toolError(error.code, error.message);
    log.error({ err: error, tool }, 'tool failed');
    return toolError('INTERNAL', `the ${tool} tool failed unexpectedly; try again, and if it keeps failing check the gateway's /ready`);
  }
}
