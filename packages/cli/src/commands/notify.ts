import { randomBytes, randomUUID } from 'node:crypto';
import { type Database, SecretBox, createDb, migrateToLatest, parseSecretKey } from '@pipe/db';
import { TeamSlug } from '@pipe/events';
import {
  DESTINATION_KINDS,
  type DestinationKind,
  FilterSyntaxError,
  PrivateTargetError,
  type RuleSummary,
  Sender,
  addRule,
  allRules,
  checkTarget,
  listRules,
  notificationOf,
  parseFilter,
  removeRule,
  requestFor,
  resumeRule,
  type ResumeOutcome,
} from '@pipe/notify';
import type { Kysely } from 'kysely';
import { UsageError } from '../command.js';
import type { CliConfig } from '../config.js';
import { requireTeam } from '../require-team.js';
import { resolveSecretKey } from '../secret-key.js';
import { databaseUrlFor, readStackFile } from '../stack-file.js';

/** Telegram's Bot API, unless `--url` names a local Bot API server. */
const TELEGRAM_API = 'https://api.telegram.org';

/** The team argument of `pipe notify …`, validated. */
export function notifyTeam(value: string | undefined): string {
  const team = TeamSlug.safeParse(value);
  if (!team.success)
    throw new UsageError('the team is missing or not a slug (lower-case letters, digits and dashes), e.g. `pipe notify list acme`');
  return team.data;
}

/**
 * Private destinations are allowed with PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS=true, or on the local
 * stack `pipe up` runs (which sets the variable for its notifier too).
 */
export function privateTargetsAllowed(config: CliConfig, env: NodeJS.ProcessEnv): boolean {
  if (env.PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS === 'true') return true;
  return config.DATABASE_URL === undefined && readStackFile(config) !== null;
}

async function withNotifyDb<T>(config: CliConfig, work: (db: Kysely<Database>, box: () => SecretBox) => Promise<T>): Promise<T> {
  const db = createDb({ url: databaseUrlFor(config), poolSize: 2, applicationName: 'pipe-cli' });
  try {
    await migrateToLatest(db);
    return await work(db, () => new SecretBox(parseSecretKey(resolveSecretKey(config, false))));
  } finally {
    await db.destroy();
  }
}

/** What `pipe notify add` was given. */
export interface NotifyAddInput {
  team: string;
  kind: string | undefined;
  url: string | undefined;
  secret: string | undefined;
  chat: string | undefined;
  when: string | undefined;
}

/** What `pipe notify add` stored. */
export interface AddedRule {
  id: string;
  team: string;
  kind: DestinationKind;
  when: string;
  /** Only when generated here (a webhook without --secret): shown once, for the receiver to verify signatures. */
  secret?: string;
}

/** Checks the options against the kind: what each destination needs, and nothing it would ignore. */
function destinationOf(input: NotifyAddInput): {
  kind: DestinationKind;
  url: string;
  secret: string | null;
  chatId: string | null;
  generated: boolean;
} {
  const kind = input.kind as DestinationKind;
  if (!DESTINATION_KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${DESTINATION_KINDS.join(', ')}`);
  switch (kind) {
    case 'slack':
    case 'discord':
      if (!input.url) throw new UsageError(`--url is required: the ${kind === 'slack' ? 'Slack incoming' : 'Discord'} webhook URL`);
      if (input.secret || input.chat) throw new UsageError(`--secret and --chat are not used by ${kind} (its webhook URL is the secret)`);
      return { kind, url: input.url, secret: null, chatId: null, generated: false };
    case 'telegram':
      if (!input.secret || !input.chat) throw new UsageError('telegram needs --secret <bot token> and --chat <chat id>');
      return { kind, url: input.url ?? TELEGRAM_API, secret: input.secret, chatId: input.chat, generated: false };
    case 'webhook':
      if (!input.url) throw new UsageError('--url is required: where Pipe posts the signed JSON');
      if (input.chat) throw new UsageError('--chat is only for telegram');
      return { kind, url: input.url, secret: input.secret ?? randomBytes(32).toString('hex'), chatId: null, generated: !input.secret };
  }
}

/** `pipe notify add`: validates the rule (kind, URL, filter, address) and stores it with its secrets sealed. */
export async function notifyAdd(config: CliConfig, env: NodeJS.ProcessEnv, input: NotifyAddInput): Promise<AddedRule> {
  const destination = destinationOf(input);
  let when: string;
  try {
    when = parseFilter(input.when ?? '').text;
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new UsageError(`--when: ${error.message}`);
    throw error;
  }
  try {
    await checkTarget(destination.url, privateTargetsAllowed(config, env));
  } catch (error) {
    if (error instanceof PrivateTargetError) throw new UsageError(`--url: ${error.message}`);
    throw error;
  }
  return withNotifyDb(config, async (db, box) => {
    await requireTeam(db, input.team);
    const id = await addRule(db, box(), {
      team: input.team,
      kind: destination.kind,
      url: destination.url,
      secret: destination.secret,
      chatId: destination.chatId,
      when,
    });
    return {
      id,
      team: input.team,
      kind: destination.kind,
      when,
      ...(destination.generated && destination.secret ? { secret: destination.secret } : {}),
    };
  });
}

/** `pipe notify list`: the team's rules with their deliveries, pauses and dead letters. */
export const notifyList = (config: CliConfig, team: string): Promise<RuleSummary[]> =>
  withNotifyDb(config, async (db) => {
    await requireTeam(db, team);
    return listRules(db, team);
  });

/** `pipe notify remove`: false when the team has no such rule. */
export const notifyRemove = (config: CliConfig, team: string, id: string): Promise<boolean> =>
  withNotifyDb(config, async (db) => {
    await requireTeam(db, team);
    return removeRule(db, team, id);
  });

/** `pipe notify resume`: clears a rule's pause (see {@link resumeRule}). */
export const notifyResume = (config: CliConfig, team: string, id: string): Promise<ResumeOutcome> =>
  withNotifyDb(config, async (db) => {
    await requireTeam(db, team);
    return resumeRule(db, team, id);
  });

/** The command that resumes a paused rule, as `pipe notify list` and the docs spell it. */
export const resumeCommandFor = (team: string, id: string) => `pipe notify resume ${team} ${id}`;

/** What `pipe notify test` got from one rule's destination. */
export interface TestResult {
  id: string;
  kind: DestinationKind;
  ok: boolean;
  detail: string;
}

/** `pipe notify test`: sends one sample message through each of the team's rules (paused ones too) and reports each answer. */
export async function notifyTest(config: CliConfig, env: NodeJS.ProcessEnv, team: string): Promise<TestResult[]> {
  return withNotifyDb(config, async (db, box) => {
    await requireTeam(db, team);
    const rules = await allRules(db, box(), team);
    const sender = new Sender({ allowPrivateTargets: privateTargetsAllowed(config, env), timeoutMs: 10_000 });
    try {
      const results: TestResult[] = [];
      for (const rule of rules) {
        const sample = notificationOf(randomUUID(), team, [
          {
            itemId: 'pipe:test',
            title: 'Pipe test notification',
            platform: 'pipe',
            kind: 'message',
            url: null,
            state: null,
            container: null,
            who: ['pipe notify test'],
            changes: [`rule ${rule.id} reaches this ${rule.destination.kind}${rule.filter.text ? ` (when ${rule.filter.text})` : ''}`],
            count: 1,
            at: new Date().toISOString(),
          },
        ]);
        const result = await sender.send(requestFor(rule.destination, sample));
        results.push({
          id: rule.id,
          kind: rule.destination.kind,
          ok: result.kind === 'sent',
          detail: result.kind === 'sent' ? `delivered (${result.status})` : result.reason,
        });
      }
      return results;
    } finally {
      await sender.close();
    }
  });
}

/** The human form of a rule listing. */
export function describeRules(rules: RuleSummary[]): string {
  if (rules.length === 0) return 'no notification rules; add one with `pipe notify add <team> --kind slack --url <webhook URL>`';
  return rules
    .map((rule) => {
      const lines = [
        `${rule.id}  ${rule.kind.padEnd(8)} ${rule.destination}  when: ${rule.when || '(every change)'}`,
        `  ${rule.delivered} delivered, ${rule.pending} pending, ${rule.deadLetterCount} dead letters`,
      ];
      if (rule.paused) {
        lines.push(`  PAUSED since ${rule.paused.at.toISOString()}: ${rule.paused.reason}`);
        lines.push(`  when the destination works again: ${resumeCommandFor(rule.team, rule.id)}`);
      }
      for (const letter of rule.deadLetters) lines.push(`  dead letter ${letter.itemId} (${letter.changeKey}): ${letter.reason}`);
      return lines.join('\n');
    })
    .join('\n');
}
