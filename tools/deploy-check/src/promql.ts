/**
 * What the deployment checks need from a PromQL expression: the metric names
 * it selects, and the mistakes a parser would refuse that matter most here
 * (unbalanced brackets, a malformed label matcher or range, an unknown
 * function). Not a parser: `@prometheus-io/lezer-promql`, Prometheus's own
 * grammar on npm, would be the one to use; this reads the expression in
 * passes, each removing what cannot be a metric name.
 */

/** PromQL's functions and aggregation operators (Prometheus 3.x), and `start()`/`end()` of the `@` modifier. */
export const PROMQL_FUNCTIONS: ReadonlySet<string> = new Set([
  // aggregation operators
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile',
  'limitk', 'limit_ratio',
  // functions
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'avg_over_time', 'ceil',
  'changes', 'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh', 'count_over_time', 'day_of_month', 'day_of_week',
  'day_of_year', 'days_in_month', 'deg', 'delta', 'deriv', 'double_exponential_smoothing', 'exp', 'floor',
  'histogram_avg', 'histogram_count', 'histogram_fraction', 'histogram_quantile', 'histogram_stddev',
  'histogram_stdvar', 'histogram_sum', 'hour', 'idelta', 'increase', 'info', 'irate', 'label_join', 'label_replace',
  'last_over_time', 'ln', 'log10', 'log2', 'mad_over_time', 'max_over_time', 'min_over_time', 'minute', 'month', 'pi',
  'predict_linear', 'present_over_time', 'quantile_over_time', 'rad', 'rate', 'resets', 'round', 'scalar', 'sgn',
  'sin', 'sinh', 'sort', 'sort_by_label', 'sort_by_label_desc', 'sort_desc', 'sqrt', 'stddev_over_time',
  'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time', 'timestamp', 'vector', 'year',
  // the @ modifier
  'start', 'end',
]); // prettier-ignore

/** Words that are operators or modifiers, never metric names. */
const KEYWORDS = new Set([
  'and', 'or', 'unless', 'atan2', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'inf', 'nan',
]); // prettier-ignore

export interface PromqlReading {
  /** The metric names the expression selects, sorted, each once. */
  readonly metrics: string[];
  /** What a parser would refuse; empty when none of the checks finds anything. */
  readonly problems: string[];
}

const STRING = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`[^`]*`/g;
/** Grafana's variables ($service, ${service}, $__rate_interval, [[service]]): each stands for a value or a duration. */
const GRAFANA_VARIABLE = /\$__\w+|\$\{[^}]*\}|\$\w+|\[\[\w+\]\]/g;
const DURATION = /^(\d+(ms|[smhdwy]))+$/;
const LABEL_NAME = /^[A-Za-z_]\w*$/;
const MATCHER = /^[A-Za-z_]\w*\s*(=~|!~|!=|=)\s*""$/;
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)/g;
const TOKEN = /[A-Za-z_:][\w:]*|\d[\w.]*|\.\d[\w.]*|==|!=|>=|<=|[-+*/%^<>(),@]|\S/g;
const OPERATOR_OR_NUMBER = /^(\d[\w.]*|\.\d[\w.]*|==|!=|>=|<=|[-+*/%^<>(),@])$/;

/**
 * Reads one expression: strings, comments and Grafana variables first, then
 * label matchers `{…}`, ranges `[…]` and grouping clauses `by (…)`, each
 * checked as it goes; what is left is functions, operators, numbers and the
 * metric names.
 */
export function readPromql(expression: string): PromqlReading {
  const problems: string[] = [];
  if (expression.trim() === '') return { metrics: [], problems: ['empty expression'] };

  let text = expression.replace(STRING, '""');
  if (/["'`]/.test(text.replace(/""/g, ''))) problems.push('unterminated string');
  text = text
    .replace(/#.*$/gm, '')
    // A variable in a range stands for a duration, elsewhere for a value inside a string.
    .replace(GRAFANA_VARIABLE, '1m');

  problems.push(...bracketProblems(text));
  if (problems.length > 0) return { metrics: [], problems };

  text = text.replace(/\{([^{}]*)\}/g, (_, body: string) => {
    const matchers = body.split(',').map((m) => m.trim());
    // A trailing comma is allowed: {a="x",}
    if (matchers.length > 1 && matchers[matchers.length - 1] === '') matchers.pop();
    for (const matcher of matchers) {
      if (matcher !== '' && !MATCHER.test(matcher)) problems.push(`label matcher "${matcher}" is not name op "value"`);
    }
    return ' ';
  });
  text = text.replace(/\[([^[\]]*)\]/g, (_, body: string) => {
    const [range, step, ...rest] = body.split(':').map((part) => part.trim());
    const ok = rest.length === 0 && DURATION.test(range) && (step === undefined || step === '' || DURATION.test(step));
    if (!ok) problems.push(`range "[${body}]" is not [duration] or [duration:step]`);
    return ' ';
  });
  text = text.replace(GROUPING, (_, keyword: string, body: string) => {
    const labels = body.split(',').map((l) => l.trim());
    if (labels.length > 1 && labels[labels.length - 1] === '') labels.pop();
    const bad = labels.filter((label) => !(label === '' && labels.length === 1) && !LABEL_NAME.test(label));
    if (bad.length > 0) problems.push(`${keyword} (${body}): not label names`);
    return ' ';
  });

  const tokens = text.match(TOKEN) ?? [];
  const metrics = new Set<string>();
  tokens.forEach((token, i) => {
    if (/^[A-Za-z_:]/.test(token)) {
      if (KEYWORDS.has(token)) return;
      if (tokens[i + 1] !== '(') metrics.add(token);
      else if (!PROMQL_FUNCTIONS.has(token)) problems.push(`unknown function ${token}()`);
    } else if (!OPERATOR_OR_NUMBER.test(token)) {
      problems.push(`unexpected "${token}"`);
    }
  });
  if (metrics.size === 0) problems.push('selects no metric');
  return { metrics: [...metrics].sort(), problems };
}

function bracketProblems(text: string): string[] {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const char of text) {
    if ('([{'.includes(char)) stack.push(char);
    else if (char in pairs && stack.pop() !== pairs[char]) return [`unbalanced "${char}"`];
  }
  return stack.length > 0 ? [`unclosed "${stack[stack.length - 1]}"`] : [];
}

/**
 * The series names a metric stands for in the text format: a histogram's
 * `_bucket`, `_sum` and `_count`, a summary's quantiles (its own name), `_sum`
 * and `_count`.
 */
export function seriesNames(name: string, type: string): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}
