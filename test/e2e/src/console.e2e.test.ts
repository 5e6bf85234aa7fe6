import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { consoleBuilt } from '@pipe/console';
import { type TestBrowser, launchChromium } from '@pipe/test-infra';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookFixture } from '@pipe/platforms/testing';
import { accessibilityProblems } from './accessibility.js';
import { type ChatAndAssistantStack, startChatAndAssistantStack } from './chat-and-assistant-stack.js';
import { type E2eStack, startE2eStack } from './e2e-stack.js';
import { issuesOpened, signedGithubDelivery } from './github-deliveries.js';

/** Screenshots of every page the test visits: test artifacts, git-ignored. */
const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/console/', import.meta.url));

describe('the web console, in Debian’s chromium', () => {
  let stack: E2eStack;
  let browser: TestBrowser;
  let page: Page;
  let consoleUrl: string;
  const repo = issuesOpened().repository.full_name;
  const shot = (name: string, target: Page = page) => target.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });

  beforeAll(async () => {
    if (!consoleBuilt()) throw new Error('the web console is not built: run `npm run setup` (it runs vite build for packages/console)');
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startE2eStack();
    consoleUrl = stack.mcpUrl.replace(/\/mcp$/, '/');
    // The console's CSP allows no inline script; axe-core is injected as one, so the test context bypasses it.
    browser = await launchChromium({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const postIssue = async (number: number, title: string, body: string) => {
    const payload = issuesOpened();
    payload.issue.number = number;
    payload.issue.title = title;
    payload.issue.body = body;
    const response = await fetch(stack.ingestUrl, await signedGithubDelivery(stack.webhookSecret, 'issues', payload));
    expect(response.status).toBe(202);
  };

  it('refuses a wrong key, signs in with the team’s key, and shows a signed webhook in the live feed', async () => {
    await page.goto(consoleUrl);
    await page.getByLabel('API key').fill('pipe_not_a_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('unknown or was revoked').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('1-sign-in-refused');

    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.badge.live').waitFor();

    await postIssue(7101, 'Login fails when the session cookie expires', 'The wombat session store drops the cookie.');
    await page.locator('.feed-change', { hasText: `github:issue:${repo}#7101` }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('2-live-feed');
  });

  it('searches, saying why each hit matched, and opens an item with its timeline and its graph', async () => {
    await postIssue(7102, 'Refresh tokens before the cookie expires', 'This fixes #7101 for the wombat session store.');
    await page.locator('.feed-change', { hasText: `github:issue:${repo}#7102` }).waitFor();

    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Search words').fill('wombat');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.locator('.result', { hasText: 'Refresh tokens before the cookie expires' });
    await hit.waitFor();
    expect(await hit.locator('.why').textContent()).toContain('the text (wombat)');
    expect(await hit.locator('mark').first().textContent()).toBe('wombat');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('3-search');

    await hit.getByRole('link', { name: 'Refresh tokens before the cookie expires' }).click();
    await page.getByRole('heading', { level: 2, name: 'Refresh tokens before the cookie expires' }).waitFor();
    await page.locator('.edges', { hasText: 'Login fails when the session cookie expires' }).waitFor();
    await page.locator('.timeline li').first().waitFor();
    await page.locator('.graph[data-ready="true"]').waitFor();
    expect(Number(await page.locator('.graph').getAttribute('data-nodes'))).toBeGreaterThanOrEqual(2);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('4-item-and-graph');

    // Click the other issue's node in the drawn graph: its page opens.
    const target = `github:issue:${repo}#7101`;
    const box = await page.locator('.graph').boundingBox();
    const position = (await page.evaluate(
      `document.querySelector('.graph').cy.getElementById(${JSON.stringify(target)}).renderedPosition()`,
    )) as { x: number; y: number };
    await page.mouse.click((box?.x ?? 0) + position.x, (box?.y ?? 0) + position.y);
    await page.getByRole('heading', { level: 2, name: 'Login fails when the session cookie expires' }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/item/${target}`);
  });

  it('shows the sources’ freshness, and fits a phone', async () => {
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByRole('row', { name: /github/ }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('5-sources');

    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    // A new tab starts signed out (the key is kept per tab).
    await phone.goto(`${consoleUrl}#/item/${encodeURIComponent(`github:issue:${repo}#7102`)}`);
    await phone.getByLabel('API key').fill(stack.apiKey);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('heading', { level: 2, name: 'Refresh tokens before the cookie expires' }).waitFor();
    await phone.locator('.graph[data-ready="true"]').waitFor();
    const overflow = (await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityProblems(phone)).toEqual([]);
    await shot('6-phone-item', phone);
    await phone.close();
  });
});

describe('the web console’s assistant sessions, in Debian’s chromium', () => {
  let stack: ChatAndAssistantStack;
  let browser: TestBrowser;

  beforeAll(async () => {
    if (!consoleBuilt()) throw new Error('the web console is not built: run `npm run setup` (it runs vite build for packages/console)');
    stack = await startChatAndAssistantStack();
    browser = await launchChromium({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('lists a Claude Code session with the files it touched and the commit it produced', async () => {
    const hook = (input: Record<string, unknown>, headers: Record<string, string> = {}) =>
      fetch(stack.urls.assistant, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${stack.apiKey}`,
          'x-pipe-git-remote': 'git@github.com:octo/numbat.git',
          'x-pipe-user': 'mona@example.com',
          ...headers,
        },
        body: JSON.stringify(input),
      });
    const session = 'console-session-5e1d';
    const cwd = '/home/mona/numbat';
    const write: Record<string, unknown> = {
      ...hookFixture('post-tool-use'),
      session_id: session,
      cwd,
      tool_use_id: 'toolu_console_write',
    };
    write.tool_input = { file_path: `${cwd}/src/quoll-cache.ts`, content: 'export const cache = new Map();' };
    // The commit the fixture's `git commit` output names (6113728), as the hook's HEAD header gives it.
    const sha = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
    expect((await hook({ ...hookFixture('session-start'), session_id: session, cwd })).status).toBe(202);
    expect((await hook(write)).status).toBe(202);
    expect((await hook({ ...hookFixture('post-tool-use-git-commit'), session_id: session, cwd }, { 'x-pipe-git-head': sha })).status).toBe(
      202,
    );

    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${stack.mcpUrl.replace(/\/mcp$/, '/')}#/sessions`);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The projector applies the hooks in the background: reload until the session shows its commit.
    const work = page.locator('.session-work', { hasText: sha });
    const answered = page.locator('.session-work').or(page.getByText('No assistant session recorded yet'));
    for (let attempt = 0; ; attempt++) {
      await answered.first().waitFor();
      if ((await work.count()) > 0) break;
      if (attempt > 40) {
        await page.screenshot({ path: `${SCREENSHOTS}7-sessions-failed.png`, fullPage: true });
        throw new Error(`the session with its commit did not appear: ${await page.locator('main').textContent()}`);
      }
      await page.waitForTimeout(200);
      await page.reload();
    }
    expect(await work.textContent()).toMatch(/1 file touched: .*quoll-cache\.ts; 1 commit: github:commit:octo\/numbat@6113728/);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}7-sessions.png`, fullPage: true });
  });
});
