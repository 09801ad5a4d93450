/** The calls only widgets make (on the shared client: 401 → logout, errors name the call). */
import { apiCall } from '../api/client.js';
import { PrometheusValues, SmartTags } from '../api/schemas.js';
import type { TimeRange } from '../model/time-range.js';

export interface SmartTag {
  readonly value: string;
  readonly name: string;
}

/** Smart-input field suggestions for the typed text (the server completes its last word). */
export async function smartTags(hepid: number, profile: string, typed: string): Promise<SmartTag[]> {
  const query = encodeURIComponent(JSON.stringify({ data: typed }));
  const reply = await apiCall(
    'GET',
    `/smart/search/tag/${hepid}/${encodeURIComponent(profile)}?query=${query}`,
    SmartTags,
  );
  return reply.data.data;
}

/** One Prometheus `query_range` reply per PromQL expression (503 when no Prometheus is configured). */
export function prometheusValues(
  metrics: readonly string[],
  range: TimeRange,
  precision: number,
): Promise<unknown[]> {
  return apiCall('POST', '/prometheus/value', PrometheusValues, {
    param: { precision, metrics },
    timestamp: { from: range.from, to: range.to },
  });
}
