/**
 * Crier's error taxonomy. Services throw these; the HTTP layer maps each code to a status in one
 * place, the CLI to an exit message. Nothing below the HTTP layer knows about status codes.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_content'
  | 'not_found'
  | 'unauthenticated'
  | 'forbidden'
  | 'conflict'
  | 'rate_limited'
  | 'transient'
  | 'unexpected';

export class CrierError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CrierError';
    this.code = code;
    this.details = options.details;
  }
}

export const invalidInput = (message: string, details?: unknown) =>
  new CrierError('invalid_input', message, { details });
export const notFound = (what: string, id: string) =>
  new CrierError('not_found', `${what} ${id} was not found`, { details: { id } });
export const conflict = (message: string, details?: unknown) => new CrierError('conflict', message, { details });
export const forbidden = (message: string) => new CrierError('forbidden', message);
export const unauthenticated = (message = 'Sign in first') => new CrierError('unauthenticated', message);
