import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { isRecord } from './repo.js';

/** A model class of kubernetes-models: constructs from plain data, `validate()` throws. */
interface KubernetesModel {
  new (data: never): { validate(): void };
}

/**
 * The kinds Pipe's manifests may use, each with the kubernetes-models class generated from the
 * Kubernetes OpenAPI schema. A kind outside this list is a problem until it is added here, so no
 * manifest goes unvalidated.
 */
const MODELS: Readonly<Record<string, KubernetesModel>> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
};

/**
 * What is wrong with one manifest against the Kubernetes schema of its kind (required fields,
 * types, enums, formats): an empty list when it is valid.
 */
export function kubernetesSchemaProblems(source: string, manifest: unknown): string[] {
  if (!isRecord(manifest)) return [`${source}: not a mapping`];
  const key = `${String(manifest.apiVersion)}/${String(manifest.kind)}`;
  const Model = MODELS[key];
  if (Model === undefined) return [`${source}: no schema for ${key} (add its kubernetes-models class to MODELS)`];
  try {
    new Model(manifest as never).validate();
    return [];
  } catch (error) {
    return [`${source} (${key}): ${error instanceof Error ? error.message : String(error)}`];
  }
}
