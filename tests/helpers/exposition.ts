/** One metric family of a Prometheus text exposition. */
export interface MetricFamily {
  readonly name: string;
  readonly type: string;
  /** Label names seen on its samples (`le` and `quantile` included). */
  readonly labels: Set<string>;
  /** How many samples it has (a labelled metric nothing has touched has none). */
  samples: number;
}

/**
 * A parsed `/metrics` page (text format 0.0.4, as prom-client writes it): its
 * families by name, and which series names each family gives (a histogram
 * `x` gives `x_bucket`, `x_sum` and `x_count`; a counter is named with its
 * `_total`, and OpenMetrics' bare name is taken too).
 */
export class Exposition {
  readonly families = new Map<string, MetricFamily>();
  readonly #bySeries = new Map<string, MetricFamily>();

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) {
        this.#declare(type[1]!, type[2]!);
        continue;
      }
      if (line === '' || line.startsWith('#')) continue;
      const { name, labels } = parseSample(line);
      const family = this.#bySeries.get(name);
      if (!family) throw new Error(`sample ${name} of no declared family: ${line}`);
      family.samples++;
      for (const label of labels) family.labels.add(label);
    }
  }

  /** The family a series name (as PromQL writes it) belongs to, if exported. */
  familyOf(series: string): MetricFamily | undefined {
    return this.#bySeries.get(series);
  }

  #declare(name: string, type: string): void {
    const family: MetricFamily = { name, type, labels: new Set(), samples: 0 };
    this.families.set(name, family);
    const series =
      type === 'histogram'
        ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
        : type === 'summary'
          ? [name, `${name}_sum`, `${name}_count`]
          : type === 'counter' && !name.endsWith('_total')
            ? [name, `${name}_total`]
            : [name];
    for (const s of series) this.#bySeries.set(s, family);
  }
}

/** `name{a="x",b="y \" }"} 1.5 [timestamp]`: the name and the label names. */
function parseSample(line: string): { name: string; labels: string[] } {
  const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0];
  if (!name) throw new Error(`not a sample line: ${line}`);
  const labels: string[] = [];
  let i = name.length;
  if (line[i] !== '{') return { name, labels };
  i++;
  while (line[i] !== '}') {
    const label = /^[A-Za-z_][A-Za-z0-9_]*="/.exec(line.slice(i))?.[0];
    if (!label) throw new Error(`bad label at ${i}: ${line}`);
    labels.push(label.slice(0, -2));
    i += label.length;
    while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
    i++;
    if (line[i] === ',') i++;
  }
  return { name, labels };
}
