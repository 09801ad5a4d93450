import { useMemo, useState } from 'react';
import { FloatingWindow } from '../call/FloatingWindow.js';
import { detailRows, prettyJson } from '../call/message-details.js';
import { useTimeZone } from '../shell/time-zone.js';
import { highlightSip, parseSip } from '../model/sip-highlight.js';

const TABS = ['Message', 'Headers', 'SDP', 'Details'] as const;
type Tab = (typeof TABS)[number];

function Raw({ raw }: { raw: string }) {
  const json = useMemo(() => prettyJson(raw), [raw]);
  const lines = useMemo(() => (json === undefined ? highlightSip(raw) : undefined), [raw, json]);
  if (json !== undefined) return <pre className="cw-raw cw-json">{json}</pre>;
  return (
    <pre className="cw-raw" aria-label="Raw message">
      {lines?.map((tokens, i) => (
        <span key={i} className="cw-line">
          {tokens.map((t, j) => (
            <span key={j} className={`sip-${t.kind}`}>
              {t.text}
            </span>
          ))}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

/**
 * One message: the raw payload with SIP highlighting (JSON pretty-printed), its parsed headers, its
 * SDP, and every protocol_header/data_header field with times formatted. Movable like a call window.
 */
export function MessageWindow({
  message,
  onClose,
}: {
  message: Readonly<Record<string, unknown>>;
  onClose: () => void;
}) {
  const [tab, setTab] = useState<Tab>('Message');
  const raw = String(message.raw ?? '');
  const parsed = useMemo(() => parseSip(raw), [raw]);
  const timeZone = useTimeZone();
  const details = useMemo(() => detailRows(message, timeZone), [message, timeZone]);
  const id = String(message.id);
  const tabs = TABS.filter((t) => t !== 'SDP' || parsed.sdp);
  return (
    <FloatingWindow
      label={`Message ${id}`}
      title={`Message ${id} · ${String(message.method ?? '')} ${String(message.srcIp ?? '')} → ${String(message.dstIp ?? '')}`}
      closeLabel="Close message"
      onClose={onClose}
      className="cw-message"
      width={680}
      height={460}
    >
      <div role="tablist" className="cw-tabs">
        {tabs.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      <div className="cw-tabpanel" role="tabpanel" aria-label={tab}>
        {tab === 'Message' && <Raw raw={raw} />}
        {tab === 'Headers' &&
          (parsed.headers.length === 0 ? (
            <p>Not a SIP message: no headers.</p>
          ) : (
            <table className="cw-table cw-kv">
              <tbody>
                <tr>
                  <th>Start line</th>
                  <td>{parsed.startLine}</td>
                </tr>
                {parsed.headers.map((h, i) => (
                  <tr key={i}>
                    <th>{h.name}</th>
                    <td>{h.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        {tab === 'SDP' && parsed.sdp && (
          <div className="cw-sdp">
            <h4>Session</h4>
            <table className="cw-table cw-kv">
              <tbody>
                {parsed.sdp.session.map((l, i) => (
                  <tr key={i}>
                    <th>{l.type}=</th>
                    <td>{l.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {parsed.sdp.media.map((m, i) => (
              <div key={i}>
                <h4>m={m.m}</h4>
                <table className="cw-table cw-kv">
                  <tbody>
                    {m.lines.map((l, j) => (
                      <tr key={j}>
                        <th>{l.type}=</th>
                        <td>{l.value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </div>
        )}
        {tab === 'Details' && (
          <table className="cw-table cw-kv" aria-label="Message details">
            <tbody>
              {details.map((d) => (
                <tr key={d.key}>
                  <th>{d.key}</th>
                  <td>{d.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </FloatingWindow>
  );
}
