/**
 * Strimzi's KafkaTopic (kafka.strimzi.io/v1beta2) as a JSON schema: the fields
 * of the CRD's openAPIV3Schema (Strimzi 0.4x, `040-Crd-kafkatopic.yaml`) that a
 * topic declaration uses. No npm package ships it; unknown fields are refused,
 * as the API server's strict field validation refuses them.
 */
export const KAFKA_TOPIC_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
    kind: { const: 'KafkaTopic' },
    metadata: {
      type: 'object',
      required: ['name', 'labels'],
      properties: {
        name: { type: 'string', maxLength: 253 },
        namespace: { type: 'string' },
        // The Topic Operator only looks at topics labelled with its cluster's name.
        labels: {
          type: 'object',
          required: ['strimzi.io/cluster'],
          additionalProperties: { type: 'string' },
        },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        topicName: { type: 'string' },
        partitions: { type: 'integer', minimum: 1 },
        replicas: { type: 'integer', minimum: 1, maximum: 32767 },
        config: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      },
    },
  },
} as const;
