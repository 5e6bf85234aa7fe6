import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IConfigMap, IContainer, IPodSpec, IProbe, IService } from 'kubernetes-models/v1';
import { kubernetesSchemaProblems } from './kubernetes-schema.js';
import { PARTITIONED_SERVICES, isRecord, repoPath, type YamlDocument } from './repo.js';

/** The manifests of deploy/k8s with their kustomization, as the checks read them. */
export interface KubernetesTree {
  /** Every document of every YAML file except the kustomization. */
  documents: YamlDocument[];
  /** kustomization.yaml, parsed. */
  kustomization: unknown;
  /** The files, relative to deploy/k8s, that are not kustomization.yaml. */
  files: string[];
}

const K8S_DIR = 'deploy/k8s';

type Named<T> = T & { source: string; name: string };

function byKind<T>(tree: KubernetesTree, kind: string): Named<T>[] {
  return tree.documents
    .filter((document) => isRecord(document.value) && document.value.kind === kind)
    .map((document) => {
      const value = document.value as T & { metadata?: { name?: string } };
      return { ...value, source: document.source, name: value.metadata?.name ?? '' };
    });
}

const httpGetPath = (probe: IProbe | undefined): string | undefined => probe?.httpGet?.path;
const envValue = (container: IContainer, name: string): string | undefined => container.env?.find((env) => env.name === name)?.value;

/**
 * What is wrong with deploy/k8s: every manifest against the Kubernetes schema of its kind, then
 * Pipe's rules — an HTTP service is a Deployment probed on /ready (readiness) and /health
 * (liveness) on its own port, runs as non-root and is autoscaled; the projector is a StatefulSet
 * with one replica per partition; every referenced ConfigMap, Secret and Service selector exists;
 * kustomization.yaml lists every manifest.
 */
export function kubernetesProblems(
  tree: KubernetesTree,
  serviceFolders: readonly string[],
  ports: Readonly<Record<string, number>>,
): string[] {
  const problems = tree.documents.flatMap((document) => kubernetesSchemaProblems(document.source, document.value));
  problems.push(...kustomizationProblems(tree));

  const deployments = byKind<IDeployment>(tree, 'Deployment');
  const statefulSets = byKind<IStatefulSet>(tree, 'StatefulSet');
  const autoscalers = byKind<IHorizontalPodAutoscaler>(tree, 'HorizontalPodAutoscaler');
  const configMaps = byKind<IConfigMap>(tree, 'ConfigMap');
  const generated = (
    isRecord(tree.kustomization) && Array.isArray(tree.kustomization.configMapGenerator) ? tree.kustomization.configMapGenerator : []
  ).map((generator: unknown) => (isRecord(generator) ? String(generator.name) : ''));
  const configMapNames = new Set([...configMaps.map((map) => map.name), ...generated]);
  const secretNames = new Set(byKind(tree, 'Secret').map((secret) => secret.name));

  for (const folder of serviceFolders) {
    const port = ports[folder];
    if (port === undefined || PARTITIONED_SERVICES.has(folder)) {
      if (!statefulSets.some((set) => set.name === folder))
        problems.push(`${K8S_DIR}: no StatefulSet '${folder}' (services/${folder} is one pod per partition or has no HTTP port)`);
      continue;
    }
    const deployment = deployments.find((candidate) => candidate.name === folder);
    if (deployment === undefined) {
      problems.push(`${K8S_DIR}: no Deployment '${folder}' (services/${folder} exists)`);
      continue;
    }
    const container = deployment.spec?.template.spec?.containers.find((candidate) => candidate.name === folder);
    if (container === undefined) {
      problems.push(`${deployment.source}: no container named ${folder}`);
      continue;
    }
    const where = `${deployment.source} (${folder})`;
    if (httpGetPath(container.readinessProbe) !== '/ready') problems.push(`${where}: readinessProbe must GET /ready`);
    if (httpGetPath(container.livenessProbe) !== '/health') problems.push(`${where}: livenessProbe must GET /health`);
    const declared = container.ports?.find((candidate) => candidate.containerPort === port);
    if (declared === undefined) problems.push(`${where}: does not declare containerPort ${port}`);
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
      const probePort = probe?.httpGet?.port;
      if (probePort !== undefined && probePort !== port && probePort !== declared?.name)
        problems.push(`${where}: a probe targets port ${String(probePort)}, not ${port}`);
    }
    if (envValue(container, 'PORT') !== String(port)) problems.push(`${where}: PORT must be "${port}"`);
    if (container.resources?.requests?.cpu === undefined)
      problems.push(`${where}: no CPU request, so CPU autoscaling has nothing to measure against`);
    if (!autoscalers.some((hpa) => hpa.spec?.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === folder)) {
      problems.push(`${where}: no HorizontalPodAutoscaler scales it`);
    }
    if (deployment.spec?.replicas !== undefined)
      problems.push(`${where}: sets replicas, which resets the autoscaler's count at every apply`);
  }

  for (const workload of [...deployments, ...statefulSets]) {
    const pod = workload.spec?.template.spec;
    problems.push(...podProblems(`${workload.source} (${workload.name})`, pod, configMapNames, secretNames));
  }

  const projector = statefulSets.find((set) => set.name === 'projector');
  if (projector !== undefined) problems.push(...projectorProblems(projector, configMaps));

  for (const service of byKind<IService>(tree, 'Service')) {
    const selector = service.spec?.selector ?? {};
    const selects = [...deployments, ...statefulSets].some((workload) => {
      const labels = workload.spec?.template.metadata?.labels ?? {};
      return Object.entries(selector).every(([key, value]) => labels[key] === value);
    });
    if (!selects) problems.push(`${service.source}: Service ${service.name} selects no workload's pods`);
  }
  return problems;
}

function podProblems(where: string, pod: IPodSpec | undefined, configMaps: Set<string>, secrets: Set<string>): string[] {
  const problems: string[] = [];
  if (pod?.securityContext?.runAsNonRoot !== true) problems.push(`${where}: the pod must set securityContext.runAsNonRoot`);
  for (const container of pod?.containers ?? []) {
    if (container.securityContext?.allowPrivilegeEscalation !== false)
      problems.push(`${where}: container ${container.name} allows privilege escalation`);
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef !== undefined && !configMaps.has(from.configMapRef.name ?? ''))
        problems.push(`${where}: ConfigMap ${from.configMapRef.name} does not exist`);
    }
    for (const env of container.env ?? []) {
      const secret = env.valueFrom?.secretKeyRef?.name;
      if (secret !== undefined && !secrets.has(secret))
        problems.push(`${where}: Secret ${secret} (for ${env.name}) is not defined in deploy/k8s`);
    }
  }
  for (const volume of pod?.volumes ?? []) {
    if (volume.configMap !== undefined && !configMaps.has(volume.configMap.name ?? ''))
      problems.push(`${where}: ConfigMap ${volume.configMap.name} does not exist`);
  }
  return problems;
}

function projectorProblems(projector: Named<IStatefulSet>, configMaps: Named<IConfigMap>[]): string[] {
  const problems: string[] = [];
  const partitions = configMaps.find((map) => map.name === 'pipe-config')?.data?.PIPE_PARTITIONS;
  if (partitions === undefined || String(projector.spec?.replicas) !== partitions) {
    problems.push(
      `${projector.source}: replicas (${String(projector.spec?.replicas)}) must equal PIPE_PARTITIONS (${String(partitions)}): one projector per partition`,
    );
  }
  const container = projector.spec?.template.spec?.containers[0];
  const partition = container?.env?.find((env) => env.name === 'PROJECTOR_PARTITIONS');
  if (partition?.valueFrom?.fieldRef?.fieldPath !== "metadata.labels['apps.kubernetes.io/pod-index']") {
    problems.push(`${projector.source}: PROJECTOR_PARTITIONS must come from the pod's ordinal (the apps.kubernetes.io/pod-index label)`);
  }
  return problems;
}

function kustomizationProblems(tree: KubernetesTree): string[] {
  const source = `${K8S_DIR}/kustomization.yaml`;
  if (!isRecord(tree.kustomization)) return [`${source}: not a mapping`];
  const resources = Array.isArray(tree.kustomization.resources) ? tree.kustomization.resources.map(String) : [];
  const problems = resources
    .filter((file) => !existsSync(repoPath(K8S_DIR, file)))
    .map((file) => `${source}: resource ${file} does not exist`);
  // Templates (`*.example.yaml`) are validated but never applied: applying one would overwrite
  // the real Secret with placeholders.
  for (const file of tree.files.filter((name) => !name.endsWith('.example.yaml'))) {
    if (!resources.includes(file)) problems.push(`${source}: ${file} is not listed in resources, so \`kubectl apply -k\` would skip it`);
  }
  for (const generator of Array.isArray(tree.kustomization.configMapGenerator) ? tree.kustomization.configMapGenerator : []) {
    for (const file of isRecord(generator) && Array.isArray(generator.files) ? generator.files.map(String) : []) {
      const path = file.includes('=') ? file.split('=')[1]! : file;
      if (!existsSync(repoPath(K8S_DIR, path)))
        problems.push(`${source}: configMapGenerator file ${posix.join(K8S_DIR, path)} does not exist`);
    }
  }
  return problems;
}
