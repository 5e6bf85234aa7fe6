import type { AccessScope } from '@pipe/db';

/** What the sign-in and consent page shows. */
export interface SignInPageView {
  /** The client's own name (from its registration or metadata document), if it gave one. */
  clientName: string | null;
  /** The client's id: its metadata document URL, or the id Pipe gave it at registration. */
  clientId: string;
  /** Where the browser goes after the decision (the client's redirect URI). */
  redirectUri: string;
  /** The scopes the client asks for (read is implied when it names none). */
  requestedScopes: AccessScope[];
  /** Set when this browser already signed in: the team and who the link was made for. */
  signedIn: { team: string; who: string } | null;
  /** A message for the person after a failed attempt. */
  error: string | null;
  /** The form's target. */
  action: string;
}

const SCOPE_WORDS: Record<AccessScope, string> = {
  read: 'read your team’s work in Pipe: search, items, timelines, people, and what changed',
  admin: 'change things in Pipe: start syncs and manage connections (more than reading)',
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Who the client is, said plainly: its name and where it comes from. */
function describeClient(view: SignInPageView): { name: string; from: string } {
  let from = view.clientId;
  try {
    const url = new URL(view.clientId);
    from = `its metadata at ${url.host}`;
  } catch {
    from = `registered with Pipe as ${view.clientId}`;
  }
  return { name: view.clientName?.trim() || 'An application that gave no name', from };
}

function redirectHost(uri: string): string {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : `${url.protocol}//${url.host}`;
  } catch {
    return uri;
  }
}

/**
 * The page where a person signs in with a one-time link and approves (or denies) a client. Plain
 * HTML with no script: large targets and one column for phones, native controls and labels for
 * the keyboard and screen readers, and the client, its origin, where it sends you back and what it
 * asks for, said in words.
 */
export function renderSignInPage(view: SignInPageView): string {
  const client = describeClient(view);
  const scopes = view.requestedScopes.length === 0 ? (['read'] as AccessScope[]) : view.requestedScopes;
  const signIn =
    view.signedIn === null
      ? `<label for="code">Your sign-in link or code</label>
<input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" autocapitalize="off" spellcheck="false" required autofocus aria-describedby="code-help${view.error ? ' error' : ''}">
<p id="code-help" class="hint">A team admin makes one with <code>pipe login-link &lt;team&gt; --email you@example.com</code>. Paste the whole link or just the code; it works once.</p>`
      : `<p>Signed in to team <strong>${escapeHtml(view.signedIn.team)}</strong> as ${escapeHtml(view.signedIn.who)}.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>Connect ${escapeHtml(client.name)} to Pipe</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; }
  body { margin: 0; padding: 1rem; }
  main { max-width: 34rem; margin: 0 auto; }
  h1 { font-size: 1.4rem; margin: 0.5rem 0 1rem; }
  h2 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
  ul { padding-left: 1.25rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { box-sizing: border-box; width: 100%; font-size: 1rem; padding: 0.75rem; margin-top: 0.25rem; border: 1px solid #888; border-radius: 0.4rem; }
  .hint { font-size: 0.9rem; opacity: 0.85; }
  .error { border-left: 4px solid #c62828; padding: 0.5rem 0.75rem; background: rgba(198, 40, 40, 0.1); }
  .actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1.25rem; }
  button { flex: 1 1 10rem; min-height: 3rem; font-size: 1rem; font-weight: 600; border-radius: 0.4rem; border: 1px solid #1a56db; cursor: pointer; }
  button.approve { background: #1a56db; color: #fff; }
  button.deny { background: transparent; color: inherit; border-color: #888; }
  :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  code { overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
<h1>Connect <span id="client-name">${escapeHtml(client.name)}</span> to Pipe</h1>
<p><strong>${escapeHtml(client.name)}</strong> (${escapeHtml(client.from)}) asks to use Pipe for you. If you approve, you go back to <strong>${escapeHtml(redirectHost(view.redirectUri))}</strong>.</p>
<h2>It asks to</h2>
<ul id="scopes">
${scopes.map((scope) => `<li><strong>${scope}</strong>: ${SCOPE_WORDS[scope]}</li>`).join('\n')}
</ul>
<p class="hint">It gets only what your sign-in link allows, only for your team, until you or an admin revoke it (<code>pipe tokens revoke</code>).</p>
<form method="post" action="${escapeHtml(view.action)}">
${view.error ? `<p id="error" class="error" role="alert">${escapeHtml(view.error)}</p>` : ''}
${signIn}
<div class="actions">
<button type="submit" class="approve" name="decision" value="approve">Approve</button>
<button type="submit" class="deny" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>
</main>
</body>
</html>`;
}

/** The page a sign-in link opens on its own: it is not used here, but pasted into the sign-in page. */
export function renderSignInLinkPage(mcpUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin">
<title>Your Pipe sign-in link</title>
<style>:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}main{max-width:34rem;margin:0 auto;padding:1rem}code{overflow-wrap:anywhere}</style></head>
<body><main>
<h1>This is your one-time Pipe sign-in link</h1>
<ol>
<li>In your assistant (Claude, ChatGPT, VS Code…), add a connector with the URL <code>${escapeHtml(mcpUrl)}</code>.</li>
<li>When Pipe’s sign-in page opens, paste this whole link (from your address bar) and approve.</li>
</ol>
<p>The link works once and expires; nothing has been used yet by opening it.</p>
</main></body></html>`;
}

/** The page for a sign-in that expired (or was opened in another browser than the client used). */
export function renderSignInExpiredPage(
  message = 'This sign-in page expired, or was opened in a different browser than the one your assistant sent you to. Start connecting again from your assistant; your sign-in link was not used, so it still works.',
): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin">
<title>Sign-in expired</title>
<style>:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}main{max-width:34rem;margin:0 auto;padding:1rem}</style></head>
<body><main><h1>Sign-in expired</h1><p role="alert">${escapeHtml(message)}</p></main></body></html>`;
}
