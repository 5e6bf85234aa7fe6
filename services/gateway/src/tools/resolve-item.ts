import { findItemIdByUrl } from '../queries/get-item.js';
import { lookupForUrl } from '../queries/platform-urls.js';
import { type ToolDeps, ToolFailure } from './tool-result.js';

/**
 * The team's item an argument names (an item id or a platform URL), with its reference; a
 * {@link ToolFailure} `ITEM_NOT_FOUND` otherwise. Another team's item answers exactly like a
 * missing one, so guessing ids reveals nothing.
 */
export async function resolveItem(deps: Pick<ToolDeps, 'db' | 'team'>, idOrUrl: string): Promise<{ id: string; ref: string }> {
  let id = idOrUrl.trim();
  const lookup = lookupForUrl(id);
  if (lookup !== null) {
    const found = await findItemIdByUrl(deps.db, deps.team, id, lookup);
    if (found === null) throw new ToolFailure('ITEM_NOT_FOUND', `no item of your team has the URL ${id}; try search`);
    id = found;
  }
  const row = await deps.db.selectFrom('items').select(['id', 'ref']).where('team', '=', deps.team).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ToolFailure('ITEM_NOT_FOUND', `no item with id '${id}' was found; use the search tool to find items and their ids`);
  return row;
}
