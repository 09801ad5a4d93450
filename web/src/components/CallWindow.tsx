import { useEffect, useState } from 'react';
import { callTransaction, exportPcap, exportText, reportLog, reportQos } from '../api/homer.js';
import type { TransactionData } from '../model/ladder.js';
import { qosStreams, type QosRow } from '../model/qos-series.js';
import { sessionInfo } from '../model/session-info.js';
import { FlowLadder } from './FlowLadder.js';

const TABS = ['Messages', 'Flow', 'Session info', 'QoS', 'Logs', 'Export'] as const;
type Tab = (typeof TABS)[number];

function save(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

const fmt = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(3)} s`);

/** One call: its messages, ladder, session KPIs, QoS, logs and exports. Several can be open. */
export function CallWindow({ title, body, onClose }: { title: string; body: unknown; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>('Flow');
  const [data, setData] = useState<TransactionData>();
  const [qos, setQos] = useState<QosRow[]>([]);
  const [logs, setLogs] = useState<Record<string, unknown>[]>([]);
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<Record<string, unknown>>();

  useEffect(() => {
    let live = true;
    callTransaction(body).then(
      (d) => live && setData(d),
      (e: Error) => live && setError(e.message),
    );
    reportQos(body).then(
      (rows) => live && setQos(rows),
      () => undefined,
    );
    reportLog(body).then(
      (rows) => live && setLogs(rows),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [body]);

  const openMessage = (id: number): void => setMessage(data?.messages.find((m) => Number(m.id) === id));
  const info = data
    ? sessionInfo(
        data.messages
          .filter((m) => Number(m.payloadType ?? 1) === 1)
          .map((m) => ({
            method: String(m.method ?? ''),
            cseqMethod: String(m.cseq ?? '').split(' ')[1] ?? '',
            microTs: Number(m.micro_ts),
          })),
      )
    : undefined;

  return (
    <section className="call-window" role="dialog" aria-label={title}>
      <header>
        <strong>{title}</strong>
        <button onClick={onClose} aria-label="Close call window">
          ×
        </button>
      </header>
      <nav role="tablist">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </nav>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!data && !error && <p>Loading call…</p>}
      {data && tab === 'Flow' && <FlowLadder data={data} onMessage={openMessage} />}
      {data && tab === 'Messages' && (
        <table className="messages">
          <thead>
            <tr>
              {['Date', 'Event', 'Size', 'Src', 'Sport', 'Dst', 'Dport', 'Proto'].map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.messages.map((m) => (
              <tr key={String(m.id)} onClick={() => openMessage(Number(m.id))}>
                <td>{new Date(Number(m.create_date)).toISOString().replace('T', ' ').slice(0, 23)}</td>
                <td>{String(m.method ?? '')}</td>
                <td>{String(m.raw ?? '').length}</td>
                <td>{String(m.srcIp)}</td>
                <td>{String(m.srcPort)}</td>
                <td>{String(m.dstIp)}</td>
                <td>{String(m.dstPort)}</td>
                <td>{Number(m.protocol) === 6 ? 'TCP' : 'UDP'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {info && tab === 'Session info' && (
        <dl className="session-info">
          <dt>Status</dt>
          <dd>{info.status}</dd>
          <dt>Session request delay</dt>
          <dd>{fmt(info.requestDelayMs)}</dd>
          <dt>Setup delay</dt>
          <dd>{fmt(info.setupDelayMs)}</dd>
          <dt>Ringing time</dt>
          <dd>{fmt(info.ringingMs)}</dd>
          <dt>Duration</dt>
          <dd>{fmt(info.durationMs)}</dd>
          <dt>Disconnect delay</dt>
          <dd>{fmt(info.disconnectDelayMs)}</dd>
        </dl>
      )}
      {tab === 'QoS' && (
        <table className="qos">
          <thead>
            <tr>
              <th>Stream</th>
              <th>Reports</th>
              <th>Jitter ms min/avg/max</th>
              <th>Loss % min/avg/max</th>
              <th>MOS min/avg/max</th>
            </tr>
          </thead>
          <tbody>
            {qosStreams(qos).map((s) => (
              <tr key={s.key}>
                <td>{s.label}</td>
                <td>{s.points.length}</td>
                {[s.jitterMs, s.lossPct, s.mos].map((st, i) => (
                  <td key={i}>
                    {st ? `${st.min.toFixed(2)} / ${st.avg.toFixed(2)} / ${st.max.toFixed(2)}` : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tab === 'Logs' && (
        <ul className="logs">
          {logs.length === 0 && <li>No logs for this call.</li>}
          {logs.map((l) => (
            <li key={String(l.id)}>
              <code>{String(l.raw ?? '')}</code>
            </li>
          ))}
        </ul>
      )}
      {tab === 'Export' && (
        <div className="export">
          <button
            onClick={() =>
              void exportPcap(body).then(
                (b) => save(b, 'call.pcap'),
                (e: Error) => setError(e.message),
              )
            }
          >
            Export PCAP
          </button>
          <button
            onClick={() =>
              void exportText(body).then(
                (b) => save(b, 'call.txt'),
                (e: Error) => setError(e.message),
              )
            }
          >
            Export text
          </button>
        </div>
      )}
      {message && (
        <aside className="message-window" role="dialog" aria-label={`Message ${String(message.id)}`}>
          <header>
            <strong>Message {String(message.id)}</strong>
            <button onClick={() => setMessage(undefined)} aria-label="Close message">
              ×
            </button>
          </header>
          <pre className="raw">{String(message.raw ?? '')}</pre>
          <table>
            <tbody>
              {Object.entries(message)
                .filter(([k]) => k !== 'raw')
                .map(([k, v]) => (
                  <tr key={k}>
                    <th>{k}</th>
                    <td>{k === 'create_date' ? new Date(Number(v)).toISOString() : String(v)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </aside>
      )}
    </section>
  );
}
