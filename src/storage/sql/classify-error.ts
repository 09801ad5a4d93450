/**
 * One place that decides what a driver error means, for `pg` and PGlite alike (both expose the
 * SQLSTATE as `code`). The writer acts on the class: retry the batch later, isolate the bad row,
 * create the missing partition, or give up.
 */

import { StorageError, StorageUnavailableError } from '../errors.js';

/** Row-level reasons, used as a metric label on rejected rows. */
export const RejectReason = {
  invalidJson: 'invalid_json',
  noPartition: 'no_partition',
  valueTooLong: 'value_too_long',
  encoding: 'encoding',
  other: 'other',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

export type ErrorClass =
  /** The connection is gone or the server is not accepting work: retry the batch later. */
  | { readonly kind: 'unavailable' }
  /** A row's value was refused: isolate it. */
  | { readonly kind: 'data'; readonly reason: RejectReason }
  /** The partition (or the parent) is missing: create it and retry once. */
  | { readonly kind: 'missing_relation' }
  /** Anything else (permissions, syntax, a bug): the batch cannot succeed as is. */
  | { readonly kind: 'fatal' };

const UNAVAILABLE: ErrorClass = { kind: 'unavailable' };
const MISSING: ErrorClass = { kind: 'missing_relation' };
const FATAL: ErrorClass = { kind: 'fatal' };
const data = (reason: RejectReason): ErrorClass => ({ kind: 'data', reason });

/** Socket-level failures reported by Node. */
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);

/** SQLSTATEs after which the same batch can succeed later (the transaction was rolled back). */
const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '57014', // query_canceled (statement_timeout)
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '58000', // system_error
  '58030', // io_error
]);

/** Messages of `pg` / `pg-pool` errors that carry no code. */
const UNAVAILABLE_MESSAGE_RE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Connection ended|read ECONNRESET|socket hang up/i;

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function classifyError(err: unknown): ErrorClass {
  if (err instanceof StorageError) return err.retryable ? UNAVAILABLE : FATAL;
  // AggregateError: Node's happy-eyeballs connect reports every address that refused.
  if (err instanceof AggregateError && err.errors.length > 0) return classifyError(err.errors[0]);
  const code = codeOf(err);
  const message = messageOf(err);
  if (code !== undefined) {
    if (NET_CODES.has(code)) return UNAVAILABLE;
    if (code.startsWith('08') || TRANSIENT_SQLSTATES.has(code)) return UNAVAILABLE;
    if (code === '23514' && /no partition/i.test(message)) return MISSING;
    if (code === '42P01') return MISSING; // undefined_table: the parent went away under us
    switch (code) {
      case '22P02': // invalid_text_representation
        return data(/json/i.test(message) ? RejectReason.invalidJson : RejectReason.other);
      case '22P05': // untranslatable_character: jsonb refuses \u0000
        return data(/unicode escape|json/i.test(message) ? RejectReason.invalidJson : RejectReason.encoding);
      case '22021': // character_not_in_repertoire: NUL or invalid UTF-8
        return data(RejectReason.encoding);
      case '22001': // string_data_right_truncation
      case '54000': // program_limit_exceeded: btree "index row size exceeds maximum"
        return data(RejectReason.valueTooLong);
      default:
        break;
    }
    // Any other data exception or integrity violation is about a value, i.e. about one row.
    if (code.startsWith('22') || code.startsWith('23')) return data(RejectReason.other);
    return FATAL;
  }
  if (UNAVAILABLE_MESSAGE_RE.test(message)) return UNAVAILABLE;
  return FATAL;
}

/** Wraps a driver error as the error the writer throws for it. */
export function toStorageError(err: unknown, cls: ErrorClass = classifyError(err)): StorageError {
  if (err instanceof StorageError) return err;
  if (cls.kind === 'unavailable') {
    return new StorageUnavailableError(`database unavailable: ${messageOf(err)}`, { cause: err });
  }
  return new StorageError('storage_failed', `storage failed: ${messageOf(err)}`, { cause: err });
}

/** The database's message for a rejected row, for the log. */
export function errorMessage(err: unknown): string {
  return messageOf(err);
}
