import path from 'node:path';

/** The repository root (this file is tools/deploy-check/src/paths.ts). */
export const ROOT = path.resolve(__dirname, '../../..');

export const repoPath = (...segments: string[]): string => path.join(ROOT, ...segments);

export const K8S_DIR = repoPath('deploy', 'k8s');
export const OVERLAYS_DIR = path.join(K8S_DIR, 'overlays');
