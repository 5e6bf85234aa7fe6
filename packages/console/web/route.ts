import { useEffect, useState } from 'preact/hooks';

/** The console's pages, addressed by the URL's hash so links and reloads work without server routes. */
export type Route =
  | { page: 'feed' }
  | { page: 'search'; query: string }
  | { page: 'item'; id: string }
  | { page: 'sources' }
  | { page: 'sessions' };

/** The route of a hash such as `#/item/github%3Aissue%3Aocto%2Fdemo%237`. */
export function parseRoute(hash: string): Route {
  const [, page = '', ...rest] = hash.replace(/^#/, '').split('/');
  const arg = decodeURIComponent(rest.join('/'));
  if (page === 'search') return { page: 'search', query: arg };
  if (page === 'item' && arg) return { page: 'item', id: arg };
  if (page === 'sources') return { page: 'sources' };
  if (page === 'sessions') return { page: 'sessions' };
  return { page: 'feed' };
}

/** The hash of a route. */
export function href(route: Route): string {
  if (route.page === 'search') return `#/search/${encodeURIComponent(route.query)}`;
  if (route.page === 'item') return `#/item/${encodeURIComponent(route.id)}`;
  return `#/${route.page}`;
}

/** The current route, following the hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
