import { type EventOrigin, type IdentityRef, type PipeEvent, createEvent } from '@pipe/events';

/** A small deterministic PRNG (mulberry32), so every run projects the same log. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a deploy build cache login session token database migration index query latency timeout retry queue worker ' +
  'request response error crash flaky test spec pipeline release branch merge review approve refactor performance memory ' +
  'leak config env staging production rollback feature flag customer report bug regression fix patch upgrade dependency ' +
  'node postgres nats stream consumer projector gateway webhook payload signature verify schema event search ranking'
).split(' ');

const PEOPLE: IdentityRef[] = Array.from({ length: 40 }, (_, i) => ({
  platform: 'github' as const,
  externalId: String(1000 + i),
  handle: `dev${i}`,
}));
const SLACK_PEOPLE = Array.from({ length: 40 }, (_, i) => ({ platform: 'slack' as const, externalId: `U0${1000 + i}`, handle: `dev${i}` }));

/**
 * A realistic mix of Pipe events for one team: GitHub issues and PRs with long bodies full of
 * references and mentions, short Slack messages naming tracker keys and people, comments,
 * updates of earlier items, activities, identities and a few source-stated links and removals.
 * `offset` shifts ids and times, so several chunks form one longer history; `teams` spreads the
 * events over that many teams (and so over the log's partitions).
 */
export function realisticMix(count: number, team = 'bench', seed = 7, offset = 0, teams = 1): PipeEvent[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  // Several teams take turns (each team's history is its own: ids repeat across teams).
  const teamAt = (at: number) => (teams <= 1 ? team : `${team}${at % teams}`);
  const origin = (platform: 'github' | 'slack' | 'jira', at: number) => {
    const time = new Date(1_760_000_000_000 + at * 1000).toISOString();
    return { team: teamAt(at), source: { platform, deliveryId: `bench-${at}`, receivedAt: time }, occurredAt: time };
  };
  const events: PipeEvent[] = [];
  const issues: { n: number; version: number; kind: 'issue' | 'pull_request'; body: string }[] = [];
  for (let i = offset; events.length < count; i++) {
    const roll = rnd();
    if (roll < 0.25) {
      // A GitHub issue or PR with a long body (1–4 KB) and references.
      const n = offset + issues.length + 1;
      const kind = rnd() < 0.4 ? 'pull_request' : 'issue';
      const refs = `See #${1 + Math.floor(rnd() * n)}, relates to ACME-${1 + Math.floor(rnd() * 500)}. ${kind === 'pull_request' ? `Fixes #${1 + Math.floor(rnd() * n)}.` : ''} cc @${pick(PEOPLE).handle}`;
      const body = `${Array.from({ length: 4 + Math.floor(rnd() * 12) }, () => sentence(30)).join('\n\n')}\n\n${refs}`;
      issues.push({ n, version: 1, kind, body });
      events.push(githubItem(origin('github', i), n, kind, sentence(8), body, 1, pick(PEOPLE)));
    } else if (roll < 0.45 && issues.length > 0) {
      // An update of an earlier issue: a new version (edited title, state change).
      const issue = pick(issues);
      issue.version += 1;
      events.push(githubItem(origin('github', i), issue.n, issue.kind, sentence(8), issue.body, issue.version, pick(PEOPLE)));
    } else if (roll < 0.6 && issues.length > 0) {
      // A comment on an issue, with a mention.
      const issue = pick(issues);
      const id = `github:comment:octo/bench#${issue.n}/${i}`;
      events.push(
        createEvent(origin('github', i), {
          type: 'item.observed',
          data: {
            item: snapshot(
              id,
              'github',
              'comment',
              `Comment on #${issue.n}`,
              `${sentence(25)} @${pick(PEOPLE).handle} see #${issue.n}`,
              'octo/bench',
              `github:${issue.kind}:octo/bench#${issue.n}`,
              1,
              pick(PEOPLE),
            ),
          },
        }),
      );
    } else if (roll < 0.8) {
      // A short Slack message naming a tracker key and a person, sometimes in a thread.
      const ts = `${1_760_000_000 + i}.000100`;
      const parent = rnd() < 0.3 && i > offset + 10 ? `slack:message:T1/C1/${1_760_000_000 + i - 5}.000100` : null;
      events.push(
        createEvent(origin('slack', i), {
          type: 'item.observed',
          data: {
            item: snapshot(
              `slack:message:T1/C1/${ts}`,
              'slack',
              'message',
              '',
              `${sentence(12)} ACME-${1 + Math.floor(rnd() * 500)} <@${pick(SLACK_PEOPLE).externalId}>`,
              'T1/C1',
              parent,
              1,
              pick(SLACK_PEOPLE),
            ),
          },
        }),
      );
    } else if (roll < 0.93 && issues.length > 0) {
      const issue = pick(issues);
      const actor = pick(PEOPLE);
      events.push(
        createEvent(origin('github', i), {
          type: 'activity.observed',
          data: {
            activityId: `bench:${i}`,
            itemId: `github:${issue.kind}:octo/bench#${issue.n}`,
            verb: pick(['commented', 'labeled', 'reviewed', 'closed']),
            actor,
            summary: `${actor.handle} acted on #${issue.n}`,
          },
        }),
      );
    } else if (roll < 0.97) {
      const who = pick(PEOPLE);
      events.push(
        createEvent(origin('github', i), {
          type: 'identity.observed',
          data: { identity: who, name: `Dev ${who.handle}`, email: `${who.handle}@example.com`, url: null },
        }),
      );
    } else {
      const a = 1 + Math.floor(rnd() * 500);
      events.push(
        createEvent(origin('jira', i), {
          type: 'link.observed',
          data: { from: `jira:issue:ACME-${a}`, to: `jira:issue:ACME-${a + 1}`, edge: 'BLOCKS', removed: rnd() < 0.2 },
        }),
      );
    }
  }
  return events;
}

function githubItem(
  origin: EventOrigin,
  n: number,
  kind: 'issue' | 'pull_request',
  title: string,
  body: string,
  version: number,
  author: IdentityRef,
): PipeEvent {
  return createEvent(origin, {
    type: 'item.observed',
    data: { item: snapshot(`github:${kind}:octo/bench#${n}`, 'github', kind, title, body, 'octo/bench', null, version, author) },
  });
}

function snapshot(
  id: string,
  platform: 'github' | 'slack',
  kind: 'issue' | 'pull_request' | 'comment' | 'message',
  title: string,
  body: string,
  container: string,
  parentId: string | null,
  version: number,
  author: IdentityRef,
) {
  const time = new Date(1_760_000_000_000 + version * 60_000).toISOString();
  return {
    id,
    platform,
    kind,
    title,
    body,
    url: null,
    state: 'open',
    container,
    parentId,
    author,
    createdAt: time,
    updatedAt: time,
    version,
  };
}
