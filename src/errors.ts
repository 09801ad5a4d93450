/**
 * Base class for every error homer-ts raises on purpose: a stable machine-readable `code`
 * plus the usual message and optional `cause`, so logs, metrics and API answers can classify it.
 */
export class HomerError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
