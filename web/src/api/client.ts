/** A failure answered by the Crier API (`{ code, message, details? }`), or a network failure before any answer. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

async function readError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the HTTP status line below.
  }
  const code = typeof body.code === 'string' ? body.code : `http_${response.status}`;
  const message =
    typeof body.message === 'string' && body.message.length > 0
      ? body.message
      : `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, code, message, body.details);
}

/**
 * Calls the Crier API with the session cookie. A plain object body is sent as JSON, a FormData as multipart.
 * Resolves with the parsed JSON answer (undefined for an empty one); rejects with an ApiError.
 */
export async function api<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, signal, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await readError(response);

  const text = await response.text();
  return (text.length > 0 ? JSON.parse(text) : undefined) as T;
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** The message to show a person for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Path of a workspace-scoped endpoint, with the workspace id escaped. */
export function wsPath(workspaceId: string, rest: string): string {
  return `/api/workspaces/${encodeURIComponent(workspaceId)}${rest}`;
}
