import { Type } from 'typebox';

/** A uuid path parameter: anything else would reach a `uuid` column and fail in the database. */
export const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  description: 'uuid',
});

export const GuidParams = Type.Object({ guid: Uuid });

/** homer-app's write reply: `{data:<guid>, message}`. */
export function written(guid: string, message: string): { data: string; message: string } {
  return { data: guid, message };
}
