export type { HepPacket, HepRawChunk } from './types.js';
export {
  HEP_DECODE_REASONS,
  HEP_ENCODE_REASONS,
  HepDecodeError,
  HepEncodeError,
  type HepDecodeReason,
  type HepEncodeReason,
} from './errors.js';
export { HEP3_HEADER_LENGTH, HEP_MAX_INFLATED_PAYLOAD, decodeHep, isHep3Magic } from './decode.js';
export { HEP3_MAX_LENGTH, encodeHep3, encodeHepLegacy, type HepEncodeInput } from './encode.js';
export { HepStreamFramer } from './framer.js';
export { formatIpv4, formatIpv6, parseIp } from './ip.js';
