import { existsSync } from 'node:fs';
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { repoPath } from './repo.js';

/** One build stage: its name, what it starts from, and its instructions after FROM. */
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', , name] = instruction.getArguments().map((argument) => argument.getValue());
      stages.push({ name: name ?? `#${stages.length}`, from: image, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The stage and the stages it is built on, nearest first. */
function lineage(stages: Stage[], name: string): Stage[] {
  const chain: Stage[] = [];
  for (let stage = stages.find((s) => s.name === name); stage !== undefined; stage = stages.find((s) => s.name === stage!.from)) {
    chain.push(stage);
  }
  return chain;
}

/** The last value of an instruction in a stage or the stages it is built on, as a target sees it. */
function effective(chain: Stage[], keyword: string): Instruction | undefined {
  for (const stage of chain) {
    const found = stage.instructions.filter((instruction) => instruction.getKeyword() === keyword).at(-1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An instruction's arguments, without its flags (dockerfile-ast keeps `--from=…` apart). */
const args = (instruction: Instruction): string[] => instruction.getArguments().map((argument) => argument.getValue());

/** The stage (or image) a COPY takes its files from, or undefined for the build context. */
function copyFrom(instruction: Instruction): string | undefined {
  if (!(instruction instanceof Copy)) return undefined;
  return instruction.getFromFlag()?.getValue() ?? undefined;
}

/** What a target must be: serve HTTP (and have a health check) or not. */
export interface DockerTarget {
  name: string;
  http: boolean;
}

/**
 * What is wrong with a Pipe Dockerfile: dockerfile-utils' diagnostics (the linter behind the
 * Docker language server: unknown instructions, bad flags, invalid durations…), then Pipe's rules —
 * several stages, each target running as a non-root user, a health check on every HTTP target and
 * an explicit decision (`HEALTHCHECK NONE`) on the others, production dependencies only in the
 * runtime (`pnpm deploy --prod`), and COPY sources that exist.
 */
export function dockerfileProblems(source: string, text: string, targets: readonly DockerTarget[], pnpmVersion: string): string[] {
  const problems = validate(text).map((diagnostic) => `${source}:${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  const stages = stagesOf(text);
  if (stages.length < 2) problems.push(`${source}: one stage only; build and runtime must be separate stages`);

  const build = stages.find((stage) =>
    stage.instructions.some((i) => i.getKeyword() === 'RUN' && /\bpnpm\b.*\bdeploy\b.*--prod\b/.test(i.getArgumentsContent() ?? '')),
  );
  if (build === undefined)
    problems.push(`${source}: no stage runs \`pnpm deploy --prod\`, so the runtime would carry development dependencies`);
  if (
    !stages.some((stage) =>
      stage.instructions.some((i) => i.getKeyword() === 'RUN' && (i.getArgumentsContent() ?? '').includes(`pnpm@${pnpmVersion}`)),
    )
  ) {
    problems.push(`${source}: does not install pnpm@${pnpmVersion}, the root package.json's packageManager`);
  }

  for (const target of targets) {
    const chain = lineage(stages, target.name);
    if (chain.length === 0) {
      problems.push(`${source}: no stage named '${target.name}'`);
      continue;
    }
    if (build !== undefined && chain.includes(build))
      problems.push(`${source}: target '${target.name}' is built on the build stage, with its sources and dev dependencies`);
    if (!chain.some((stage) => stage.instructions.some((i) => copyFrom(i) === build?.name))) {
      problems.push(`${source}: target '${target.name}' does not copy the deployed service from the build stage`);
    }
    const user = effective(chain, 'USER');
    const userName = user === undefined ? undefined : args(user)[0]?.split(':')[0];
    if (userName === undefined) problems.push(`${source}: target '${target.name}' has no USER, so it runs as root`);
    else if (userName === 'root' || userName === '0')
      problems.push(`${source}: target '${target.name}' runs as root (USER ${args(user!).join(' ')})`);
    else if (!/^[1-9]\d*$/.test(userName))
      problems.push(`${source}: target '${target.name}' has USER ${userName}; use a numeric uid so Kubernetes' runAsNonRoot can verify it`);

    const healthcheck = effective(chain, 'HEALTHCHECK');
    const kind = healthcheck === undefined ? undefined : args(healthcheck)[0]?.toUpperCase();
    if (target.http && kind !== 'CMD') problems.push(`${source}: HTTP target '${target.name}' has no HEALTHCHECK CMD`);
    if (!target.http && kind === undefined)
      problems.push(`${source}: target '${target.name}' neither checks health nor says HEALTHCHECK NONE`);
  }

  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'COPY') continue;
      if (copyFrom(instruction) !== undefined) continue;
      for (const path of args(instruction).slice(0, -1)) {
        if (path !== '.' && !existsSync(repoPath(path))) problems.push(`${source}: COPY ${path}: no such file in the build context`);
      }
    }
  }
  return problems;
}
