import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { OVERLAYS_DIR } from './paths';

/** A rendered Kubernetes object: what `kubectl apply` would send. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

export class KustomizeError extends Error {}

/** The overlays under deploy/k8s/overlays, by folder name. */
export function overlays(): string[] {
  return readdirSync(OVERLAYS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * `kubectl kustomize <dir>`: the objects a kustomization renders to. Fails
 * with kubectl's own message when the kustomization is broken, and says how to
 * get kubectl when it is missing.
 */
export function kustomize(dir: string, kubectl = process.env.KUBECTL ?? 'kubectl'): KubeObject[] {
  const result = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new KustomizeError(
      missing
        ? `${kubectl} not found: the deployment checks render deploy/k8s with \`kubectl kustomize\` (kubectl 1.27+; set KUBECTL to another binary)`
        : `${kubectl} kustomize ${dir}: ${result.error.message}`,
    );
  }
  if (result.status !== 0) {
    throw new KustomizeError(
      `${kubectl} kustomize ${path.relative(process.cwd(), dir)} failed: ${result.stderr.trim()}`,
    );
  }
  return parseAllDocuments(result.stdout).map((doc) => {
    if (doc.errors.length > 0) throw new KustomizeError(`unreadable kustomize output: ${doc.errors[0].message}`);
    return doc.toJS() as KubeObject;
  });
}

export function renderOverlay(name: string): KubeObject[] {
  return kustomize(path.join(OVERLAYS_DIR, name));
}
