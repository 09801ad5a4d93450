import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { OutcomeWindow } from '../analytics/outcome-window.js';
import { CounterTally, GaugeTally } from './tally.js';

/**
 * Call metrics: heplify-server's KPI gauges (`heplify_kpi_srd`, `heplify_kpi_rrd`, nanoseconds as
 * heplify-server sets them) and homer-ts's own call outcome metrics, which no HOMER has. Labels
 * are bounded: `target_name` takes only configured target names or "", `outcome` four values.
 */
export interface CallMetrics {
  readonly srd: Gauge<'target_name' | 'node_id'>;
  readonly rrd: Gauge<'target_name' | 'node_id'>;
  readonly attempts: Counter<'target_name'>;
  readonly outcomes: Counter<'outcome' | 'target_name'>;
  readonly setupDelay: Histogram<'target_name'>;
  readonly duration: Histogram<'target_name'>;
  readonly trackerOverflow: Counter;
  readonly window: OutcomeWindow;
  /** The gauges and counters above as the tracker updates them (tally.ts), once per call. */
  readonly tallies: CallTallies;
}

export interface CallTallies {
  readonly srd: GaugeTally<'target_name' | 'node_id'>;
  readonly rrd: GaugeTally<'target_name' | 'node_id'>;
  readonly attempts: CounterTally<'target_name'>;
  readonly outcomes: CounterTally<'outcome' | 'target_name'>;
}

export function createCallMetrics(registry: Registry): CallMetrics {
  const registers = [registry];
  const window = new OutcomeWindow(15);
  new Gauge({
    name: 'homer_call_asr_ratio',
    help: 'Answer-seizure ratio over the last 15 minutes (answered / attempts), by target',
    labelNames: ['target_name'],
    registers,
    collect() {
      this.reset();
      for (const [target, r] of window.ratios()) this.set({ target_name: target }, r.asr);
    },
  });
  new Gauge({
    name: 'homer_call_ner_ratio',
    help: 'Network effectiveness ratio over the last 15 minutes ((answered + busy + cancelled) / attempts), by target',
    labelNames: ['target_name'],
    registers,
    collect() {
      this.reset();
      for (const [target, r] of window.ratios()) this.set({ target_name: target }, r.ner);
    },
  });
  new Gauge({
    name: 'homer_call_window_attempts',
    help: 'Call attempts in the last 15 minutes (the base of the ASR/NER gauges), by target',
    labelNames: ['target_name'],
    registers,
    collect() {
      this.reset();
      for (const [target, r] of window.ratios()) this.set({ target_name: target }, r.attempts);
    },
  });
  const srd = new GaugeTally({
    name: 'heplify_kpi_srd',
    help: 'Session request delay: INVITE to the first 18x/final response, in nanoseconds (heplify-server)',
    labelNames: ['target_name', 'node_id'],
    registers,
  });
  const rrd = new GaugeTally({
    name: 'heplify_kpi_rrd',
    help: 'Registration request delay: REGISTER to its final response, in nanoseconds (heplify-server)',
    labelNames: ['target_name', 'node_id'],
    registers,
  });
  const attempts = new CounterTally({
    name: 'homer_call_attempts_total',
    help: 'Calls attempted (first INVITE of a Call-ID), by target',
    labelNames: ['target_name'],
    registers,
  });
  const outcomes = new CounterTally({
    name: 'homer_call_outcomes_total',
    help: 'Calls by final outcome: answered (2xx), busy (486/600), cancelled (487), failed (other 3xx-6xx)',
    labelNames: ['outcome', 'target_name'],
    registers,
  });
  return {
    srd: srd.metric,
    rrd: rrd.metric,
    attempts: attempts.metric,
    outcomes: outcomes.metric,
    setupDelay: new Histogram({
      name: 'homer_call_setup_delay_seconds',
      help: 'Successful session setup delay: INVITE to 200 OK, by target',
      labelNames: ['target_name'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60],
      registers,
    }),
    duration: new Histogram({
      name: 'homer_call_duration_seconds',
      help: 'Answered call duration: 200 OK to BYE, by target',
      labelNames: ['target_name'],
      buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
      registers,
    }),
    trackerOverflow: new Counter({
      name: 'homer_call_tracker_overflow_total',
      help: 'Calls not followed because the tracker was full (bounded memory)',
      registers,
    }),
    window,
    tallies: { srd, rrd, attempts, outcomes },
  };
}
