import type { HistoryDelivery } from '../../history/deliveries/index.js';
import {
  SLACK_ENG,
  SLACK_INCIDENTS,
  type SlackMessage,
  channelCreated,
  deleted,
  posted,
  reaction,
} from '../../history/deliveries/slack.js';

// The retrieval story's Slack side: #eng, #incidents and a new #design channel in the Acme
// workspace, built with the history's builders (Slack's documented Events API examples).

/** The #design channel the story creates. */
export const SLACK_DESIGN = 'C0DESIGN';

/** A Slack `ts` for a story time (`seq` keeps messages of the same second apart). */
export const slackTs = (at: string, seq = 100) => `${Date.parse(at) / 1000}.${String(seq).padStart(6, '0')}`;

const message = (channel: string, at: string, user: string, text: string, thread?: SlackMessage): SlackMessage => ({
  channel,
  ts: slackTs(at),
  user,
  text,
  ...(thread ? { thread: { ts: thread.ts, user: thread.user, text: thread.text } } : {}),
});

/** The deleted message (a pasted secret): no question may ever get it back. */
export const REMOVED_SLACK_AT = '2026-11-23T09:50:00Z';

/** The Slack side of the retrieval story. */
export function slackStory(): HistoryDelivery[] {
  const incident = message(
    SLACK_INCIDENTS,
    '2026-11-23T09:30:00Z',
    'U0LARS',
    'Checkout is timing out for a lot of customers right now, the payment provider latency is spiking. Investigating.',
  );
  const i2 = message(SLACK_INCIDENTS, '2026-11-23T09:40:00Z', 'U0TOM', 'p99 on /checkout/confirm is 31s and climbing', incident);
  const i3 = message(
    SLACK_INCIDENTS,
    '2026-11-23T09:45:00Z',
    'U0PRIYA',
    'The provider SDK has no timeout of its own and we retry 3 times, so one slow call becomes a 90 second wait.',
    incident,
  );
  const leaked = message(
    SLACK_INCIDENTS,
    REMOVED_SLACK_AT,
    'U0TOM',
    'checkout timeout repro against prod with key RETRIEVALMARKER-9q2, do not share',
    incident,
  );
  const i4 = message(
    SLACK_INCIDENTS,
    '2026-11-23T10:00:00Z',
    'U0LARS',
    'Mitigated: failed over to the secondary provider region. Follow-up issue <https://github.com/acme/checkout/issues/41>',
    incident,
  );
  const i5 = message(
    SLACK_INCIDENTS,
    '2026-11-23T11:30:00Z',
    'U0LARS',
    'I will write the postmortem in Notion this week; action items go to PAY-201 and PAY-202.',
  );

  const exportOut = message(
    SLACK_ENG,
    '2026-11-25T16:00:00Z',
    'U0TOM',
    'The CSV export fix is deployed, finance can re-run the November export now. <https://github.com/acme/checkout/pull/44>',
  );
  const exportReply = message(SLACK_ENG, '2026-11-25T16:20:00Z', 'U0MAYA', 'Thanks! I told the finance team, closing PAY-205.', exportOut);

  const design = channelCreated(SLACK_DESIGN, 'design', 'U0ANA', Date.parse('2026-11-26T09:00:00Z') / 1000);
  const preview = message(
    SLACK_DESIGN,
    '2026-11-26T09:10:00Z',
    'U0ANA',
    'Dark mode preview of the merchant dashboard is on staging, feedback welcome before Friday.',
  );
  const charts = message(
    SLACK_DESIGN,
    '2026-11-26T10:00:00Z',
    'U0TOM',
    'Charts are unreadable in dark mode, the grey lines vanish.',
    preview,
  );
  const chartsReply = message(SLACK_DESIGN, '2026-11-26T10:30:00Z', 'U0ANA', 'Good catch, new chart palette tracked in WEB-42.', preview);

  const safari = message(
    SLACK_ENG,
    '2026-11-30T17:30:00Z',
    'U0DEV',
    'Safari login loop fix is deployed (<https://github.com/acme/checkout/pull/48>), iPhone users can sign in again.',
  );
  const maintenance = message(
    SLACK_ENG,
    '2026-12-02T10:00:00Z',
    'U0LARS',
    'Heads up: database maintenance window this Saturday 06:00 UTC for the Postgres 16 upgrade, checkout is read-only for about 10 minutes.',
  );
  const maintenanceReply = message(
    SLACK_ENG,
    '2026-12-02T10:15:00Z',
    'U0MAYA',
    'Can we tell merchants on Discord as well? I will add it to the release notes.',
    maintenance,
  );
  const shipping = message(
    SLACK_ENG,
    '2026-12-03T12:00:00Z',
    'U0MAYA',
    'Shipping v2.14 tomorrow morning: dark mode, the CSV export fix and the Safari login fix. Release checklist is in Notion.',
  );
  const freeze = message(
    SLACK_ENG,
    '2026-12-03T12:20:00Z',
    'U0LARS',
    'Reminder: deploy freeze from Friday 18:00 until the DB upgrade is done.',
    shipping,
  );
  const newHire = message(
    SLACK_ENG,
    '2026-11-30T09:00:00Z',
    'U0NEW',
    'Hi all, first day here! Where do I find the instructions for setting up checkout locally?',
  );
  const newHireReply = message(
    SLACK_ENG,
    '2026-11-30T09:05:00Z',
    'U0MAYA',
    'Welcome! Everything is in the onboarding guide in Notion: docker compose up, then make seed.',
    newHire,
  );
  const slowDash = message(
    SLACK_ENG,
    '2026-12-02T08:30:00Z',
    'U0MAYA',
    'Big merchants say the dashboard takes forever to load this week, anyone looking? WEB-48',
  );
  const slowReply = message(
    SLACK_ENG,
    '2026-12-02T09:00:00Z',
    'U0DEV',
    'Yes, it is an N+1 in the orders summary, PR coming today.',
    slowDash,
  );
  const stripe = message(
    SLACK_INCIDENTS,
    '2026-12-04T08:20:00Z',
    'U0DEV',
    'All Stripe webhooks are failing signature checks since the secret rotation, orders are not marked paid. <https://github.com/acme/checkout/issues/54>',
  );
  const stripeReply = message(
    SLACK_INCIDENTS,
    '2026-12-04T09:20:00Z',
    'U0PRIYA',
    'Found it: the US deployment still has the old signing secret. Updating it now.',
    stripe,
  );
  const lunch = message(SLACK_ENG, '2026-11-27T11:45:00Z', 'U0ANA', 'Lunch at the ramen place at 12:30, anyone?');
  const standup = message(SLACK_ENG, '2026-12-01T08:55:00Z', 'U0MAYA', 'Standup moved to 10:00 today because of the planning session.');
  const rateQ = message(
    SLACK_ENG,
    '2026-11-29T11:00:00Z',
    'U0TOM',
    'The public API rate limiter is live: 100 req/s per key with bursts of 200. Ping me if a merchant hits 429s.',
  );

  return [
    posted(incident),
    posted(i2),
    posted(i3),
    posted(leaked),
    deleted(leaked, slackTs('2026-11-23T09:52:00Z')),
    posted(i4, true),
    reaction(i4, 'U0MAYA', 'white_check_mark', slackTs('2026-11-23T10:05:00Z')),
    posted(i5),
    posted(exportOut),
    posted(exportReply),
    design,
    posted(preview),
    posted(charts),
    posted(chartsReply),
    posted(safari),
    posted(maintenance),
    posted(maintenanceReply),
    posted(shipping),
    posted(freeze),
    posted(newHire),
    posted(newHireReply),
    posted(slowDash),
    posted(slowReply),
    posted(stripe),
    posted(stripeReply),
    posted(lunch),
    posted(standup),
    posted(rateQ),
  ];
}
