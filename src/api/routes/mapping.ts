import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAPPING_SEED } from '../../storage/configdb/mapping-seed.js';
import { insertMappingSeeds } from '../../storage/configdb/seed-mappings.js';
import { parseMappingInput, type MappingInput } from '../config/mapping-input.js';
import { MAPPING_COLUMNS, toMappingRecord, type MappingRecord } from '../config/mapping-store.js';
import { GuidParams, Uuid, written } from '../config/route-schemas.js';
import { badRequest, notFound } from '../http/errors.js';
import type { RouteContext } from './context.js';

const TAGS = ['mapping'];

/** Open object: homer-ui's mapping editor sends the whole row back, with extra keys. */
const MappingBody = Type.Object(
  {
    hepid: Type.Union([Type.Integer(), Type.String()]),
    profile: Type.String({ maxLength: 100 }),
    hep_alias: Type.Optional(Type.String({ maxLength: 100 })),
    fields_mapping: Type.Unknown(),
    correlation_mapping: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

const WRITE_COLUMNS = `hepid = $1, profile = $2, hep_alias = $3, partid = $4, version = $5, retention = $6,
  partition_step = $7, create_index = $8, create_table = $9, correlation_mapping = $10, fields_mapping = $11,
  mapping_settings = $12, schema_mapping = $13, schema_settings = $14`;

function writeParams(m: MappingInput): unknown[] {
  return [
    m.hepid,
    m.profile,
    m.hep_alias,
    m.partid,
    m.version,
    m.retention,
    m.partition_step,
    m.create_index,
    m.create_table,
    m.correlation_mapping,
    m.fields_mapping,
    m.mapping_settings,
    m.schema_mapping,
    m.schema_settings,
  ];
}

/** `mapping/protocol`: the `mapping_schema` rows that drive search forms, columns and correlation. */
export const mappingRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { deps, mappings }) => {
  const sql = deps.storage.configSql;

  const select = async (where = '', params: unknown[] = []): Promise<MappingRecord[]> => {
    const { rows } = await sql.query<Record<string, unknown>>(
      `SELECT ${MAPPING_COLUMNS} FROM mapping_schema ${where} ORDER BY id`,
      params,
    );
    return rows.map(toMappingRecord);
  };
  const list = (rows: MappingRecord[]) => ({ count: rows.length, data: rows });

  app.get(
    '/mapping/protocol',
    { schema: { tags: TAGS, summary: 'All protocol mappings (fields_mapping, correlation_mapping, ...)' } },
    // homer-app answers 400 on an empty table; the UI needs `{data:[]}` to render at all.
    async (_request, reply) => reply.code(200).send(list(await select())),
  );

  app.get(
    '/mapping/protocol/reset',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Delete every mapping and write the defaults again' },
    },
    async (_request, reply) => {
      const count = await deps.storage.configSql.transaction(async (tx) => {
        await tx.query('DELETE FROM mapping_schema');
        return insertMappingSeeds(tx);
      });
      mappings.invalidate();
      deps.onMappingsChanged?.();
      return reply.code(200).send({ data: String(count), message: 'successfully reset mapping settings' });
    },
  );

  app.get(
    '/mapping/protocol/reset/:uuid',
    {
      config: { auth: 'admin' },
      schema: {
        tags: TAGS,
        summary: 'Replace one mapping row by the default of its hepid/profile',
        params: Type.Object({ uuid: Uuid }),
      },
    },
    async (request, reply) => {
      const [row] = await select('WHERE guid = $1', [request.params.uuid]);
      if (!row) throw notFound(`no mapping with guid ${request.params.uuid}`);
      const seed = MAPPING_SEED.find((s) => s.hepid === row.hepid && s.profile === row.profile);
      if (!seed) throw badRequest(`no default mapping exists for ${row.hepid}_${row.profile}`);
      await deps.storage.configSql.transaction(async (tx) => {
        await tx.query('DELETE FROM mapping_schema WHERE guid = $1', [row.guid]);
        await insertMappingSeeds(tx, [seed]);
      });
      mappings.invalidate();
      deps.onMappingsChanged?.();
      return reply.code(200).send(written(row.guid, 'successfully reset mapping settings'));
    },
  );

  app.get(
    '/mapping/protocol/:id/:transaction',
    {
      schema: {
        tags: TAGS,
        summary: 'Mappings of one hepid and profile, e.g. /mapping/protocol/1/call',
        params: Type.Object({
          id: Type.String({ pattern: '^[0-9]{1,5}$' }),
          transaction: Type.String({ maxLength: 100 }),
        }),
      },
    },
    async (request, reply) =>
      reply
        .code(200)
        .send(
          list(
            await select('WHERE hepid = $1 AND profile = $2', [
              Number(request.params.id),
              request.params.transaction,
            ]),
          ),
        ),
  );

  app.get(
    '/mapping/protocol/:guid',
    { schema: { tags: TAGS, summary: 'One mapping by guid', params: GuidParams } },
    async (request, reply) => {
      const rows = await select('WHERE guid = $1', [request.params.guid]);
      if (rows.length === 0) throw notFound(`no mapping with guid ${request.params.guid}`);
      return reply.code(200).send(list(rows));
    },
  );

  app.post(
    '/mapping/protocol',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Add a mapping', body: MappingBody },
    },
    async (request, reply) => {
      const input = parseMappingInput(request.body);
      const { rows } = await sql.query<{ guid: string }>(
        `INSERT INTO mapping_schema (guid, hepid, profile, hep_alias, partid, version, retention, partition_step,
           create_index, create_table, correlation_mapping, fields_mapping, mapping_settings, schema_mapping, schema_settings)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         RETURNING guid::text AS guid`,
        writeParams(input),
      );
      mappings.invalidate();
      deps.onMappingsChanged?.();
      return reply.code(201).send(written(rows[0]?.guid ?? '', 'successfully created mappings settings'));
    },
  );

  app.put(
    '/mapping/protocol/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Replace a mapping', params: GuidParams, body: MappingBody },
    },
    async (request, reply) => {
      const input = parseMappingInput(request.body);
      const { rows } = await sql.query<{ guid: string }>(
        `UPDATE mapping_schema SET ${WRITE_COLUMNS} WHERE guid = $15 RETURNING guid::text AS guid`,
        [...writeParams(input), request.params.guid],
      );
      if (rows.length === 0) throw notFound(`no mapping with guid ${request.params.guid}`);
      mappings.invalidate();
      deps.onMappingsChanged?.();
      return reply.code(200).send(written(request.params.guid, 'successfully updated mapping settings'));
    },
  );

  app.delete(
    '/mapping/protocol/:guid',
    {
      config: { auth: 'admin' },
      schema: { tags: TAGS, summary: 'Delete a mapping', params: GuidParams },
    },
    async (request, reply) => {
      const { rows } = await sql.query('DELETE FROM mapping_schema WHERE guid = $1 RETURNING id', [
        request.params.guid,
      ]);
      if (rows.length === 0) throw notFound(`no mapping with guid ${request.params.guid}`);
      mappings.invalidate();
      deps.onMappingsChanged?.();
      return reply.code(200).send(written(request.params.guid, 'successfully deleted mapping settings'));
    },
  );
};
