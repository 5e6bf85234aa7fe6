import { type DiscordMessage, created, deleted } from '../../history/deliveries/discord.js';
import type { HistoryDelivery } from '../../history/deliveries/index.js';

// The retrieval story's Discord side: the community #support channel, with the history's builders
// (Discord's documented Gateway dispatches as the team's relay forwards them).

const id = (n: number) => `14370000000000${String(n).padStart(5, '0')}`;

/** The deleted message (a pasted API key): no question may ever get it back. */
export const REMOVED_DISCORD_MESSAGE = id(3105);

/** The Discord side of the retrieval story. */
export function discordStory(): HistoryDelivery[] {
  const m = (n: number, author: DiscordMessage['author'], content: string, at: string, replyTo?: number): DiscordMessage => ({
    id: id(n),
    author,
    content,
    at,
    ...(replyTo ? { replyTo: id(replyTo) } : {}),
  });
  const spinner = m(
    3101,
    'merchant',
    'Customers say the pay button spins forever and then fails, is something down?',
    '2026-11-23T09:35:00Z',
  );
  const spinnerReply = m(
    3102,
    'maya',
    'Yes, our payment provider had an outage and we have failed over; it should work again now. Sorry!',
    '2026-11-23T10:10:00Z',
    3101,
  );
  const missing = m(
    3103,
    'merchant',
    'My November orders export is missing orders, all of them from customers with a comma in their name like "Smith, Anna"',
    '2026-11-24T12:30:00Z',
  );
  const missingReply = m(
    3104,
    'maya',
    'Thanks for the detailed report, we found the bug and are fixing it this week.',
    '2026-11-24T14:10:00Z',
    3103,
  );
  const leaked = m(
    3105,
    'merchant',
    'export still wrong, here is my api key RETRIEVALMARKER-9q2 if you want to look',
    '2026-11-24T14:20:00Z',
  );
  const iphone = m(3106, 'shopper', 'I cannot log in on my iPhone, it keeps sending me back to the login page', '2026-11-30T08:50:00Z');
  const iphoneReply = m(3107, 'lars', 'Thanks, we are on it, a fix for Safari is rolling out today.', '2026-11-30T09:20:00Z', 3106);
  const limits = m(
    3108,
    'merchant',
    'Getting 429 Too Many Requests from the orders API since yesterday, did something change?',
    '2026-11-30T12:00:00Z',
  );
  const limitsReply = m(
    3109,
    'maya',
    'We introduced per-key rate limits: 100 requests per second with bursts of 200. The Retry-After header says when to retry.',
    '2026-11-30T12:30:00Z',
    3108,
  );
  const window = m(
    3110,
    'lars',
    'Scheduled maintenance: Saturday 5 December 06:00 UTC checkout is read-only for about 10 minutes while we upgrade our database.',
    '2026-12-02T11:00:00Z',
  );
  const currency = m(3111, 'shopper', 'My order confirmation email shows dollars but I paid in kronor?', '2026-12-02T09:00:00Z');
  const thanks = m(3112, 'merchant', 'Export works now, thank you!', '2026-11-26T09:00:00Z', 3104);

  return [
    created(spinner),
    created(spinnerReply),
    created(missing),
    created(missingReply),
    created(leaked),
    deleted(leaked, '2026-11-24T14:22:00Z'),
    created(thanks),
    created(iphone),
    created(iphoneReply),
    created(limits),
    created(limitsReply),
    created(window),
    created(currency),
  ];
}
