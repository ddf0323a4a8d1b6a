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

// Runs axe-core with the WCAG 2.1 A/AA rules on the page as it is now; each violation is a
// problem named with `where`.
async function checkAxe(page, where) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const v of result.violations) {
    const targets = v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | ");
    problems.push(`${where}: axe ${v.id} (${v.impact}): ${v.help} — ${targets}`);
  }
}
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
      await checkAxe(page, where);
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
  // WCAG 1.4.10: at 320 CSS px (400 % zoom of 1280) no page scrolls sideways.
  {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(base + path, { waitUntil: "load" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${path} @ 320px: the page scrolls sideways by ${overflow}px`);
    }
    await context.close();
  }

  // Search as you type: the combobox opens, is navigable by keyboard and stays axe-clean.
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const where = `search-as-you-type @ ${viewport.name}`;
    await page.goto(base + "/", { waitUntil: "load" });
    await page.locator("#q").pressSequentially("matsv", { delay: 30 });
    try {
      await page.waitForSelector("[role=option]", { timeout: 5000 });
    } catch {
      problems.push(`${where}: no suggestions appeared`);
      await context.close();
      continue;
    }
    if ((await page.getAttribute("#q", "aria-expanded")) !== "true") problems.push(`${where}: aria-expanded is not true`);
    await page.keyboard.press("ArrowDown");
    const activeId = await page.getAttribute("#q", "aria-activedescendant");
    const firstId = await page.getAttribute("[role=option]", "id");
    if (!activeId || activeId !== firstId) problems.push(`${where}: ArrowDown did not move to the first suggestion`);
    const announced = await page.locator("[role=status]").first().textContent();
    if (!/förslag/.test(announced || "")) problems.push(`${where}: the number of suggestions is not announced`);
    await checkAxe(page, where);
    await page.keyboard.press("Escape");
    if ((await page.getAttribute("#q", "aria-expanded")) !== "false") problems.push(`${where}: Escape did not close the list`);
    checked += 1;
    await context.close();
  }

  // The organisers' queue and review page, logged in, at both widths.
  if (process.env.GODA_ORGANISER) {
    for (const viewport of viewports) {
      const context = await browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(base + "/login?next=/admin", { waitUntil: "load" });
      await page.fill("#name", process.env.GODA_ORGANISER);
      await page.fill("#password", process.env.GODA_PASSWORD);
      await Promise.all([page.waitForURL(/\/admin$/), page.click("form.submission button[type=submit]")]);
      const review = await page.locator("ol.hits h2 a").first().getAttribute("href");
      for (const path of ["/admin", review, "/admin/exempel", "/admin/exempel?status=published", "/admin/massa", "/admin/massa/2026", "/admin/synonymer", "/admin/organisationer", "/admin/konto", "/admin/insikter", "/admin/spridning", "/admin/oversyn", "/admin/utmarkelser", "/admin/utmarkelser/kvalitetsutmarkelsen", "/exempel/bokprat-i-forskolor-hogdalens-bibliotek"]) {
        const where = `${path} @ ${viewport.name}`;
        await page.goto(base + path, { waitUntil: "load" });
        await checkAxe(page, where);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) problems.push(`${where}: the page scrolls sideways by ${overflow}px`);
        checked += 1;
      }
      await context.close();
    }
  }

  // The catalogue builder: adding a suggested example saves it; a stand taken twice is refused
  // with the rule beside the field, and that state is axe-clean too.
  if (process.env.GODA_ORGANISER) {
    const context = await browser.newContext({ viewport: viewports[0], bypassCSP: true });
    const page = await context.newPage();
    const where = "catalogue builder @ desktop";
    await page.goto(base + "/login?next=/admin/massa/2026", { waitUntil: "load" });
    await page.fill("#name", process.env.GODA_ORGANISER);
    await page.fill("#password", process.env.GODA_PASSWORD);
    await Promise.all([page.waitForURL(/\/admin\/massa\/2026$/), page.click("form.submission button[type=submit]")]);
    const before = await page.locator("fieldset[id^=post-]").count();
    await Promise.all([page.waitForURL(/sparat/), page.locator("button[value^='add:']").first().click()]);
    const after = await page.locator("fieldset[id^=post-]").count();
    if (after !== before + 1) problems.push(`${where}: adding a suggestion gave ${after} entries, not ${before + 1}`);
    if (!(await page.locator(".notice.success").count())) problems.push(`${where}: no confirmation after saving`);
    await page.fill(`#e${after - 1}_stand`, "1");
    await Promise.all([page.waitForLoadState("load"), page.click("button[value=save]")]);
    if (!(await page.locator(".error-summary").count())) problems.push(`${where}: a stand taken twice was not refused`);
    if (!(await page.locator(`#e${after - 1}_stand[aria-invalid=true]`).count())) problems.push(`${where}: the refused field is not marked`);
    await checkAxe(page, where);
    checked += 1;
    await context.close();
  }

  // On a phone the first hit comes before the filters; the filters open from a "Filtrera"
  // control and apply at once, with the new address and an announcement.
  {
    const context = await browser.newContext({ viewport: viewports[1], bypassCSP: true });
    const page = await context.newPage();
    const where = "filters at once @ 375px";
    await page.goto(base + "/sok?q=matsvinn", { waitUntil: "load" });
    const top = await page.locator(".hit").first().evaluate((el) => el.getBoundingClientRect().top);
    if (!(top < 812)) problems.push(`${where}: the first hit starts ${Math.round(top)}px down, below the screen`);
    if (await page.locator("form.filters button[type=submit]").isVisible()) problems.push(`${where}: the "Visa resultat" button is still shown`);
    const before = await page.locator("#resultat-rubrik").textContent();
    await page.click("#filter-panel > summary");
    await Promise.all([page.waitForURL(/area=skola/), page.check("input[name=area][value=skola]")]);
    await page.waitForFunction((old) => document.getElementById("resultat-rubrik").textContent !== old, before);
    const said = await page.locator("p[role=status]").textContent();
    if (!/träff/.test(said || "")) problems.push(`${where}: the new number of hits is not announced (${said})`);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.value);
    if (focused !== "skola") problems.push(`${where}: focus left the filter that was ticked`);
    await Promise.all([page.waitForURL(/sort=newest/), page.selectOption("#sort", "newest")]);
    if (!/area=skola/.test(page.url())) problems.push(`${where}: sorting dropped the filter`);
    await checkAxe(page, where);
    checked += 1;
    await context.close();
  }

  // "Min mässa": two sessions at the same time are saved, shown as a personal programme with
  // the clash named, and still there after a reload.
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const where = `Min mässa @ ${viewport.name}`;
    await page.goto(base + "/massa/2026", { waitUntil: "load" });
    for (const id of ["solceller-pa-skoltak-sisab", "innovationsupphandling-lokalbelaggning-sensorer"]) {
      await page.locator(`#pass-${id} button.favourite`).click();
    }
    await page.reload({ waitUntil: "load" });
    if (!(await page.locator("#min-massa").isVisible())) problems.push(`${where}: the personal programme is not shown`);
    const mine = (await page.locator("#min-massa").textContent()) || "";
    if ((await page.locator(".my-programme li").count()) !== 2) problems.push(`${where}: the two saved sessions are not listed after a reload`);
    if (!/Krockar med/.test(mine)) problems.push(`${where}: the clash is not shown`);
    if ((await page.locator("#pass-solceller-pa-skoltak-sisab button.favourite").getAttribute("aria-pressed")) !== "true") problems.push(`${where}: the button does not say it is pressed`);
    await checkAxe(page, where);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`${where}: the page scrolls sideways by ${overflow}px`);
    checked += 1;
    await context.close();
  }

  // While a unit types, similar published examples appear beside the form.
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const where = `similar while typing @ ${viewport.name}`;
    await page.goto(base + "/skicka", { waitUntil: "load" });
    await page.locator("#title").pressSequentially("Vi mäter matsvinnet i skolrestaurangen", { delay: 10 });
    await page.locator("#summary").pressSequentially("Eleverna ser tallrikssvinnet varje dag.", { delay: 5 });
    try {
      await page.waitForSelector(".similar-live li a", { timeout: 5000 });
      const links = await page.locator(".similar-live li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      if (!links.some((h) => h.includes("matsvinn"))) problems.push(`${where}: no matsvinn example among ${links.join(", ")}`);
    } catch {
      problems.push(`${where}: no similar examples appeared`);
    }
    await checkAxe(page, where);
    checked += 1;
    await context.close();
  }

  // The submission form's error state is axe-clean too.
  for (const viewport of viewports) {
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const where = `form errors @ ${viewport.name}`;
    await page.goto(base + "/skicka", { waitUntil: "load" });
    await page.fill("#summary", "En sammanfattning som ska finnas kvar.");
    await page.evaluate(() => { document.querySelector("form.submission").noValidate = true; });
    await Promise.all([page.waitForLoadState("load"), page.click("button[value=submit]")]);
    if (!(await page.content()).includes("En sammanfattning som ska finnas kvar.")) problems.push(`${where}: the typed summary was lost`);
    if ((await page.locator(".field-error").count()) < 3) problems.push(`${where}: errors are not shown beside the fields`);
    await checkAxe(page, where);
    checked += 1;
    await context.close();
  }

  // Without JavaScript, a unit can submit an example.
  {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + "/skicka", { waitUntil: "load" });
    await page.fill("#title", "Lärcaféer för pedagoger i webbläsartestet");
    await page.fill("#summary", "Pedagogerna träffas varje månad och delar metoder.");
    await page.selectOption("#area", "forskola");
    await page.check("#focus_areas-5");
    await page.check("#maturity-0");
    await page.fill("#year", "2026");
    await page.fill("#unit", "Förskolan Ugglan");
    await page.selectOption("#organisation", "annan");
    await page.fill("#organisation_annan", "Bromma stadsdelsförvaltning");
    await page.fill("#avsnitt_bakgrund", "Pedagogerna ville lära av varandra.");
    await Promise.all([page.waitForURL(/\/redigera\//), page.click("button[value=submit]")]);
    if (!(await page.content()).includes("Tack! Exemplet är inskickat.")) problems.push("no-JS: the submission gave no receipt");
    checked += 1;
    await context.close();
  }

  // Without JavaScript, searching and filtering still work.
  {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + "/", { waitUntil: "load" });
    await page.fill("#q", "matsvinn");
    await Promise.all([page.waitForURL(/\/sok\?q=matsvinn/), page.press("#q", "Enter")]);
    if (!(await page.locator("#resultat-rubrik").textContent()).includes("träff")) problems.push("no-JS: the search gave no result heading");
    await page.click("#filter-panel > summary");
    await page.check("input[name=area][value=skola]");
    await Promise.all([page.waitForURL(/area=skola/), page.click("form.filters button[type=submit]")]);
    if ((await page.locator(".hit").count()) < 1) problems.push("no-JS: filtering gave no hits");
    if (!/1 valda/.test((await page.locator("#filter-panel > summary").textContent()) || "")) problems.push("no-JS: the filter control does not say how many are chosen");
    await page.selectOption("#sort", "newest");
    await Promise.all([page.waitForURL(/sort=newest/), page.click("form.sort-form button[type=submit]")]);
    if (!/area=skola/.test(page.url())) problems.push("no-JS: sorting dropped the filter");
    checked += 1;
    await context.close();
  }
} finally {
  await browser.close();
}
for (const p of problems) console.log(p);
console.log(`${checked} page views checked, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
