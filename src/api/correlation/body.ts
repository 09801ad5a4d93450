import { Type, type Static } from 'typebox';
import { isDataTableName } from '../../storage/table-names.js';
import { badRequest } from '../http/errors.js';

const MAX_CALLIDS = 1000;
const MAX_CALLID_LENGTH = 512;
const MAX_WHITELIST = 200;
/** Year 9999: keeps every bound a valid timestamp. */
const MAX_EPOCH_MS = 253_402_300_799_000;

/** One `param.search` entry of a transaction body: the seed Call-IDs of one `{hepid}_{profile}`. */
const SearchEntry = Type.Object(
  {
    id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    callid: Type.Optional(
      Type.Array(Type.Union([Type.String({ maxLength: MAX_CALLID_LENGTH }), Type.Number()]), {
        maxItems: MAX_CALLIDS,
      }),
    ),
  },
  { additionalProperties: true },
);

/**
 * The body homer-ui sends to `call/transaction`, `call/report/*` and `export/call/messages/*`
 * (reference/homer-ui-calls.md §4.5). Unknown keys (`limit`, `orlogic`, `timezone`, ...) are
 * accepted and ignored.
 */
export const TransactionBodySchema = Type.Object(
  {
    param: Type.Object(
      {
        search: Type.Record(Type.String({ maxLength: 64 }), SearchEntry),
        transaction: Type.Optional(Type.Object({}, { additionalProperties: true })),
        location: Type.Optional(Type.Object({}, { additionalProperties: true })),
        whitelist: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_WHITELIST })),
      },
      { additionalProperties: true },
    ),
    timestamp: Type.Object(
      {
        from: Type.Number({ minimum: 0, maximum: MAX_EPOCH_MS }),
        to: Type.Number({ minimum: 0, maximum: MAX_EPOCH_MS }),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

export type TransactionBody = Static<typeof TransactionBodySchema>;

/** A seed: the Call-IDs the user picked in one data table. */
export interface TransactionSeed {
  /** `{hepid}_{profile}` as sent. */
  readonly key: string;
  readonly hepid: number;
  readonly profile: string;
  /** `hep_proto_{key}`, validated. */
  readonly table: string;
  readonly callids: readonly string[];
}

export interface TransactionRequest {
  readonly seeds: readonly TransactionSeed[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly whitelist: readonly string[];
}

const KEY_RE = /^(\d{1,5})_([a-z][a-z0-9_]{0,40})$/;

/** Validates the parts the schema cannot (keys, time order) and normalises the Call-IDs. */
export function parseTransactionBody(body: TransactionBody): TransactionRequest {
  const keys = Object.keys(body.param.search);
  if (keys.length === 0) throw badRequest('param.search needs a "{hepid}_{profile}" key, e.g. "1_call"');
  const seeds = keys.map((key): TransactionSeed => {
    const match = KEY_RE.exec(key);
    const table = `hep_proto_${key}`;
    if (!match || !isDataTableName(table)) {
      throw badRequest(`param.search key ${JSON.stringify(key.slice(0, 64))} is not "{hepid}_{profile}"`);
    }
    const raw = body.param.search[key]?.callid ?? [];
    const callids = [...new Set(raw.map(String).filter((c) => c !== ''))];
    return { key, hepid: Number(match[1]), profile: String(match[2]), table, callids };
  });
  const { from, to } = body.timestamp;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
    throw badRequest('timestamp.from must not be after timestamp.to');
  }
  return {
    seeds,
    fromMs: Math.floor(from),
    toMs: Math.ceil(to),
    whitelist: (body.param.whitelist ?? []).filter((ip) => ip !== ''),
  };
}
