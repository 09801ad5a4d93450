import { assertDataTableName } from '../../storage/table-names.js';
import type { SqlClient } from '../../storage/types.js';
import { DATA_ROW_COLUMNS, msToTimestamp, toDataRow, type DataRow } from '../data/rows.js';
import type { LookupQuery, RowSource } from './engine.js';

/** The only expressions `sqlExpression` produces; checked again because this text reaches SQL. */
const EXPRESSION_RE = /^(?:sid|(?:data_header|protocol_header)->>'[A-Za-z_][A-Za-z0-9_]{0,63}')$/;

export function isUndefinedTable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '42P01';
}

/** Reads lookups from the data database; a table that does not exist yet has no rows. */
export function sqlRowSource(sql: SqlClient): RowSource {
  return {
    async lookup(query: LookupQuery): Promise<DataRow[]> {
      const table = assertDataTableName(query.table);
      if (!EXPRESSION_RE.test(query.expression))
        throw new Error(`refused lookup expression ${query.expression}`);
      try {
        const { rows } = await sql.query<Record<string, unknown>>(
          `SELECT ${DATA_ROW_COLUMNS} FROM ${table}
           WHERE create_date BETWEEN $1 AND $2 AND ${query.expression} = ANY($3::text[])
           LIMIT $4`,
          [msToTimestamp(query.fromMs), msToTimestamp(query.toMs), query.values, query.limit],
        );
        return rows.map((row) => toDataRow(row, table));
      } catch (err) {
        if (isUndefinedTable(err)) return [];
        throw err;
      }
    },
  };
}
