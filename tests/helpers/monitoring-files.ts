import { readFileSync } from 'node:fs';

/** One PromQL expression of a dashboard or rule file, and where it is. */
export interface MonitoringExpr {
  readonly where: string;
  /** Ready for PromQL: Grafana's variables replaced by values Prometheus parses. */
  readonly expr: string;
  /** Labels it names outside the expression (a `label_values` variable's label). */
  readonly labels: readonly string[];
}

export const DASHBOARD_FILE = 'src/ops/grafana/lifetick-dashboard.json';
export const ALERTS_FILE = 'src/ops/prometheus/lifetick-alerts.yml';

/** Grafana's interval variables as a duration, and the dashboard's own variables as "any". */
function withoutVariables(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g, '5m')
    .replace(/\$\{?instance\}?/g, '.*');
}

interface Panel {
  readonly title?: string;
  readonly targets?: readonly { readonly refId?: string; readonly expr?: string }[];
  readonly panels?: readonly Panel[];
}

interface Dashboard {
  readonly panels: readonly Panel[];
  readonly templating: {
    readonly list: readonly {
      readonly name: string;
      readonly type: string;
      readonly query?: string | { readonly query?: string };
    }[];
  };
}

export function readDashboard(file = DASHBOARD_FILE): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel target's expression (rows' folded panels too) and every query variable's. */
export function dashboardExprs(dashboard: Dashboard): MonitoringExpr[] {
  const out: MonitoringExpr[] = [];
  const walk = (panels: readonly Panel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr === undefined)
          throw new Error(`panel "${panel.title}" has a target without expr`);
        out.push({
          where: `panel "${panel.title}" target ${target.refId}`,
          expr: withoutVariables(target.expr),
          labels: [],
        });
      }
      walk(panel.panels ?? []);
    }
  };
  walk(dashboard.panels);
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    const m = /^label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(query ?? '');
    if (!m) throw new Error(`variable ${variable.name}: not a label_values query: ${query}`);
    out.push({
      where: `variable ${variable.name}`,
      expr: withoutVariables(m[1]!),
      labels: [m[2]!],
    });
  }
  return out;
}

/**
 * Each alert's `expr` from a rule file. There is no YAML parser among the
 * dependencies, so this reads the form the rule file keeps to (its header
 * says so): `- alert: Name`, then `expr: |` or `expr: >-` with the
 * expression on the lines indented below, or `expr: <one line>`. A rule
 * without an expr it can read throws, so a change of form is noticed.
 */
export function ruleExprs(file = ALERTS_FILE): MonitoringExpr[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: MonitoringExpr[] = [];
  let alert: string | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const named = /^\s*- (alert|record):\s*(\S+)\s*$/.exec(line);
    if (named) {
      if (alert !== undefined) throw new Error(`${file}: rule ${alert} has no expr`);
      alert = named[2]!;
      continue;
    }
    const expr = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!expr) continue;
    if (alert === undefined) throw new Error(`${file}:${n + 1}: expr outside a rule`);
    const indent = expr[1]!.length;
    let text = expr[2]!.trim();
    if (/^[|>][-+]?$/.test(text)) {
      const body: string[] = [];
      while (n + 1 < lines.length) {
        const next = lines[n + 1]!;
        if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
        body.push(next.trim());
        n++;
      }
      text = body.join(' ').trim();
    }
    if (text === '') throw new Error(`${file}: rule ${alert} has an empty expr`);
    out.push({ where: `rule ${alert}`, expr: text, labels: [] });
    alert = undefined;
  }
  if (alert !== undefined) throw new Error(`${file}: rule ${alert} has no expr`);
  return out;
}
