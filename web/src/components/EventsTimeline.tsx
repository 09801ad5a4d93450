import { useMemo } from 'react';
import { useTimeZone } from '../shell/time-zone.js';
import { timeline, type CallEvent } from '../call/events.js';
import type { TransactionData } from '../model/ladder.js';

/**
 * JSON events (Janus, mediasoup, …) beside the SIP flow on one time axis: each row is either a SIP
 * message (left) or an event (right), in time order, so an event reads next to the SIP around it.
 */
export function EventsTimeline({ data, events }: { data: TransactionData; events: readonly CallEvent[] }) {
  const timeZone = useTimeZone();
  const rows = useMemo(() => timeline(data, events, timeZone), [data, events, timeZone]);
  if (events.length === 0) return <p>No JSON events (Janus, mediasoup, …) for this call.</p>;
  return (
    <table className="cw-table cw-timeline" aria-label="Events timeline">
      <thead>
        <tr>
          <th>Time</th>
          <th>SIP flow</th>
          <th>Event</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.kind === 'event' ? 'cw-event-row' : undefined}>
            <td className="cw-mono">{r.time}</td>
            <td style={r.kind === 'sip' ? { color: r.color } : undefined}>
              {r.kind === 'sip' ? r.label : ''}
            </td>
            <td>
              {r.kind === 'event' && (
                <details>
                  <summary>
                    <strong>{r.label}</strong> <span className="cw-muted">{r.source}</span>
                  </summary>
                  <pre className="cw-raw cw-json">{r.detail}</pre>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
