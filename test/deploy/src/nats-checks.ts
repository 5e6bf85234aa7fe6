import type { IStatefulSet } from 'kubernetes-models/apps/v1';
import type { NatsConfBlock, NatsConfValue } from './nats-conf.js';

const block = (value: NatsConfValue | undefined): NatsConfBlock =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};

/**
 * What is wrong with a NATS server's durability settings: JetStream must fsync every write before
 * acknowledging it (`sync_interval: always`), because PIPE_EVENTS is the only source of truth and
 * the default 2-minute interval loses acknowledged writes on power loss (Jepsen, NATS 2.12.1).
 */
export function natsDurabilityProblems(source: string, conf: NatsConfBlock): string[] {
  const jetstream = block(conf.jetstream);
  const problems: string[] = [];
  if (conf.jetstream === undefined) problems.push(`${source}: JetStream is not enabled`);
  if (jetstream.sync_interval !== 'always')
    problems.push(`${source}: jetstream.sync_interval is ${JSON.stringify(jetstream.sync_interval)}, not always`);
  if (typeof jetstream.store_dir !== 'string')
    problems.push(`${source}: jetstream.store_dir is not set, so the store lands in a temporary directory`);
  return problems;
}

/**
 * What is wrong with the cluster configuration as the StatefulSet runs it: one route per server
 * (three, for R3 streams with a write quorum of two) through the headless Service's per-pod names,
 * a server name from the pod, and the store on the pod's persistent volume.
 */
export function natsClusterProblems(source: string, conf: NatsConfBlock, statefulSet: IStatefulSet): string[] {
  const problems = natsDurabilityProblems(source, conf);
  const cluster = block(conf.cluster);
  const replicas = statefulSet.spec?.replicas ?? 1;
  const service = statefulSet.spec?.serviceName;
  const name = statefulSet.metadata?.name;
  if (replicas !== 3) problems.push(`${source}: the StatefulSet runs ${replicas} servers; R3 streams need three`);
  if (typeof cluster.name !== 'string') problems.push(`${source}: cluster.name is not set`);
  const routes = Array.isArray(cluster.routes) ? cluster.routes.map(String) : [];
  const expected = Array.from({ length: replicas }, (_, ordinal) => `nats://${name}-${ordinal}.${service}:6222`);
  if (routes.length !== 3 || new Set(routes).size !== 3)
    problems.push(`${source}: cluster.routes lists ${routes.length} distinct servers, not 3`);
  for (const route of expected.filter((candidate) => !routes.includes(candidate))) problems.push(`${source}: no route to ${route}`);

  const container = statefulSet.spec?.template.spec?.containers[0];
  if (
    conf.server_name !== '$POD_NAME' ||
    !container?.env?.some((env) => env.name === 'POD_NAME' && env.valueFrom?.fieldRef?.fieldPath === 'metadata.name')
  ) {
    problems.push(`${source}: server_name must be $POD_NAME, set from the pod's name, so each server has its own`);
  }
  const claims = new Set((statefulSet.spec?.volumeClaimTemplates ?? []).map((claim) => claim.metadata?.name));
  const storeDir = String(block(conf.jetstream).store_dir);
  const persistent = container?.volumeMounts?.some(
    (mount) => claims.has(mount.name) && (storeDir === mount.mountPath || storeDir.startsWith(`${mount.mountPath}/`)),
  );
  if (!persistent)
    problems.push(`${source}: jetstream.store_dir ${storeDir} is not on a volumeClaimTemplate, so a restarted pod loses its store`);
  return problems;
}
