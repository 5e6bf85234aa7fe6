import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { SecretBox, createSignInLink, createTeam } from '@pipe/db';
import { createTestDb, type TestDb } from '@pipe/db/testing';
import { type TestBrowser, freePort, launchChromium } from '@pipe/test-infra';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';

/** Where screenshots are kept as test artifacts (git-ignored). */
const ARTIFACTS = new URL('../../../../test-results/', import.meta.url);

describe('the sign-in page in a real browser (chromium, phone-sized)', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let issuer: string;
  let callback: Server;
  let redirectUri: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestDb();
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    issuer = `http://127.0.0.1:${await freePort()}`;
    app = buildApp({ db: t.db, logLevel: 'silent', oauth: { issuer } });
    await app.listen({ port: Number(new URL(issuer).port), host: '127.0.0.1' });
    // The client's redirect target: a page the browser lands on.
    callback = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Back in the assistant</h1>'),
    );
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    redirectUri = `http://127.0.0.1:${(callback.address() as { port: number }).port}/callback`;
    browser = await launchChromium({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => callback?.close(resolve));
    await t?.cleanup();
  });

  it('signs in with a link using only the keyboard, approves, and lands on the client’s redirect with a code', async () => {
    const registered = await fetch(`${issuer}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Browser Test Assistant', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const link = await createSignInLink(t.db, { team: 'acme', email: 'ann@acme.test', scope: 'read' });
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${issuer}/oauth/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: 'read admin',
      state: 'state-123',
      resource: `${issuer}/mcp`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();

    const page = await browser.context.newPage();
    // A step that cannot happen fails with Playwright's message, well inside the test's time.
    page.setDefaultTimeout(10_000);
    await page.goto(authorize.toString());
    expect(await page.title()).toBe('Connect Browser Test Assistant to Pipe');
    // It says plainly who asks, for what, and where it sends you.
    const text = await page.locator('main').textContent();
    expect(text).toContain('Browser Test Assistant (registered with Pipe as');
    expect(text).toContain(`you go back to ${new URL(redirectUri).host}`);
    expect(await page.locator('#scopes li').allInnerTexts()).toEqual([
      expect.stringMatching(/^read: read your team’s work/),
      expect.stringMatching(/^admin: change things in Pipe/),
    ]);
    // Fits a phone: nothing wider than the screen, the buttons big enough to tap.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    const approve = await page.getByRole('button', { name: 'Approve' }).boundingBox();
    expect(approve?.height).toBeGreaterThanOrEqual(44);

    // Keyboard only: the code field has focus and a label; type, Tab to Approve, Enter.
    expect(await page.evaluate('document.activeElement?.id')).toBe('code');
    expect(await page.getByLabel('Your sign-in link or code').count()).toBe(1);
    await page.keyboard.type(`https://pipe.example/oauth/sign-in#${link.code}`);
    await page.screenshot({ path: new URL('oauth-sign-in-page.png', ARTIFACTS).pathname, fullPage: true });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Approve');
    await page.keyboard.press('Enter');

    await page.waitForURL((url) => url.toString().startsWith(redirectUri));
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('state-123');
    const code = landed.searchParams.get('code');
    expect(code).toBeTruthy();
    expect(await page.locator('h1').textContent()).toBe('Back in the assistant');
    await page.screenshot({ path: new URL('oauth-redirect-with-code.png', ARTIFACTS).pathname });

    // The code is real: it buys a token with the read scope only (the link allowed no admin).
    const token = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        code: code as string,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        resource: `${issuer}/mcp`,
      }),
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { scope: string }).scope).toBe('read');
    await page.close();
  });

  /** An authorization URL for a newly registered client, and its PKCE verifier. */
  async function newClientAuthorization(name: string, scope: string): Promise<{ url: string; verifier: string; clientId: string }> {
    const registered = await fetch(`${issuer}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: name, redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${issuer}/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope,
      resource: `${issuer}/mcp`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), verifier, clientId };
  }

  it('lets a browser that signed in approve a second client without a new link, within the link’s scope', async () => {
    const { url } = await newClientAuthorization('Second Assistant', 'read');
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(url);
    expect(await page.locator('form').textContent()).toContain('Signed in to team acme as ann@acme.test.');
    expect(await page.getByLabel('Your sign-in link or code').count()).toBe(0);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL((landed) => landed.toString().startsWith(redirectUri));
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    await page.close();
  });

  it('shows what to do when the link is wrong, and keeps the page', async () => {
    await browser.context.clearCookies();
    const { url } = await newClientAuthorization('Third Assistant', 'read');
    const page = await browser.context.newPage();
    // A step that cannot happen fails with Playwright's message, well inside the test's time.
    page.setDefaultTimeout(10_000);
    await page.goto(url);
    await page.getByLabel('Your sign-in link or code').fill('psi_thisisnotavalidcodeatall1234');
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Approve' }).click(),
    ]);
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').textContent()).toContain('unknown, expired or already used');
    await page.screenshot({ path: new URL('oauth-sign-in-error.png', ARTIFACTS).pathname, fullPage: true });
    await page.close();
  });
});
