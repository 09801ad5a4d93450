import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { badRequest } from '../http/errors.js';
import { decodeCallMessage } from '../search/decode.js';
import { searchCallMessage } from '../search/messages.js';
import { searchCallData } from '../search/search-data.js';
import { smartTags, typedText } from '../search/tags.js';
import type { RouteContext } from './context.js';

const EpochMs = Type.Union([Type.Number(), Type.String({ maxLength: 20 })], {
  description: 'epoch milliseconds',
});

const Timestamp = Type.Object({ from: EpochMs, to: EpochMs });

const SearchField = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'mapping id, `limit`, `smartinput` or `raw`',
    }),
    value: Type.Optional(
      Type.Unknown({ description: 'string with the value syntax, or a list (multiselect)' }),
    ),
    type: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    hepid: Type.Optional(Type.Unknown()),
    func: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

const SearchDataBody = Type.Object(
  {
    config: Type.Optional(Type.Unknown()),
    param: Type.Object(
      {
        limit: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 20 }), Type.Null()])),
        orlogic: Type.Optional(Type.Union([Type.Boolean(), Type.String(), Type.Null()])),
        search: Type.Record(Type.String({ maxLength: 100 }), Type.Array(SearchField, { maxItems: 200 }), {
          description: '`{"<hepid>_<profile>": [fields]}`, e.g. `1_call`',
        }),
        transaction: Type.Optional(Type.Unknown()),
        location: Type.Optional(Type.Unknown()),
        timezone: Type.Optional(Type.Unknown()),
        whitelist: Type.Optional(Type.Unknown()),
      },
      { additionalProperties: true },
    ),
    timestamp: Timestamp,
  },
  { additionalProperties: true },
);

const MessageSelection = Type.Object(
  {
    id: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 20 })])),
    uuid: Type.Optional(
      Type.Array(Type.Union([Type.Integer(), Type.String({ maxLength: 20 })]), { maxItems: 1000 }),
    ),
  },
  { additionalProperties: true },
);

const MessageBody = Type.Object(
  {
    param: Type.Object(
      {
        search: Type.Record(Type.String({ maxLength: 100 }), MessageSelection, {
          description: '`{"<hepid>_<profile>": {"id": n}}` or `{"uuid": [n, ...]}`',
        }),
      },
      { additionalProperties: true },
    ),
    timestamp: Timestamp,
  },
  { additionalProperties: true },
);

const Row = Type.Object(
  {},
  { additionalProperties: true, description: 'data_header + protocol_header, flattened' },
);

const SearchReply = Type.Object({
  total: Type.Integer({ description: 'rows matching the search (not only those returned), at most 1000000' }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true when more rows match than `total` counts' })),
  keys: Type.Array(Type.String()),
  data: Type.Array(Row),
});

const DecodeReply = Type.Object({
  total: Type.Integer(),
  data: Type.Array(Type.Object({ decoded: Type.Array(Type.Unknown()) }, { additionalProperties: true })),
});

const TagParams = Type.Object({
  hepid: Type.String({ pattern: '^\\d{1,5}$' }),
  profile: Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }),
});

const TagQuery = Type.Object(
  { query: Type.Optional(Type.String({ maxLength: 2000, description: '`{"data":"<typed text>"}`' })) },
  { additionalProperties: true },
);

const TagReply = Type.Object({
  data: Type.Object({ data: Type.Array(Type.Object({ value: Type.String(), name: Type.String() })) }),
});

/**
 * Search: `search/call/data` (the search form), `search/call/message` and `decode/message` (one
 * message of the call window), and the smart-input autocomplete.
 */
export const searchRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (
  app,
  { deps, mappings, aliases },
) => {
  const searchDeps = { sql: deps.storage.sql, mappings, aliases };

  app.post(
    '/search/call/data',
    {
      schema: {
        tags: ['search'],
        summary: 'Search stored messages of one profile (the homer-ui search form)',
        description:
          'Value syntax: `a;b` IN, `%` LIKE, `!=` NOT, `||` OR with the previous field, `isEmpty`, `isNull`; ' +
          '`smartinput` expressions; `raw` substring (ILIKE); `limit` (default 200, at most 100000). ' +
          'Rows come newest first; `total` counts every matching row.',
        body: SearchDataBody,
        response: { 201: SearchReply },
      },
    },
    async (request, reply) => reply.code(201).send(await searchCallData(searchDeps, request.body)),
  );

  app.post(
    '/search/call/message',
    {
      schema: {
        tags: ['search'],
        summary: 'Fetch messages by id (with raw) within a time window',
        body: MessageBody,
        response: { 201: SearchReply },
      },
    },
    async (request, reply) => reply.code(201).send(await searchCallMessage(searchDeps, request.body)),
  );

  app.post(
    '/search/call/decode/message',
    {
      schema: {
        tags: ['search'],
        summary: 'Decode messages by id with tshark (503 when tshark is not installed)',
        body: MessageBody,
        response: { 201: DecodeReply },
      },
    },
    async (request, reply) => reply.code(201).send(await decodeCallMessage(searchDeps, request.body)),
  );

  app.get(
    '/smart/search/tag/:hepid/:profile',
    {
      schema: {
        tags: ['search'],
        summary: 'Smart-input field suggestions from the profile mapping',
        params: TagParams,
        querystring: TagQuery,
        response: { 200: TagReply },
      },
    },
    async (request, reply) => {
      const { hepid, profile } = request.params;
      const mapping = await mappings.find(Number(hepid), profile);
      if (!mapping) throw badRequest(`no mapping for ${hepid}_${profile}`);
      return reply.code(200).send({ data: { data: smartTags(mapping, typedText(request.query.query)) } });
    },
  );
};
