import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import Ajv from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import type { KubeObject } from './kustomize';
import { KAFKA_TOPIC_SCHEMA } from './strimzi-kafka-topic.schema';

/** A kubernetes-models class: its instances check themselves against the API's OpenAPI schema. */
type Model = new (data: never) => { validate(): void };

/**
 * The schema of every kind the deployment may contain, by `apiVersion/kind`:
 * Kubernetes' own (kubernetes-models), KEDA's (@kubernetes-models/keda) and
 * Strimzi's KafkaTopic. A kind missing here is an error, never a pass.
 */
const MODELS: Readonly<Record<string, Model>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

const validateKafkaTopic = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(KAFKA_TOPIC_SCHEMA);

/** DNS-1123 subdomain: what the API server accepts as most objects' names. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The schema violations of one object, each naming the object; empty when it is valid. */
export function schemaErrors(object: KubeObject): string[] {
  const id = `${object.kind ?? '(no kind)'} ${object.metadata?.name ?? '(no name)'}`;
  const errors: string[] = [];
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name.length > 253 || !OBJECT_NAME.test(name)) {
    errors.push(`${id}: metadata.name must be a DNS-1123 subdomain`);
  }
  const type = `${object.apiVersion}/${object.kind}`;
  if (type === 'kafka.strimzi.io/v1beta2/KafkaTopic') {
    if (!validateKafkaTopic(object)) {
      for (const error of validateKafkaTopic.errors ?? []) errors.push(`${id}: ${error.instancePath} ${error.message}`);
    }
    return errors;
  }
  const model = MODELS[type];
  if (!model) return [...errors, `${id}: no schema for ${type} (tools/deploy-check/src/kubernetes-schemas.ts)`];
  try {
    new model(asTheApiServerReadsIt(object) as never).validate();
  } catch (error) {
    errors.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return errors;
}

/**
 * Kustomize wraps long base64 Secret values over several lines; the API server
 * decodes base64 ignoring line breaks, the "byte" format of the schema does not.
 */
function asTheApiServerReadsIt(object: KubeObject): KubeObject {
  const data = object.kind === 'Secret' ? (object.data as Record<string, unknown> | undefined) : undefined;
  if (!data) return object;
  const unwrapped = Object.entries(data).map(([key, value]) => [
    key,
    typeof value === 'string' ? value.replace(/\s+/g, '') : value,
  ]);
  return { ...object, data: Object.fromEntries(unwrapped) };
}
