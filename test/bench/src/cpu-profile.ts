/**
 * Node flags that make a service process write a V8 CPU profile, `<service>.cpuprofile`, into
 * `BENCH_PROFILE=<dir>` when it stops (NODE_OPTIONS refuses --cpu-prof); none when unset.
 */
export function cpuProfileArgs(service: string): string[] {
  const dir = process.env.BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${service}.cpuprofile`] : [];
}
