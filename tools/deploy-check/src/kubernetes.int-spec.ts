import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICES } from '@surge/contracts';
import {
  databaseUrlProblems,
  declaredTopics,
  expectedTopics,
  kubernetesServiceProblems,
  serviceEnvironment,
} from './checks';
import { schemaErrors } from './kubernetes-schemas';
import { type KubeObject, KustomizeError, kustomize, overlays, renderOverlay } from './kustomize';

// Offline: kubectl renders the manifests, nothing talks to a cluster.
const rendered = new Map(overlays().map((overlay) => [overlay, renderOverlay(overlay)]));
const production = rendered.get('production') ?? [];

/** A copy of one rendered object, to change. */
const find = <T = KubeObject>(objects: readonly KubeObject[], kind: string, name: string): KubeObject & T => {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind} ${name}`);
  return structuredClone(object) as KubeObject & T;
};

describe('deploy/k8s', () => {
  it('has a local and a production overlay, each also without KEDA', () => {
    expect([...rendered.keys()]).toEqual(['local', 'local-hpa', 'production', 'production-hpa']);
  });

  describe.each([...rendered.keys()])('overlay %s', (overlay) => {
    const objects = rendered.get(overlay) ?? [];

    it('renders with kubectl kustomize into the surge namespace', () => {
      expect(objects.length).toBeGreaterThan(30);
      const elsewhere = objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'surge');
      expect(elsewhere.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
    });

    it('validates every object against the Kubernetes, KEDA and Strimzi schemas', () => {
      expect(objects.flatMap(schemaErrors)).toEqual([]);
    });

    it('names each object once per kind', () => {
      const ids = objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    });

    it.each(SERVICES)('runs %s consistently with the code: image, port, variables, probes, hardening, scaling', (s) => {
      expect(kubernetesServiceProblems(objects, s)).toEqual([]);
    });

    it('declares every topic with its partitions, dead-letter topics included', () => {
      const { topics, problems } = declaredTopics(objects);
      expect(problems).toEqual([]);
      expect(topics).toEqual(expectedTopics());
    });
  });

  it('keeps secret values out of git: production renders no Secret, only references', () => {
    expect(production.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(rendered.get('local')?.filter((o) => o.kind === 'Secret').length).toBe(SERVICES.length + 1);
  });

  it('gives each service its own role and database on the local PostgreSQL, as postgres-init.sql creates them', () => {
    const local = rendered.get('local') ?? [];
    const problems = SERVICES.flatMap((service) =>
      databaseUrlProblems(service, serviceEnvironment(local, service).DATABASE_URL, 'postgres:5432'),
    );
    expect(problems).toEqual([]);
  });

  it('runs production under the restricted pod security standard', () => {
    expect(find(production, 'Namespace', 'surge').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  describe('the schema check', () => {
    it('passes the objects it is shown failing below, unchanged', () => {
      const originals = ['Deployment', 'ScaledObject', 'KafkaTopic'].map((kind) =>
        find(production, kind, kind === 'KafkaTopic' ? 'orders.order-placed.v1' : 'orders'),
      );
      expect(originals.flatMap(schemaErrors)).toEqual([]);
    });

    it('refuses a Deployment whose replicas is not a number, or whose container has no name', () => {
      const deployment = find<{
        spec: { replicas?: unknown; template: { spec: { containers: { name?: string }[] } } };
      }>(production, 'Deployment', 'orders');
      deployment.spec.replicas = 'two';
      delete deployment.spec.template.spec.containers[0].name;
      const errors = schemaErrors(deployment).join('\n');
      expect(errors).toMatch(/replicas must be integer/);
      expect(errors).toMatch(/containers\/0 must have required property name/);
    });

    it('refuses a ScaledObject without a target and a trigger without a type', () => {
      const scaled = find<{ spec: { scaleTargetRef?: unknown; triggers: { type?: string }[] } }>(
        production,
        'ScaledObject',
        'orders',
      );
      delete scaled.spec.scaleTargetRef;
      delete scaled.spec.triggers[0].type;
      const errors = schemaErrors(scaled).join('\n');
      expect(errors).toMatch(/scaleTargetRef/);
      expect(errors).toMatch(/triggers\/0 must have required property type/);
    });

    it('refuses a KafkaTopic with partitions as text or a field Strimzi does not know', () => {
      const topic = find<{ spec: Record<string, unknown> }>(production, 'KafkaTopic', 'orders.order-placed.v1');
      topic.spec.partitions = '6';
      topic.spec.partition = 6;
      const errors = schemaErrors(topic).join('\n');
      expect(errors).toMatch(/partitions must be integer/);
      expect(errors).toMatch(/must NOT have additional properties/);
    });

    it('refuses a kind it has no schema for, and a name the API server refuses', () => {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Orders_1' } };
      expect(schemaErrors(pod)).toEqual([
        'Pod Orders_1: metadata.name must be a DNS-1123 subdomain',
        'Pod Orders_1: no schema for v1/Pod (tools/deploy-check/src/kubernetes-schemas.ts)',
      ]);
    });
  });

  describe('the consistency check', () => {
    it('finds a writable root filesystem, a missing probe, too many replicas and two scalers', () => {
      const deployment = find<{ spec: { template: { spec: { containers: Record<string, unknown>[] } } } }>(
        production,
        'Deployment',
        'orders',
      );
      const [container] = deployment.spec.template.spec.containers;
      container.securityContext = { ...(container.securityContext as object), readOnlyRootFilesystem: false };
      delete container.readinessProbe;
      const scaled = find<{ spec: { maxReplicaCount: number } }>(production, 'ScaledObject', 'orders');
      scaled.spec.maxReplicaCount = 12;
      const objects = [
        ...production.filter((o) => !(['Deployment', 'ScaledObject'].includes(o.kind) && o.metadata.name === 'orders')),
        deployment,
        scaled,
      ];

      expect(kubernetesServiceProblems(objects, 'orders')).toEqual([
        'Deployment orders: readiness on /health/ready',
        'Deployment orders container orders: readOnlyRootFilesystem',
        'ScaledObject orders: maxReplicaCount 12 above 6 partitions',
      ]);

      const hpa = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'orders-cpu' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'orders' }, maxReplicas: 3 },
      };
      expect(kubernetesServiceProblems([...production, hpa], 'orders')).toEqual([
        'orders: 1 ScaledObjects and 1 HPAs; exactly one scaler',
      ]);
    });

    it('finds a topic missing from the declared ones', () => {
      const withoutOne = production.filter(
        (o) => !(o.kind === 'KafkaTopic' && o.metadata.name === 'orders.dead-letter'),
      );
      expect(declaredTopics(withoutOne).topics).not.toEqual(expectedTopics());
    });
  });

  it('reports a broken kustomization with kubectl’s own message', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'surge-kustomize-'));
    try {
      writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - missing-deployment.yaml\n');
      expect(() => kustomize(dir)).toThrow(KustomizeError);
      expect(() => kustomize(dir)).toThrow(/missing-deployment\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to get kubectl when it is missing', () => {
    expect(() => kustomize(path.join('deploy', 'k8s', 'base'), 'kubectl-that-does-not-exist')).toThrow(
      /kubectl-that-does-not-exist not found/,
    );
  });
});
