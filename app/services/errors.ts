// A failure the user can fix or must be told about. `code` and field messages are i18n keys;
// `status` is the HTTP status the page answers with.
export class ServiceError extends Error {
  constructor(
    public readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    public readonly code: string,
    public readonly fields: Record<string, string> = {},
  ) {
    super(code);
    this.name = "ServiceError";
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}
