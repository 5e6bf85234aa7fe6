import type { Bus, StreamNames } from '@pipe/bus';
import type { ChangeNotice } from '@pipe/events';

/** Every notice `PIPE_CHANGES` holds, in stream order, with its sequence there. */
export async function announcedChanges(bus: Pick<Bus, 'jsm'>, names: StreamNames): Promise<{ seq: number; notice: ChangeNotice }[]> {
  const { state } = await bus.jsm.streams.info(names.changes);
  const out: { seq: number; notice: ChangeNotice }[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const msg = await bus.jsm.streams.getMessage(names.changes, { seq }).catch(() => null);
    if (msg) out.push({ seq, notice: msg.json<ChangeNotice>() });
  }
  return out;
}

/**
 * What a reader of `PIPE_CHANGES` learns per team: the item ids announced, and whether each team's
 * notices came in the order their batches committed (event sequences rising).
 */
export function announcedPerTeam(notices: readonly { notice: ChangeNotice }[]): Map<string, { items: Set<string>; inOrder: boolean }> {
  const teams = new Map<string, { items: Set<string>; inOrder: boolean; last: number }>();
  for (const { notice } of notices) {
    const team = teams.get(notice.team) ?? { items: new Set<string>(), inOrder: true, last: 0 };
    if (notice.eventSeq <= team.last) team.inOrder = false;
    team.last = notice.eventSeq;
    for (const change of notice.changes) team.items.add(change.itemId);
    teams.set(notice.team, team);
  }
  return new Map([...teams].map(([team, { items, inOrder }]) => [team, { items, inOrder }]));
}
