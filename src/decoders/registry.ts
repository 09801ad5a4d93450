import type { HepPacket } from '../hep/types.js';
import { decodeDns } from './dns/decode.js';
import { decodeLog } from './events/decode.js';
import { decodeGeneric } from './generic.js';
import { decodeIsup } from './isup.js';
import { EMPTY_MAPPED_PROTOCOLS, type MappedProtocolSet } from './mapped/mapped-protocols.js';
import { decodeHoraclifix, decodeRtpAgent, decodeVqReport } from './qos/decode.js';
import { decodeRtcp } from './rtcp/decode.js';
import { createSipDecoder } from './sip/decode.js';
import type { DecodeContext, DecodeResult, PayloadDecoder, SipDecoderOptions } from './types.js';

/** Options every decoder factory may read. */
export interface DecoderRegistryOptions {
  readonly sip: SipDecoderOptions;
}

/** One decoder behind a HEP protocol type (0x000b): new payload types add an entry here. */
export interface DecoderEntry {
  readonly hepid: number;
  readonly create: (options: DecoderRegistryOptions) => PayloadDecoder;
}

/** An entry for a decoder that needs no options. */
function fixed(hepid: number, decoder: PayloadDecoder): DecoderEntry {
  return { hepid, create: () => decoder };
}

/**
 * Decoders shipped with homer-ts, by HEP type (hep.md §1.4). Every type not listed is decoded
 * generically. Quality reports (34, 35, 38) go to `hep_proto_35_default` as in heplify-server.
 */
export const BUILTIN_DECODERS: readonly DecoderEntry[] = Object.freeze([
  { hepid: 1, create: (options: DecoderRegistryOptions): PayloadDecoder => createSipDecoder(options.sip) },
  fixed(5, decodeRtcp),
  fixed(34, decodeRtpAgent),
  fixed(35, decodeVqReport),
  fixed(38, decodeHoraclifix),
  fixed(53, decodeDns),
  fixed(54, decodeIsup),
  fixed(100, decodeLog),
]);

export interface DecoderRegistry {
  /**
   * Decodes with the built-in decoder for `packet.protoType`, else the mapped protocol of that
   * type (mapping_schema), else the generic one. Never throws.
   */
  decode(packet: HepPacket, ctx: DecodeContext): DecodeResult;
  /** HEP types with a built-in decoder: mapping rows for them do not change capture. */
  readonly builtinTypes: ReadonlySet<number>;
  /** Swaps in a new mapping snapshot (a reference swap: packets in flight use one or the other). */
  setMappedProtocols(set: MappedProtocolSet): void;
  readonly mappedProtocols: MappedProtocolSet;
}

/** parseError when a decoder threw (a bug in it): the packet is still stored generically. */
export const DECODER_FAILED = 'decoder_failed';

/**
 * Builds the decoders once from options. Types without an entry, including the reserved type 0,
 * go to the generic decoder and their own `hep_proto_{type}_default` table: stored, never dropped.
 * `entries` replaces the built-in list (tests, or a build that adds decoders); a later entry for the
 * same type wins.
 */
export function createDecoderRegistry(
  options: DecoderRegistryOptions,
  entries: readonly DecoderEntry[] = BUILTIN_DECODERS,
): DecoderRegistry {
  const byType = new Map<number, PayloadDecoder>();
  for (const entry of entries) byType.set(entry.hepid, entry.create(options));
  // The one-byte types (all of HEP's own) by index: cheaper than the Map on every packet.
  const byByte = new Array<PayloadDecoder | undefined>(256).fill(undefined);
  for (const [type, decoder] of byType)
    if (Number.isInteger(type) && type >= 0 && type < 256) byByte[type] = decoder;
  let mapped: MappedProtocolSet = EMPTY_MAPPED_PROTOCOLS;
  let mappedByHepid = mapped.byHepid;
  return {
    builtinTypes: new Set(byType.keys()),
    get mappedProtocols(): MappedProtocolSet {
      return mapped;
    },
    setMappedProtocols(set: MappedProtocolSet): void {
      mapped = set;
      mappedByHepid = set.byHepid;
    },
    decode(packet: HepPacket, ctx: DecodeContext): DecodeResult {
      // SIP and the other built-in types: one array or Map lookup, as before mapped protocols.
      const type = packet.protoType;
      const builtin = (type & 0xff) === type ? byByte[type] : byType.get(type);
      const decoder = builtin ?? mappedByHepid.get(type)?.decode;
      if (decoder === undefined) return decodeGeneric(packet, ctx);
      try {
        return decoder(packet, ctx);
      } catch {
        // Decoders must not throw on payload bytes; if one does anyway, keep the packet.
        const { row } = decodeGeneric(packet, ctx);
        return { row, parseError: DECODER_FAILED };
      }
    },
  };
}
