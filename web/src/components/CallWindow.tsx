import { useMemo, useState } from 'react';
import { fetchLogs, fetchPcap, fetchQos, fetchText, fetchTransaction } from '../call/api.js';
import { saveBlob } from '../call/download.js';
import { callEvents } from '../call/events.js';
import { FloatingWindow } from '../call/FloatingWindow.js';
import { formatMicros, messageRows } from '../call/message-rows.js';
import { useTimeZone } from '../shell/time-zone.js';
import { prettyJson } from '../call/message-details.js';
import { useRequest, type RequestState } from '../call/use-request.js';
import type { TransactionData } from '../model/ladder.js';
import { qosStreams, rtpReportStreams } from '../model/qos-series.js';
import { sessionInfo } from '../model/session-info.js';
import { encodeShareLink, type SharedRequest } from '../model/share-link.js';
import { EventsTimeline } from './EventsTimeline.js';
import { FlowLadder } from './FlowLadder.js';
import { MessageWindow } from './MessageWindow.js';
import { QosCharts } from './QosCharts.js';

export const CALL_TABS = ['Messages', 'Flow', 'Session info', 'QoS', 'Logs', 'Events', 'Export'] as const;
export type CallTab = (typeof CALL_TABS)[number];

const MESSAGE_COLUMNS = [
  'Date',
  'Time',
  'Diff',
  'Event',
  'Size',
  'Src',
  'Sport',
  'Dst',
  'Dport',
  'Proto',
  'Type',
];

const fmt = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(3)} s`);

/** Loading and error lines for one request; `what` names it in the user's words. */
function Pending({ state, what }: { state: RequestState<unknown>; what: string }) {
  if (state.status === 'loading') return <p className="cw-muted">Loading {what}…</p>;
  if (state.status === 'error')
    return (
      <p role="alert" className="cw-error">
        Could not load {what}: {state.error}
      </p>
    );
  return null;
}

function MessagesTab({ data, onOpen }: { data: TransactionData; onOpen: (messageIndex: number) => void }) {
  const timeZone = useTimeZone();
  const rows = useMemo(() => messageRows(data, timeZone), [data, timeZone]);
  return (
    <div className="cw-scroll">
      <table className="cw-table cw-messages" aria-label="Messages">
        <thead>
          <tr>
            {MESSAGE_COLUMNS.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.index}
              tabIndex={0}
              onClick={() => onOpen(r.index)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onOpen(r.index);
              }}
            >
              <td>{r.date}</td>
              <td className="cw-mono">{r.time}</td>
              <td className="cw-mono">{r.diff}</td>
              <td style={{ color: r.color, fontWeight: 600 }}>{r.event}</td>
              <td>{r.size}</td>
              <td>{r.src}</td>
              <td>{r.sport}</td>
              <td>{r.dst}</td>
              <td>{r.dport}</td>
              <td>{r.proto}</td>
              <td>{r.type}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SessionTab({ data }: { data: TransactionData }) {
  const info = useMemo(
    () =>
      sessionInfo(
        data.messages
          .filter((m) => Number(m.payloadType ?? 1) === 1)
          .map((m) => ({
            method: String(m.method ?? ''),
            cseqMethod: String(m.cseq ?? '').split(' ')[1] ?? '',
            microTs: Number(m.micro_ts),
          })),
      ),
    [data],
  );
  const timeZone = useTimeZone();
  const callIds = [...new Set(data.calldata.map((c) => c.sid))];
  const times = data.calldata.map((c) => c.micro_ts);
  const first = times.length ? formatMicros(Math.min(...times), timeZone) : undefined;
  const last = times.length ? formatMicros(Math.max(...times), timeZone) : undefined;
  const rows: [string, string][] = [
    ['Status', info.status],
    ['Session request delay', fmt(info.requestDelayMs)],
    ['Setup delay', fmt(info.setupDelayMs)],
    ['Ringing time', fmt(info.ringingMs)],
    ['Duration', fmt(info.durationMs)],
    ['Disconnect delay', fmt(info.disconnectDelayMs)],
    ['Last bad reply', info.lastBadReply ?? '—'],
    ['Call-IDs', callIds.join(', ')],
    ['Messages', String(data.messages.length)],
    ['First message', first ? `${first.date} ${first.time}` : '—'],
    ['Last message', last ? `${last.date} ${last.time}` : '—'],
  ];
  return (
    <table className="cw-table cw-kv session-info" aria-label="Session info">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ExportTab({ body, title, tab }: { body: unknown; title: string; tab: CallTab }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}${encodeShareLink({ request: body as SharedRequest, title, tab })}`;
  const download = (what: string, load: () => Promise<Blob>, name: string): void => {
    setError(undefined);
    setBusy(what);
    load().then(
      (blob) => {
        setBusy(undefined);
        saveBlob(blob, name);
      },
      (e: Error) => {
        setBusy(undefined);
        setError(`${what} failed: ${e.message}`);
      },
    );
  };
  return (
    <div className="cw-export">
      <div className="cw-toolbar">
        <button
          type="button"
          disabled={busy !== undefined}
          onClick={() => download('Export PCAP', () => fetchPcap(body), 'call.pcap')}
        >
          Export PCAP
        </button>
        <button
          type="button"
          disabled={busy !== undefined}
          onClick={() => download('Export text', () => fetchText(body), 'call.txt')}
        >
          Export text
        </button>
        {busy && <span className="cw-muted">{busy}…</span>}
      </div>
      {error && (
        <p role="alert" className="cw-error">
          {error}
        </p>
      )}
      <label className="cw-share">
        Share link (opens this call after login)
        <input readOnly value={link} onFocus={(e) => e.currentTarget.select()} aria-label="Share link" />
      </label>
      <div className="cw-toolbar">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(link).then(
              () => setCopied(true),
              () =>
                setError(
                  'Copy share link failed: the browser refused clipboard access; select the link and copy it.',
                ),
            )
          }
        >
          Copy share link
        </button>
        <a href={link} target="_blank" rel="noreferrer">
          Open in a new tab
        </a>
        {copied && <span className="cw-muted">Copied.</span>}
      </div>
    </div>
  );
}

export interface CallWindowProps {
  readonly title: string;
  /** The transaction request (homer-ui's body for call/transaction, reports and exports). */
  readonly body: unknown;
  readonly onClose: () => void;
  readonly initialTab?: CallTab;
}

/** One call: its messages, ladder, session KPIs, QoS, logs, events and exports. Several can be open. */
export function CallWindow({ title, body, onClose, initialTab = 'Flow' }: CallWindowProps) {
  const [tab, setTabState] = useState<CallTab>(initialTab);
  // The share link reopens the tab the user was reading, not the Export tab it was copied from.
  const [viewTab, setViewTab] = useState<CallTab>(initialTab === 'Export' ? 'Flow' : initialTab);
  const setTab = (t: CallTab): void => {
    setTabState(t);
    if (t !== 'Export') setViewTab(t);
  };
  const [openMessages, setOpenMessages] = useState<number[]>([]);
  const timeZone = useTimeZone();
  const transaction = useRequest(() => fetchTransaction(body), body);
  const qos = useRequest(() => fetchQos(body), body);
  const logs = useRequest(() => fetchLogs(body), body);

  const streams = useMemo(
    () => (qos.status === 'done' ? [...qosStreams(qos.data.rtcp), ...rtpReportStreams(qos.data.rtp)] : []),
    [qos],
  );
  const events = useMemo(
    () => (logs.status === 'done' ? callEvents(logs.data, timeZone) : []),
    [logs, timeZone],
  );
  const data = transaction.status === 'done' ? transaction.data : undefined;
  const open = (messageIndex: number): void =>
    setOpenMessages((prev) => (prev.includes(messageIndex) ? prev : [...prev, messageIndex]));

  return (
    <FloatingWindow
      label={title}
      title={title}
      closeLabel="Close call window"
      onClose={onClose}
      className="cw-call"
      width={1100}
      height={640}
      testId="call-window"
    >
      <div role="tablist" className="cw-tabs" aria-label="Call window tabs">
        {CALL_TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
            {t === 'QoS' && streams.length > 0 ? ` (${streams.length})` : ''}
            {t === 'Events' && events.length > 0 ? ` (${events.length})` : ''}
          </button>
        ))}
      </div>
      <div className="cw-tabpanel" role="tabpanel" aria-label={tab}>
        {['Messages', 'Flow', 'Session info', 'Events'].includes(tab) && (
          <Pending state={transaction} what="the call" />
        )}
        {data && tab === 'Flow' && <FlowLadder data={data} onMessage={open} />}
        {data && tab === 'Messages' && <MessagesTab data={data} onOpen={open} />}
        {data && tab === 'Session info' && <SessionTab data={data} />}
        {tab === 'QoS' && <Pending state={qos} what="the QoS reports" />}
        {tab === 'QoS' && qos.status === 'done' && <QosCharts streams={streams} />}
        {(tab === 'Logs' || tab === 'Events') && <Pending state={logs} what="the logs" />}
        {tab === 'Logs' && logs.status === 'done' && (
          <ul className="cw-logs" aria-label="Logs">
            {logs.data.length === 0 && <li>No logs for this call.</li>}
            {logs.data.map((l, i) => (
              <li key={i}>
                <span className="cw-mono cw-muted">
                  {formatMicros(Number(l.create_date) * 1000, timeZone).time}
                </span>{' '}
                <pre className="cw-raw">{prettyJson(String(l.raw ?? '')) ?? String(l.raw ?? '')}</pre>
              </li>
            ))}
          </ul>
        )}
        {data && tab === 'Events' && logs.status === 'done' && <EventsTimeline data={data} events={events} />}
        {tab === 'Export' && <ExportTab body={body} title={title} tab={viewTab} />}
      </div>
      {data &&
        openMessages.map((i) => {
          const message = data.messages[i];
          return message ? (
            <MessageWindow
              key={i}
              message={message}
              onClose={() => setOpenMessages((prev) => prev.filter((x) => x !== i))}
            />
          ) : null;
        })}
    </FloatingWindow>
  );
}
