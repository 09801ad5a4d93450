import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { identityOf } from '../auth/identity.js';
import { TransactionBodySchema } from '../correlation/body.js';
import { collectTransaction } from '../correlation/transaction.js';
import { badRequest } from '../http/errors.js';
import { PcapWriteError } from '../pcap/errors.js';
import { exportPcap } from '../pcap/export-pcap.js';
import { exportText } from '../pcap/export-text.js';
import type { RouteContext } from './context.js';

/** homer-app's `export-<RFC3339>.<ext>` attachment name (UTC, whole seconds). */
function attachment(extension: string): string {
  const stamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `attachment; filename=export-${stamp}.${extension}`;
}

/** `POST /export/call/messages/pcap|text`: the messages of a call as a pcap file or as text. */
export const exportRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.post(
    '/export/call/messages/pcap',
    {
      schema: {
        tags: ['export'],
        summary: 'The SIP messages of a call as a pcap file (same body as call/transaction)',
        description:
          'Classic libpcap, Ethernet frames rebuilt from protocol_header (IPv4 or IPv6; UDP, TCP with ' +
          'running sequence numbers, or SCTP) with the stored microsecond timestamps, in time order. ' +
          'Only SIP rows are written: RTCP/RTP reports and logs are stored as JSON or text, not as the ' +
          'packets that carried them. A UDP/SCTP message larger than one IP packet answers 400.',
        body: TransactionBodySchema,
      },
    },
    async (request, reply) => {
      const { rows } = await collectTransaction(ctx, request.body, identityOf(request));
      let pcap: Buffer;
      try {
        ({ pcap } = exportPcap(rows));
      } catch (err) {
        if (err instanceof PcapWriteError) throw badRequest(err.message);
        throw err;
      }
      return reply
        .code(201)
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', attachment('pcap'))
        .send(pcap);
    },
  );

  app.post(
    '/export/call/messages/text',
    {
      schema: {
        tags: ['export'],
        summary: 'The messages of a call as text (same body as call/transaction)',
        description:
          'Per message: `proto:<UDP|TCP|SCTP> <RFC 3339 µs UTC>  src:port ---> dst:port`, a blank line and ' +
          'the raw message, in time order. All rows of the call, including RTCP reports and logs.',
        body: TransactionBodySchema,
      },
    },
    async (request, reply) => {
      const { rows } = await collectTransaction(ctx, request.body, identityOf(request));
      return reply
        .code(201)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('content-disposition', attachment('txt'))
        .send(exportText(rows));
    },
  );
};
