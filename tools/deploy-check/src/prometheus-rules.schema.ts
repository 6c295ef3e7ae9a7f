/** A Prometheus duration: one or more <number><unit>, e.g. 90s, 1h30m. */
const DURATION = { type: 'string', pattern: '^([0-9]+(ms|[smhdwy]))+$' } as const;
const LABELS = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  additionalProperties: { type: 'string' },
} as const;

/**
 * A Prometheus rule file (`rule_files`) as a JSON schema: the fields of
 * Prometheus 3's rulefmt (`RuleGroups`, `RuleGroup`, `Rule`). No npm package
 * ships it; unknown fields are refused, as Prometheus refuses them when it
 * loads the file. Recording rules are left out: this project has none.
 */
export const PROMETHEUS_RULES_SCHEMA = {
  type: 'object',
  required: ['groups'],
  additionalProperties: false,
  properties: {
    groups: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'rules'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          interval: DURATION,
          query_offset: DURATION,
          limit: { type: 'integer', minimum: 0 },
          labels: LABELS,
          rules: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['alert', 'expr'],
              additionalProperties: false,
              properties: {
                alert: { type: 'string', minLength: 1 },
                expr: { type: 'string', minLength: 1 },
                for: DURATION,
                keep_firing_for: DURATION,
                labels: LABELS,
                annotations: { type: 'object', additionalProperties: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
} as const;
