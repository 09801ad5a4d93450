import { HomerError } from '../errors.js';

/** Stable codes of decoder configuration errors. */
export const DECODER_ERROR_CODES = {
  invalidAlegId: 'decoder_invalid_aleg_id',
} as const;

/**
 * A decoder option that cannot be used (e.g. an AlegIDs regex that does not compile). Raised when
 * the decoder is built, never while decoding: bad payloads are reported through `parseError`.
 */
export class DecoderConfigError extends HomerError {}
