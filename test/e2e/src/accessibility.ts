import axe from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * axe-core's serious and critical findings on the page as it is now. The console's CSP allows no
 * inline script and axe-core is injected as one: the browser context must bypass CSP.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  // Strings, not functions: they run in the page, whose globals the tests' types do not know.
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as axe.AxeResults;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
