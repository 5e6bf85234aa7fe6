import type { FastifyReply } from 'fastify';

/** Every error the gateway answers over plain HTTP, with its status. */
export const HTTP_ERRORS = {
  UNAUTHORIZED: 401,
  FORBIDDEN_ORIGIN: 403,
  FORBIDDEN_HOST: 403,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_READY: 503,
  CONSOLE_NOT_BUILT: 503,
  INTERNAL: 500,
} as const;

/** A code of {@link HTTP_ERRORS}. */
export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** The body of every HTTP error: a code to branch on and a message that says what to do. */
export interface HttpErrorBody {
  error: { code: HttpErrorCode; message: string };
}

/** Sends `{ error: { code, message } }` with the code's status. */
export function sendHttpError(reply: FastifyReply, code: HttpErrorCode, message: string): FastifyReply {
  const body: HttpErrorBody = { error: { code, message } };
  return reply.code(HTTP_ERRORS[code]).type('application/json; charset=utf-8').send(body);
}
