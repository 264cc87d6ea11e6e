// Reads metric values the way a Prometheus scrape sees them: from the text of /metrics, or from a metric object of a
// registry built in the test. One matching rule for both: the sum of every series of the metric whose labels include
// the given ones (no labels = the metric's total over all series).
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
const unescape = (value: string) => value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
const number = (value: string) => (value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value));

/** Every sample of a Prometheus text exposition; comment lines and blank lines are skipped. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? '';
    for (let at = 0; at < body.length; at = LABEL.lastIndex) {
      LABEL.lastIndex = at;
      const label = LABEL.exec(body);
      if (!label) throw new Error(`unreadable labels in: ${line}`);
      labels[label[1]!] = unescape(label[2]!);
    }
    samples.push({ name: match[1]!, labels, value: number(match[3]!) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels` (0 when no such series exists yet). */
export function sumSamples(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    if (Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) total += sample.value;
  }
  return total;
}

/** A prom-client counter or gauge, as far as reading it goes. */
interface ReadableMetric {
  get(): Promise<{ name: string; values: readonly { labels: object; value: number }[] }>;
}

/** The same reading for a metric object of a registry the test built (no HTTP in between). */
export async function metricValue(metric: ReadableMetric, labels: Record<string, string> = {}): Promise<number> {
  const data = await metric.get();
  const samples = data.values.map((v) => ({
    name: data.name,
    labels: Object.fromEntries(Object.entries(v.labels).map(([k, l]) => [k, String(l)])),
    value: v.value,
  }));
  return sumSamples(samples, data.name, labels);
}
