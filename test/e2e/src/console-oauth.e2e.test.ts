import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type TestBus, createTestBus } from '@pipe/bus/testing';
import { consoleBuilt } from '@pipe/console';
import { SecretBox, createSignInLink, createTeam, listOAuthGrants } from '@pipe/db';
import { type TestDb, createTestDb } from '@pipe/db/testing';
import { ChangeLog, buildApp as buildGateway } from '@pipe/gateway';
import { type TestBrowser, freePort, launchChromium } from '@pipe/test-infra';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from './accessibility.js';

/** Screenshots, beside the other console pages'. */
const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/console/', import.meta.url));

/**
 * The console signs in with OAuth: authorization code with PKCE against the gateway's own
 * authorization server, as its built-in public client, through Pipe's real sign-in and consent
 * page with a link from `pipe login-link`; then it reads through MCP and the WebSocket feed with
 * the access token, and signing out revokes the grant.
 */
describe('the console signs in with OAuth, in Debian’s chromium', () => {
  let t: TestDb;
  let bus: TestBus;
  let gateway: FastifyInstance;
  let browser: TestBrowser;
  let page: Page;
  let issuer: string;
  /** Errors thrown in the page: none is expected. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!consoleBuilt()) throw new Error('the web console is not built: run `npm run setup` (it runs vite build for packages/console)');
    mkdirSync(SCREENSHOTS, { recursive: true });
    [t, bus] = await Promise.all([createTestDb(), createTestBus()]);
    await createTeam(t.db, new SecretBox(randomBytes(32)), 'acme');
    // The issuer is the console's own address: its one redirect is `<issuer>/`.
    issuer = `http://127.0.0.1:${await freePort()}`;
    gateway = buildGateway({ db: t.db, logLevel: 'silent', oauth: { issuer }, changes: new ChangeLog(bus.js, bus.jsm, bus.names) });
    await gateway.listen({ port: Number(new URL(issuer).port), host: '127.0.0.1' });
    browser = await launchChromium({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await Promise.all([bus?.cleanup(), t?.cleanup()]);
  });

  it('signs in through Pipe’s sign-in page with a link, reads with the token, and signs out revoking the grant', async () => {
    const link = await createSignInLink(t.db, { team: 'acme', email: 'ann@acme.test', scope: 'read' });
    await page.goto(`${issuer}/#/sources`);
    await page.getByRole('button', { name: 'Sign in with a sign-in link', exact: true }).click();

    // Pipe's own page, naming the console and where it sends you back.
    await page.waitForURL((url) => url.pathname.startsWith('/oauth/interaction/'));
    expect(await page.title()).toBe('Connect Pipe console to Pipe');
    expect(await page.locator('main').textContent()).toContain(`you go back to ${new URL(issuer).host}`);
    await page.getByLabel('Your sign-in link or code').fill(`${issuer}/oauth/sign-in#${link.code}`);
    await page.screenshot({ path: `${SCREENSHOTS}10-oauth-consent.png`, fullPage: true });
    await page.getByRole('button', { name: 'Approve' }).click();

    // Back in the console, on the page asked for, the code gone from the address bar.
    await page
      .getByRole('heading', { level: 2, name: 'Sources' })
      .waitFor()
      .catch(async (error) => {
        throw new Error(`${error}\nat ${page.url()}: ${await page.locator('body').textContent()}\npage errors: ${pageErrors.join('; ')}`);
      });
    const landed = new URL(page.url());
    expect(landed.search).toBe('');
    expect(landed.hash).toBe('#/sources');
    // Tokens in this tab's session storage only, and no API key anywhere.
    const stored = (await page.evaluate('JSON.stringify(Object.keys(sessionStorage))')) as string;
    expect(JSON.parse(stored)).toEqual(['pipe.oauth.tokens']);
    const grants = await listOAuthGrants(t.db, 'acme');
    expect(grants).toEqual([expect.objectContaining({ clientId: 'pipe-console', email: 'ann@acme.test', scopes: ['read'] })]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}11-oauth-signed-in.png`, fullPage: true });

    // The WebSocket feed takes the access token too.
    await page.getByRole('link', { name: 'Live' }).click();
    await page.locator('.badge.live').waitFor();

    // A reload keeps the tab signed in (session storage).
    await page.reload();
    await page.locator('.badge.live').waitFor();

    // Signing out revokes the grant at the gateway: the token stops working at once.
    const token = JSON.parse((await page.evaluate("sessionStorage.getItem('pipe.oauth.tokens')")) as string) as { access_token: string };
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with a sign-in link', exact: true }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await expect.poll(async () => (await listOAuthGrants(t.db, 'acme')).length).toBe(0);
    const refused = await fetch(`${issuer}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      }),
    });
    expect(refused.status).toBe(401);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}12-oauth-signed-out.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('refuses a code it did not ask for (a forged or replayed redirect) and stays signed out', async () => {
    // A new tab: nothing of the first test's sign-in.
    const tab = await browser.context.newPage();
    tab.setDefaultTimeout(15_000);
    await tab.goto(`${issuer}/?code=forged&state=not-from-this-tab`);
    await tab.getByRole('alert').getByText('not started from this tab').waitFor();
    expect(new URL(tab.url()).search).toBe('');
    expect(await tab.evaluate('sessionStorage.length')).toBe(0);
    await tab.close();
  });
});
