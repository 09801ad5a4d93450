import type { HomerConfig } from '../config/index.js';
import { DEFAULT_SIP_HEADERS } from './defaults.js';
import type { SipDecoderOptions } from './types.js';

/** The SIP decoder settings from the config, shared by capture and pcap import. */
export function sipDecoderOptions(config: HomerConfig): SipDecoderOptions {
  return {
    sipHeaders: config.sipHeaders.length > 0 ? config.sipHeaders : DEFAULT_SIP_HEADERS,
    customHeaders: config.customHeaders,
    alegIds: config.alegIds,
    forceALegId: config.forceALegId,
  };
}
