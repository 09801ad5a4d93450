import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { identityOf } from '../auth/identity.js';
import { TransactionBodySchema } from '../correlation/body.js';
import { buildTransactionReply } from '../correlation/flow.js';
import { logReport, qosReport } from '../correlation/reports.js';
import { collectTransaction } from '../correlation/transaction.js';
import type { RouteContext } from './context.js';

const OpenObject = Type.Object({}, { additionalProperties: true });

const ReportList = Type.Object({
  total: Type.Integer(),
  data: Type.Array(OpenObject),
});

const TransactionReply = Type.Object({
  total: Type.Integer(),
  keys: Type.Array(Type.String()),
  data: Type.Object({
    messages: Type.Array(OpenObject),
    hosts: Type.Record(
      Type.String(),
      Type.Object(
        { host: Type.Array(Type.String()), position: Type.Integer() },
        { additionalProperties: true },
      ),
    ),
    calldata: Type.Array(OpenObject),
    alias: Type.Record(Type.String(), Type.String()),
  }),
  capped: Type.Optional(Type.Boolean()),
});

/** `POST /call/transaction` (call flow) and the QoS and log reports of a call. */
export const callRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.post(
    '/call/transaction',
    {
      schema: {
        tags: ['call'],
        summary: 'All messages of a call: its legs, RTCP and logs, found through the correlation rules',
        description:
          'Seeds are `param.search.{hepid_profile}.callid[]` within `timestamp`; rules come from ' +
          '`mapping_schema.correlation_mapping`, applied hop by hop (at most 10 hops and 20 000 rows; ' +
          '`capped: true` when a limit was hit) with the window widened to cover the legs found.',
        body: TransactionBodySchema,
        response: { 201: TransactionReply },
      },
    },
    async (request, reply) => {
      const { rows, capped } = await collectTransaction(ctx, request.body, identityOf(request));
      const resolve = await ctx.aliases.snapshot();
      const result = buildTransactionReply(rows, resolve);
      return reply.code(201).send(capped ? { ...result, capped } : result);
    },
  );

  app.post(
    '/call/report/qos',
    {
      schema: {
        tags: ['call'],
        summary: 'RTCP (HEP 5) and RTP reports (HEP 34/35) whose sid is one of the Call-IDs',
        body: TransactionBodySchema,
        response: { 201: Type.Object({ rtcp: ReportList, rtp: ReportList }) },
      },
    },
    async (request, reply) => reply.code(201).send(await qosReport(ctx.deps.storage.sql, request.body)),
  );

  app.post(
    '/call/report/log',
    {
      schema: {
        tags: ['call'],
        summary: 'Logs (HEP 100) whose sid is one of the Call-IDs',
        body: TransactionBodySchema,
        response: { 201: ReportList },
      },
    },
    async (request, reply) => reply.code(201).send(await logReport(ctx.deps.storage.sql, request.body)),
  );
};
