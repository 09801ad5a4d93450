/** World clock: which zones a clock widget shows and how one zone's time reads. */
import { formatDateTime, isValidTimeZone, zoneOffsetMinutes } from '../../model/time-format.js';

/** True when the browser knows the IANA zone name. */
export function isTimeZone(zone: string): boolean {
  return zone.trim() !== '' && isValidTimeZone(zone);
}

/**
 * The zones of a clock widget's config: ours (`zones`), else homer-ui's single `location`
 * (`{name:'UTC', offset:'+0'}`: the name when it is a zone, else the whole-hour offset as
 * `Etc/GMT∓n`, whose sign is inverted by POSIX convention). Unknown zones are left out; UTC when none.
 */
export function clockZones(config: Record<string, unknown> | undefined): string[] {
  const zones = Array.isArray(config?.zones)
    ? config.zones.filter((z): z is string => typeof z === 'string' && isTimeZone(z))
    : [];
  if (zones.length > 0) return zones;
  const location = config?.location as { name?: unknown; offset?: unknown } | undefined;
  if (typeof location?.name === 'string' && isTimeZone(location.name)) return [location.name];
  const hours = Number(location?.offset);
  if (Number.isInteger(hours) && hours !== 0 && Math.abs(hours) <= 14) {
    return [`Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`];
  }
  return ['UTC'];
}

export interface ClockFace {
  readonly zone: string;
  /** `HH:mm:ss` (24 h). */
  readonly time: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `UTC+05:30`. */
  readonly offset: string;
}

export function clockFace(now: number, zone: string): ClockFace {
  const [date = '', time = ''] = formatDateTime(now, zone).split(' ');
  const minutes = zoneOffsetMinutes(now, zone);
  const abs = Math.abs(minutes);
  const offset = `UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { zone, time, date, offset };
}
