// Opens each page in headless Chromium at desktop width and at 375 px, runs axe-core with the
// WCAG 2.1 A/AA rules, and checks that keyboard focus is visible and the skip link comes first.
// Usage: node axe.mjs BASE_URL PATH...   Prints one line per problem; exits 1 if any.
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [base, ...paths] = process.argv.slice(2);
const viewports = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "375px", width: 375, height: 812 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

const problems = [];
let checked = 0;
try {
  for (const viewport of viewports) {
    // bypassCSP lets the test inject axe; the pages themselves keep their strict policy.
    const context = await browser.newContext({ viewport, bypassCSP: true });
    for (const path of paths) {
      const page = await context.newPage();
      const where = `${path} @ ${viewport.name}`;
      const response = await page.goto(base + path, { waitUntil: "load" });
      if (!response) {
        problems.push(`${where}: no response`);
        continue;
      }
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      for (const v of result.violations) {
        const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
        problems.push(`${where}: axe ${v.id} (${v.impact}): ${v.help} — ${targets}`);
      }
      // The first Tab lands on the skip link, and focus is visibly outlined.
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return { cls: el.className, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      if (focus.cls !== "skip-link") problems.push(`${where}: the first Tab did not reach the skip link`);
      if (focus.outline === "none" || !(focus.width >= 2)) problems.push(`${where}: keyboard focus is not visible`);
      // No horizontal scrolling at any width (WCAG 1.4.10 reflow).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${where}: the page scrolls sideways by ${overflow}px`);
      checked += 1;
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
}
for (const p of problems) console.log(p);
console.log(`${checked} page views checked, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
