import { HomerError } from '../errors.js';

/**
 * A storage failure that is not about one row: the batch was NOT written (or not known to be).
 * `retryable` tells the caller whether the same batch may simply be tried again later.
 */
export class StorageError extends HomerError {
  readonly retryable: boolean;

  constructor(code: string, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(code, message, options);
    this.retryable = options?.retryable ?? false;
  }
}

/**
 * The database cannot be reached or dropped the connection (refused, reset, admin shutdown, pool
 * timeout, ...). No row of the batch was consumed: retry the same batch with backoff.
 * heplify-server drops the batch in this case; we hand it back.
 */
export class StorageUnavailableError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage_unavailable', message, { ...options, retryable: true });
  }
}

/** True when retrying the same operation later can succeed (connection trouble, deadlock, ...). */
export function isRetryable(err: unknown): boolean {
  return err instanceof StorageError && err.retryable;
}
