/**
 * Default `mapping_schema` rows: HOMER 7's profiles (reference/homer-app.md §2.2–2.3) plus the
 * types heplify-server stores but homer-app never mapped (RTCP, reports, DNS, ISUP), so every data
 * table has a search form and a partition step from the start.
 *
 * Field descriptors keep homer-app's keys (`id`, `name`, `type`, `index`, `form_type`, `position`,
 * `skip`, `hide`, ...) because the stock homer-ui reads them as they are.
 */

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface FieldMapping {
  readonly [key: string]: Json;
}

export interface CorrelationRule {
  readonly [key: string]: Json;
}

export interface MappingSeed {
  readonly hepid: number;
  readonly profile: string;
  readonly hepAlias: string;
  readonly partitionStepMinutes: number;
  readonly retentionDays: number;
  readonly fieldsMapping: readonly FieldMapping[];
  readonly correlationMapping: readonly CorrelationRule[];
}

function field(
  id: string,
  name: string,
  type: 'string' | 'integer',
  extra: Record<string, Json> = {},
): FieldMapping {
  return { id, name, type, index: 'none', form_type: 'input', skip: false, hide: false, ...extra };
}

/** Numbers the fields 1..n, as homer-ui orders the form and the result columns by `position`. */
function positioned(fields: readonly FieldMapping[], start = 1): FieldMapping[] {
  return fields.map((f, i) => ({ ...f, position: f['position'] ?? start + i }));
}

const HIDE = { hide: true } as const;
const SID_FIELD = field('sid', 'Session ID', 'string', { index: 'secondary', sid_type: true });
const CORRELATION_FIELD = field('protocol_header.correlation_id', 'Correlation ID', 'string', {
  ...HIDE,
  sid_type: true,
});

/** The network and HEP fields every table has in protocol_header. */
const NET_FIELDS: readonly FieldMapping[] = [
  field('protocol_header.srcIp', 'Source IP', 'string'),
  field('protocol_header.srcPort', 'Src Port', 'integer'),
  field('protocol_header.dstIp', 'Destination IP', 'string'),
  field('protocol_header.dstPort', 'Dst Port', 'integer'),
  field('protocol_header.timeSeconds', 'Timeseconds', 'integer', HIDE),
  field('protocol_header.timeUseconds', 'Usecond time', 'integer', HIDE),
  field('protocol_header.payloadType', 'Payload type', 'integer', HIDE),
  field('protocol_header.protocolFamily', 'Proto Family', 'integer', HIDE),
  field('protocol_header.protocol', 'Protocol Type', 'integer', HIDE),
  // homer-app declares captureId an integer although heplify-server stores a string (homer-app #378);
  // kept as shipped so the stock UI behaves the same; the search layer must compare it as text.
  field('protocol_header.captureId', 'Capture ID', 'integer', HIDE),
  field('protocol_header.capturePass', 'Capture Pass', 'string', { skip: true, hide: true }),
];

const NODE_FIELD = field('node', 'Node', 'string', {
  form_type: 'multiselect',
  form_default: [{ value: 'localnode', name: 'Local node' }],
  _form_api: '/database/node/list',
  system_param: true,
  mapping: 'param.location.node',
  skip: true,
  hide: true,
});

function sipFields(methods: readonly string[]): FieldMapping[] {
  return positioned([
    SID_FIELD,
    field('data_header.method', 'SIP Method', 'string', { form_default: [...methods], method_type: true }),
    CORRELATION_FIELD,
    field('data_header.callid', 'CallID', 'string', { ...HIDE, sid_type: true }),
    field('data_header.ruri_user', 'RURI user', 'string', HIDE),
    field('data_header.from_user', 'SIP From user', 'string'),
    field('data_header.to_user', 'SIP To user', 'string'),
    field('data_header.user_agent', 'User Agent', 'string', HIDE),
    ...NET_FIELDS,
    field('data_header.cseq', 'SIP Cseq', 'string', HIDE),
    field('data_header.from_tag', 'SIP From tag', 'string', HIDE),
    field('data_header.protocol', 'SIP Protocol', 'string', HIDE),
    field('raw', 'SIP RAW', 'string', { skip: true, hide: true }),
    field('profile', 'Profile', 'string', {
      form_type: 'select',
      form_default: ['call', 'registration', 'default'],
      hide: true,
      profile: true,
    }),
    NODE_FIELD,
  ]);
}

const SMART_INPUT_FIELD = field('smartinput', 'Smart Input', 'string', {
  form_type: 'smart-input',
  form_api: '/smart/search/tag/:hepid/:hepprofile',
  position: 26,
});

/** Tables keyed by Call-ID/correlation id: the common non-SIP layout. */
function netTableFields(extra: readonly FieldMapping[], rawName: string): FieldMapping[] {
  return positioned([
    SID_FIELD,
    CORRELATION_FIELD,
    ...NET_FIELDS,
    ...extra,
    field('raw', rawName, 'string', { skip: true, hide: true }),
    NODE_FIELD,
  ]);
}

const RANGE = [-300, 200] as const;

function rule(sourceField: string, lookupId: number, profile: string, lookupField: string): CorrelationRule {
  return {
    source_field: sourceField,
    lookup_id: lookupId,
    lookup_profile: profile,
    lookup_field: lookupField,
    lookup_range: [...RANGE],
  };
}

/** The B2BUA leg rule exactly as HOMER ships it (goja JS over `data`; appends `_b2b-1`). */
const B2B_RULE: CorrelationRule = {
  ...rule('data_header.callid', 1, 'call', "data_header->>'callid'"),
  input_function_js:
    "var returnData=[]; for (var i = 0; i < data.length; i++) { returnData.push(data[i]+'_b2b-1'); }; returnData;",
};

/**
 * SIP leg rules: logs, RTCP, quality reports and DNS by Call-ID (their `sid` is the HEP correlation
 * id), ISUP by its correlation id (its `sid` is the circuit, as heplify-server writes it), other
 * legs by correlation id.
 */
function sipCorrelation(profile: string, withB2b: boolean): CorrelationRule[] {
  return [
    rule('data_header.callid', 100, 'default', 'sid'),
    rule('data_header.callid', 5, 'default', 'sid'),
    rule('data_header.callid', 35, 'default', 'sid'),
    rule('data_header.callid', 53, 'default', 'sid'),
    rule('data_header.callid', 54, 'default', 'protocol_header.correlation_id'),
    rule('protocol_header.correlation_id', 1, profile, 'sid'),
    ...(withB2b ? [B2B_RULE] : []),
  ];
}

/** Rows keyed by the SIP Call-ID point back at the call (homer-app's 5/34/1000 seeds). */
const TO_SIP_CALL: readonly CorrelationRule[] = [rule('sid', 1, 'call', 'data_header.callid')];

const SIP_STEP = 60;
const RETENTION_DAYS = 14;

export const MAPPING_SEED: readonly MappingSeed[] = [
  {
    hepid: 1,
    profile: 'call',
    hepAlias: 'SIP',
    partitionStepMinutes: SIP_STEP,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: sipFields(['INVITE', 'BYE', '100', '200', '183', 'CANCEL']),
    correlationMapping: sipCorrelation('call', true),
  },
  {
    hepid: 1,
    profile: 'registration',
    hepAlias: 'SIP',
    partitionStepMinutes: SIP_STEP,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: sipFields(['REGISTER', '100', '200', '401', '403']),
    correlationMapping: sipCorrelation('registration', false),
  },
  {
    hepid: 1,
    profile: 'default',
    hepAlias: 'SIP',
    partitionStepMinutes: SIP_STEP,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: [
      ...sipFields(['INVITE', 'BYE', '100', '200', 'REGISTER', 'CANCEL', 'OPTIONS', 'NOTIFY']),
      SMART_INPUT_FIELD,
    ],
    correlationMapping: sipCorrelation('default', true),
  },
  {
    hepid: 5,
    profile: 'default',
    hepAlias: 'RTCP',
    partitionStepMinutes: 360,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: netTableFields([field('data_header.node', 'Node name', 'string', HIDE)], 'RTCP JSON'),
    correlationMapping: TO_SIP_CALL,
  },
  {
    hepid: 35,
    profile: 'default',
    hepAlias: 'REPORT',
    partitionStepMinutes: 360,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: netTableFields(
      [
        field('data_header.proto', 'Report type', 'string'),
        field('data_header.node', 'Node name', 'string', HIDE),
      ],
      'Report',
    ),
    correlationMapping: TO_SIP_CALL,
  },
  {
    hepid: 53,
    profile: 'default',
    hepAlias: 'DNS',
    partitionStepMinutes: 60,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: netTableFields([field('data_header.node', 'Node name', 'string', HIDE)], 'DNS'),
    correlationMapping: TO_SIP_CALL,
  },
  {
    hepid: 54,
    profile: 'default',
    hepAlias: 'ISUP',
    partitionStepMinutes: 360,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: netTableFields(
      [
        field('data_header.msg_name', 'Message', 'string'),
        field('data_header.called_number', 'Called number', 'string'),
        field('data_header.calling_number', 'Calling number', 'string'),
        field('data_header.opc', 'OPC', 'integer'),
        field('data_header.dpc', 'DPC', 'integer'),
        field('data_header.cic', 'CIC', 'integer'),
        field('data_header.callid', 'Call ID', 'string', { ...HIDE, sid_type: true }),
      ],
      'ISUP JSON',
    ),
    // Every message of the same circuit call (`callid` is `opc:dpc:cic`-based).
    correlationMapping: [rule('data_header.callid', 54, 'default', "data_header->>'callid'")],
  },
  {
    hepid: 100,
    profile: 'default',
    hepAlias: 'LOG',
    partitionStepMinutes: 120,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: netTableFields([field('data_header.protocol', 'Protocol', 'string', HIDE)], 'Log'),
    correlationMapping: [
      rule('sid', 1, 'call', 'data_header.callid'),
      rule('sid', 1, 'registration', 'data_header.callid'),
      rule('sid', 1, 'default', 'data_header.callid'),
    ],
  },
  {
    hepid: 2000,
    profile: 'default',
    hepAlias: 'LOKI',
    partitionStepMinutes: 60,
    retentionDays: RETENTION_DAYS,
    fieldsMapping: positioned([
      field('micro_ts', 'Timeseconds', 'integer', { date_field: true }),
      field('custom_1', 'Message', 'string', { autoheight: true }),
      field('custom_2', 'Labels', 'string'),
    ]),
    correlationMapping: [],
  },
];

/** homer-app's hepsub seed: how to ask an external agent (lookup_id 0 = remote). */
export const HEPSUB_SEED_MAPPING = {
  source_field: 'data_header.callid',
  lookup_id: 0,
  lookup_type: 'pubsub',
  lookup_profile: 'cdr',
  lookup_field: '{"data":$source_field,"fromts":$fromts,"tots":$tots}',
  lookup_range: [...RANGE],
} as const;

export const HEPSUB_SEED_PROFILES = ['default', 'call', 'registration'] as const;

/** homer-app's placeholder for `create_table`; nothing reads it. */
export const CREATE_TABLE_PLACEHOLDER = 'CREATE TABLE test(id integer, data text);';
