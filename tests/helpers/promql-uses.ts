/** A metric selector in a PromQL expression, with the label names its matchers name. */
export interface MetricUse {
  readonly metric: string;
  readonly labels: readonly string[];
}

/** What a PromQL expression reads: metric selectors and the labels it groups or matches on. */
export interface PromqlUses {
  readonly metrics: readonly MetricUse[];
  /** Labels in `by`, `without`, `on`, `ignoring`, `group_left` and `group_right` lists. */
  readonly grouping: readonly string[];
}

// Prometheus 2.x functions (promql/parser/functions.go), plus `start` and
// `end` of the `@` modifier. An identifier before `(` must be one of these
// or an aggregation: a misspelt function is reported, not read as a metric.
const FUNCTIONS = new Set(
  (
    'abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil changes ' +
    'clamp clamp_max clamp_min cos cosh count_over_time day_of_month day_of_week day_of_year ' +
    'days_in_month deg delta deriv exp floor histogram_avg histogram_count histogram_fraction ' +
    'histogram_quantile histogram_stddev histogram_stdvar histogram_sum holt_winters ' +
    'double_exponential_smoothing hour idelta increase irate label_join label_replace ' +
    'last_over_time ln log10 log2 mad_over_time max_over_time min_over_time minute month pi ' +
    'predict_linear present_over_time quantile_over_time rad rate resets round scalar sgn sin ' +
    'sinh sort sort_by_label sort_by_label_desc sort_desc sqrt stddev_over_time ' +
    'stdvar_over_time sum_over_time tan tanh time timestamp vector year start end'
  ).split(' '),
);
const AGGREGATIONS = new Set(
  'sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio'.split(
    ' ',
  ),
);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const OPERATOR_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

const IDENT_START = /[A-Za-z_:]/;
const IDENT = /[A-Za-z0-9_:]/;

/**
 * The metric names and label names a PromQL expression uses. A small
 * tokenizer, not a parser: it skips strings, range and subquery brackets and
 * numbers; an identifier is a function or aggregation before `(` (unknown
 * ones throw), a keyword, a label in a matcher or grouping list, or else a
 * metric name. Enough for dashboards and alert rules, which promtool parses
 * for real.
 */
export function promqlUses(expr: string): PromqlUses {
  const metrics: { metric: string; labels: string[] }[] = [];
  const grouping: string[] = [];
  let i = 0;
  // The selector a following `{...}` belongs to (only right after a metric name).
  let last: { metric: string; labels: string[] } | undefined;

  const skipSpace = () => {
    while (i < expr.length && /\s/.test(expr[i]!)) i++;
  };
  const skipString = () => {
    const quote = expr[i]!;
    i++;
    while (i < expr.length && expr[i] !== quote) i += quote !== '`' && expr[i] === '\\' ? 2 : 1;
    if (i >= expr.length) throw new Error(`unterminated string in: ${expr}`);
    i++;
  };
  const ident = (): string => {
    const start = i;
    while (i < expr.length && IDENT.test(expr[i]!)) i++;
    return expr.slice(start, i);
  };
  /** `(a, b, c)` after a grouping keyword. */
  const labelList = (): string[] => {
    const names: string[] = [];
    i++; // (
    for (;;) {
      skipSpace();
      if (expr[i] === ')') break;
      if (i >= expr.length || !IDENT_START.test(expr[i]!))
        throw new Error(`bad label list at ${i} in: ${expr}`);
      names.push(ident());
      skipSpace();
      if (expr[i] === ',') i++;
    }
    i++; // )
    return names;
  };
  /** `{name op "value", ...}`: the label names, and the value of `__name__=`. */
  const matchers = (): { labels: string[]; name?: string } => {
    const labels: string[] = [];
    let name: string | undefined;
    i++; // {
    for (;;) {
      skipSpace();
      if (expr[i] === '}') break;
      if (i >= expr.length || !IDENT_START.test(expr[i]!))
        throw new Error(`bad matcher at ${i} in: ${expr}`);
      const label = ident();
      skipSpace();
      const op = /^(=~|!~|!=|=)/.exec(expr.slice(i))?.[0];
      if (!op) throw new Error(`bad matcher operator at ${i} in: ${expr}`);
      i += op.length;
      skipSpace();
      const valueStart = i;
      skipString();
      if (label === '__name__' && op === '=') name = expr.slice(valueStart + 1, i - 1);
      else labels.push(label);
      skipSpace();
      if (expr[i] === ',') i++;
    }
    i++; // }
    return name === undefined ? { labels } : { labels, name };
  };

  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      skipString();
      last = undefined;
      continue;
    }
    if (c === '[') {
      // A range or subquery: durations only.
      while (i < expr.length && expr[i] !== ']') i++;
      i++;
      last = undefined;
      continue;
    }
    if (c === '{') {
      const m = matchers();
      if (last) last.labels.push(...m.labels);
      else if (m.name !== undefined) metrics.push({ metric: m.name, labels: m.labels });
      else throw new Error(`a selector without a metric name in: ${expr}`);
      last = undefined;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      // A number or a duration (5m, 1h30m, 1e-3, 0x1f).
      while (i < expr.length && /[0-9A-Za-z_.]/.test(expr[i]!)) {
        if ((expr[i] === 'e' || expr[i] === 'E') && /[+-]/.test(expr[i + 1] ?? '')) i++;
        i++;
      }
      last = undefined;
      continue;
    }
    if (IDENT_START.test(c)) {
      const word = ident();
      const lower = word.toLowerCase();
      skipSpace();
      last = undefined;
      if (GROUPING.has(lower)) {
        if (expr[i] === '(') grouping.push(...labelList());
        continue;
      }
      if (OPERATOR_WORDS.has(lower)) continue;
      if (expr[i] === '(') {
        if (!FUNCTIONS.has(word) && !AGGREGATIONS.has(word))
          throw new Error(`unknown function ${word}() in: ${expr}`);
        continue;
      }
      if (AGGREGATIONS.has(word) && /^(by|without)\b/.test(expr.slice(i))) continue;
      last = { metric: word, labels: [] };
      metrics.push(last);
      continue;
    }
    // Operators, parentheses, commas, `@`.
    last = undefined;
    i++;
  }
  return { metrics, grouping };
}
