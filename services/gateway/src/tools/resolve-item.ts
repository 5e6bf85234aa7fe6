import { findItemIdByNames, findItemIdByUrl } from '../queries/get-item.js';
import { lookupForUrl } from '../queries/platform-urls.js';
import { type ToolDeps, ToolFailure } from './tool-result.js';

/**
 * The id of the team's item a platform URL names, or null when the text is not an http(s) URL (an
 * id, then). A URL that names nothing stored is a {@link ToolFailure} `ITEM_NOT_FOUND`: a
 * comment's, review's or reply's URL opens that item or nothing, never the issue or thread it is
 * on — the error names that one instead, when the team has it.
 */
export async function itemIdOfUrl(deps: Pick<ToolDeps, 'db' | 'team'>, text: string): Promise<string | null> {
  const url = text.trim();
  const lookup = lookupForUrl(url);
  if (lookup === null) return null;
  const found = await findItemIdByUrl(deps.db, deps.team, url, lookup);
  if (found !== null) return found;
  const on = lookup.within ? await findItemIdByNames(deps.db, deps.team, lookup.within) : null;
  throw new ToolFailure(
    'ITEM_NOT_FOUND',
    on === null
      ? `no item of your team has the URL ${url}; Pipe may not have received it yet — try search`
      : `no item of your team is what the URL ${url} names (Pipe may not have received it yet); it is on ${on}, which get_item opens`,
  );
}

/**
 * The team's item an argument names (an item id or a platform URL), with its reference; a
 * {@link ToolFailure} `ITEM_NOT_FOUND` otherwise. Another team's item answers exactly like a
 * missing one, so guessing ids reveals nothing.
 */
export async function resolveItem(deps: Pick<ToolDeps, 'db' | 'team'>, idOrUrl: string): Promise<{ id: string; ref: string }> {
  const id = (await itemIdOfUrl(deps, idOrUrl)) ?? idOrUrl.trim();
  const row = await deps.db.selectFrom('items').select(['id', 'ref']).where('team', '=', deps.team).where('id', '=', id).executeTakeFirst();
  if (!row) throw new ToolFailure('ITEM_NOT_FOUND', `no item with id '${id}' was found; use the search tool to find items and their ids`);
  return row;
}
