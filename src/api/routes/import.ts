import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DEFAULT_SIP_HEADERS } from '../../decoders/defaults.js';
import { createDecoderRegistry } from '../../decoders/registry.js';
import { badRequest, unavailable } from '../http/errors.js';
import { PcapFormatError } from '../pcap/errors.js';
import { importRows, shiftToNow } from '../pcap/import-rows.js';
import { extractSip, type SipExtraction } from '../pcap/sip-extract.js';
import type { RouteContext } from './context.js';

/** Largest capture file accepted (the whole file is read into memory). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** The multipart field homer-ui's PCAP uploader sends the file in. */
const FILE_FIELD = 'fileKey';

const ImportReply = Type.Object({
  data: Type.Object({
    inserted: Type.Integer(),
    rejected: Type.Integer(),
    messages: Type.Integer(),
    frames: Type.Integer(),
    ignoredFrames: Type.Integer(),
  }),
  message: Type.String(),
});

/** The bytes of the `fileKey` part; other parts are read and dropped. */
async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw badRequest(`expected multipart/form-data with a "${FILE_FIELD}" file`);
  let file: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname === FILE_FIELD && file === undefined) file = await part.toBuffer();
    else part.file.resume();
  }
  if (file === undefined) throw badRequest(`multipart field "${FILE_FIELD}" (the pcap file) is missing`);
  return file;
}

/**
 * `POST /import/data/pcap` and `/import/data/pcap/now`: SIP from a pcap or pcapng file, decoded
 * and stored as if captured (any logged-in user, as homer-app).
 */
export const importRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 4, fields: 16 } });
  // The capture path's SIP decoder with the capture settings (HOMER_SIP_HEADERS, custom headers, A-leg ids).
  const decoders = createDecoderRegistry({
    sip: ctx.deps.sipDecoder ?? {
      sipHeaders: DEFAULT_SIP_HEADERS,
      customHeaders: [],
      alegIds: [],
      forceALegId: false,
    },
  });

  const handle = (shift: boolean) => async (request: FastifyRequest) => {
    const store = ctx.deps.importRows;
    if (!store) throw unavailable('pcap import is not available in this role (no capture writer)');
    const file = await uploadedFile(request);
    let found: SipExtraction;
    try {
      found = extractSip(file);
    } catch (err) {
      if (err instanceof PcapFormatError) throw badRequest(`cannot read the capture file: ${err.message}`);
      throw err;
    }
    const nowUs = Date.now() * 1000;
    const rows = importRows(found.messages, decoders, {
      nowUs,
      shiftUs: shift ? shiftToNow(found.messages, nowUs) : 0,
    });
    const outcome = rows.length > 0 ? await store(rows) : { written: 0, rejected: 0 };
    const notes = [
      `${found.ignoredFrames} of ${found.frames} frames carried no SIP`,
      ...(found.truncated
        ? ['the file ends inside a packet (cut short); the packets before it were read']
        : []),
    ];
    return {
      data: {
        inserted: outcome.written,
        rejected: outcome.rejected,
        messages: found.messages.length,
        frames: found.frames,
        ignoredFrames: found.ignoredFrames,
      },
      message:
        found.messages.length > 0
          ? `imported ${outcome.written} SIP messages from the ${found.format} file; ${notes.join('; ')}`
          : `no SIP messages found in the ${found.format} file; ${notes.join('; ')}`,
    };
  };

  const description =
    `multipart/form-data with the capture in field "${FILE_FIELD}" (pcap or pcapng, at most ` +
    `${MAX_IMPORT_BYTES / 1024 / 1024} MiB). SIP over UDP, TCP (reassembled, also WebSocket) and SCTP is ` +
    'decoded by the capture decoder and stored in hep_proto_1_call/registration/default with captureId ' +
    '"pcap-import"; other packets are counted in ignoredFrames.';
  app.post(
    '/import/data/pcap',
    {
      schema: {
        tags: ['import'],
        summary: 'Import the SIP messages of a pcap/pcapng file with their original timestamps',
        description,
        consumes: ['multipart/form-data'],
        response: { 201: ImportReply },
      },
    },
    async (request, reply) => reply.code(201).send(await handle(false)(request)),
  );
  app.post(
    '/import/data/pcap/now',
    {
      schema: {
        tags: ['import'],
        summary: 'Import the SIP messages of a pcap/pcapng file, shifted so the first one is now',
        description,
        consumes: ['multipart/form-data'],
        response: { 201: ImportReply },
      },
    },
    async (request, reply) => reply.code(201).send(await handle(true)(request)),
  );
};
