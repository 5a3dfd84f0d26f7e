/**
 * The `llm` bench's reading of the server's own counters: its Prometheus
 * /metrics (calls, tokens, cost, fallbacks) and its /stats (late ticks),
 * scraped before and after a phase so the suite reports the difference.
 */

/** Prometheus text: samples by name, labels kept as text. */
function parseMetrics(text: string): Map<string, { labels: string; value: number }[]> {
  const samples = new Map<string, { labels: string; value: number }[]>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) continue;
    const list = samples.get(m[1]!) ?? [];
    list.push({ labels: m[2] ?? '', value: Number(m[3]) });
    samples.set(m[1]!, list);
  }
  return samples;
}

export class Scrape {
  constructor(readonly samples: Map<string, { labels: string; value: number }[]>) {}

  sum(name: string, label?: string, value?: string): number {
    let total = 0;
    for (const s of this.samples.get(name) ?? []) {
      if (label === undefined || s.labels.includes(`${label}="${value}"`)) total += s.value;
    }
    return total;
  }

  byLabel(name: string, label: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.samples.get(name) ?? []) {
      const v = new RegExp(`${label}="([^"]*)"`).exec(s.labels)?.[1];
      if (v !== undefined && s.value !== 0) out[v] = (out[v] ?? 0) + s.value;
    }
    return out;
  }
}

export async function scrape(base: string): Promise<{ metrics: Scrape; lateTicks: number }> {
  const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const stats = (await (
    await fetch(`${base}/stats`, { signal: AbortSignal.timeout(5000) })
  ).json()) as { ticks?: { merged?: number; dropped?: number } };
  return {
    metrics: new Scrape(parseMetrics(text)),
    lateTicks: (stats.ticks?.merged ?? 0) + (stats.ticks?.dropped ?? 0),
  };
}
