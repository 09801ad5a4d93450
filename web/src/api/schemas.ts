import { z } from 'zod';

/**
 * Shapes of the API replies the UI reads (src/api/routes/*.ts). Objects are loose: the server may add
 * keys, and pages that send a row back (mapping, settings) must keep them. Only the fields the UI
 * relies on are checked, so a reply that would break a page fails here with the field named.
 */

/** homer-app's write reply: `{data:<guid>, message}`. */
export const WriteReply = z.looseObject({ data: z.string(), message: z.string() });

export const LoginReply = z.looseObject({
  token: z.string(),
  scope: z.string().optional(),
  user: z.looseObject({ admin: z.boolean(), username: z.string().optional() }),
});

const AuthMethod = z.looseObject({
  name: z.string(),
  type: z.string(),
  position: z.number().optional(),
  enable: z.boolean(),
});

/** `data` maps method keys to methods; `oauth2` is a list of providers (none offered today). */
export const AuthTypeList = z.looseObject({
  data: z.looseObject({ oauth2: z.array(z.unknown()).optional() }).catchall(z.unknown()),
});
export { AuthMethod };

export const FieldMapping = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  position: z.number().optional(),
  skip: z.boolean().optional(),
  hide: z.boolean().optional(),
  sid_type: z.boolean().optional(),
  system_param: z.boolean().optional(),
  profile: z.boolean().optional(),
  form_type: z.string().optional(),
  form_default: z.unknown().optional(),
});

export const MappingRow = z.looseObject({
  guid: z.string(),
  hepid: z.number(),
  profile: z.string(),
  hep_alias: z.string().nullable(),
  fields_mapping: z.array(FieldMapping),
  correlation_mapping: z.array(z.looseObject({})),
});
export const MappingList = z.looseObject({ data: z.array(MappingRow) });

export const SearchRow = z.looseObject({ id: z.number(), sid: z.string(), create_date: z.number() });
export const SearchReply = z.looseObject({
  total: z.number(),
  totalCapped: z.boolean().optional(),
  data: z.array(SearchRow),
});

const CallDataItem = z.looseObject({
  id: z.number(),
  sid: z.string(),
  srcId: z.string(),
  dstId: z.string(),
  method: z.string(),
  micro_ts: z.number(),
});
export const TransactionReply = z.looseObject({
  data: z.looseObject({
    messages: z.array(z.looseObject({})),
    hosts: z.record(z.string(), z.looseObject({ host: z.array(z.string()), position: z.number() })),
    calldata: z.array(CallDataItem),
    alias: z.record(z.string(), z.string()),
  }),
});

const QosRow = z.looseObject({ create_date: z.number(), raw: z.string() });
export const QosReply = z.looseObject({
  rtcp: z.looseObject({ data: z.array(QosRow) }),
  rtp: z.looseObject({ data: z.array(z.looseObject({})) }).optional(),
});
export const LogReply = z.looseObject({ data: z.array(z.looseObject({})) });

/** A `global_settings` / `user_settings` row. */
export const SettingsRow = z.looseObject({
  guid: z.string(),
  category: z.string(),
  param: z.string(),
  data: z.unknown(),
  partid: z.number().optional(),
  username: z.string().optional(),
  create_date: z.string().optional(),
});
export const SettingsList = z.looseObject({ data: z.array(SettingsRow) });

export const User = z.looseObject({
  guid: z.string(),
  username: z.string(),
  usergroup: z.string(),
  email: z.string(),
  firstname: z.string(),
  lastname: z.string(),
  department: z.string().optional(),
  partid: z.number().optional(),
  enabled: z.boolean().optional(),
});
export const UserList = z.looseObject({ data: z.array(User) });
export const GroupList = z.looseObject({ data: z.array(z.string()) });
export const Profile = z.looseObject({
  data: z.looseObject({
    guid: z.string(),
    username: z.string(),
    displayname: z.string(),
    group: z.string(),
    admin: z.boolean(),
  }),
});

export const Alias = z.looseObject({
  guid: z.string(),
  alias: z.string(),
  ip: z.string(),
  port: z.number(),
  mask: z.number(),
  captureID: z.string(),
  status: z.boolean(),
});
export const AliasList = z.looseObject({ data: z.array(Alias) });

export const Token = z.looseObject({
  guid: z.string(),
  name: z.string().nullable(),
  ip_address: z.string().nullable(),
  create_date: z.string(),
  lastusage_date: z.string(),
  expire_date: z.string(),
  usage_calls: z.number(),
  limit_calls: z.number(),
  active: z.boolean(),
});
export const TokenList = z.looseObject({ data: z.array(Token) });
export const TokenCreated = z.looseObject({
  data: z.looseObject({ token: z.string(), guid: z.string() }),
  message: z.string(),
});

export const DashboardReset = z.looseObject({ data: z.string() });

/** `dashboard/info`: the menu entries (the server leaves out dashboards without a name). */
export const DashboardInfo = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string(),
      owner: z.string().optional(),
      shared: z.boolean().optional(),
      weight: z.number().optional(),
    }),
  ),
});
/** `dashboard/store/:id` read: `data` is `{}` when there is no such dashboard. */
export const DashboardStore = z.looseObject({ owner: z.string().optional(), data: z.looseObject({}) });
/** `dashboard/store/:id` writes and deletes: `{total, data:<id>, status:"ok"}`. */
export const DashboardWrite = z.looseObject({ data: z.string() });

export const SmartTags = z.looseObject({
  data: z.looseObject({ data: z.array(z.looseObject({ value: z.string(), name: z.string() })) }),
});
/** `prometheus/value`: one query_range reply per expression. */
export const PrometheusValues = z.array(z.unknown());

export type LoginReply = z.infer<typeof LoginReply>;
export type AuthMethod = z.infer<typeof AuthMethod>;
export type MappingRow = z.infer<typeof MappingRow>;
export type SearchRow = z.infer<typeof SearchRow>;
export type SearchReply = z.infer<typeof SearchReply>;
export type SettingsRow = z.infer<typeof SettingsRow>;
export type User = z.infer<typeof User>;
export type Profile = z.infer<typeof Profile>['data'];
export type Alias = z.infer<typeof Alias>;
export type Token = z.infer<typeof Token>;

/** "expected number, received string" from zod's "Invalid input: expected number, received string". */
function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid (input|option): /, '');
}

/**
 * Checks a reply against its schema; a mismatch throws an Error naming the call and the first bad
 * field, e.g. `GET /mapping/protocol: data.0.hepid expected number, received string`.
 */
export function parseReply<S extends z.ZodType>(call: string, schema: S, json: unknown): z.infer<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'reply';
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new Error(`${call}: ${where} ${issue ? describeIssue(issue) : 'is malformed'}${more}`);
}
