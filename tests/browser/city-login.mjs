// The steps of the end-to-end test of review with the city login (tests/it/oidc.rs), each in
// headless Chromium: a unit and an organiser as they would use the site, the organiser
// logging in at the OpenID provider (tests/browser/oidc-provider.mjs).
//
//   node city-login.mjs BASE STATE_FILE STEP [ARG]
//
// STATE_FILE keeps the organiser's cookies between steps. Steps:
//   submit                  a unit sends in an example through /skicka; prints its private page
//   login PERSON            PERSON logs in through the provider; prints where it ended
//   review ID STATUS [TEXT] the organiser sets STATUS (its button label) with comment TEXT,
//                           confirming when asked; prints the notice shown
//   edit LINK               the unit opens its private link, changes the text and sends it in
//   forged                  a login whose answer comes back with another state
// Each prints one JSON line; a step that cannot be done exits 1 with the reason.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const [base, stateFile, step, ...args] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const context = await browser.newContext({
  viewport: { width: 1280, height: 900 },
  // axe-core is added to the page as a script of its own, which the site's CSP would refuse.
  bypassCSP: true,
  storageState: existsSync(stateFile) ? stateFile : undefined,
});
const page = await context.newPage();
page.setDefaultTimeout(15000);

function done(result) {
  console.log(JSON.stringify(result));
}

// The WCAG 2.1 A/AA violations axe-core finds on the page as it is, at 1280 and at 375 px.
async function axe(where) {
  const found = [];
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    for (const v of result.violations) {
      found.push(`${where} at ${width} px: ${v.id}: ${v.help}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

async function text() {
  return (await page.locator("main").innerText()).replace(/\s+/g, " ");
}

try {
  if (step === "submit") {
    await page.goto(base + "/skicka");
    await page.fill("#title", "Lärcaféer där pedagoger delar metoder");
    await page.fill("#summary", "Pedagogerna i fyra förskolor träffas varje månad och visar varandra vad som fungerar.");
    await page.selectOption("#area", "forskola");
    await page.check('input[name="focus_areas"][value="metoder"]');
    await page.check('input[name="maturity"][value="pilot"]');
    await page.fill("#year", "2026");
    await page.fill("#unit", "Förskolan Ugglan");
    await page.selectOption("#organisation", "Bromma stadsdelsförvaltning");
    await page.fill("#contact_name", "Sara Lind");
    await page.fill("#contact_email", "ugglan@stockholm.example");
    await page.fill("#avsnitt_bakgrund", "Vi ville lära av varandra mellan förskolorna.");
    await page.click('button[name="action"][value="submit"]');
    await page.waitForLoadState("load");
    done({ url: page.url(), text: await text() });
  } else if (step === "login") {
    const [person] = args;
    await page.goto(base + "/login?next=/admin");
    const problems = await axe("/login");
    await page.click("text=Logga in med ditt konto i Stockholms stad");
    // The provider's own pages: its login form (any password), then the consent.
    await page.waitForSelector('input[name="login"]');
    await page.fill('input[name="login"]', person);
    await page.fill('input[name="password"]', "vilket-som-helst");
    await page.click('button[type="submit"]');
    const consent = page.locator('button[type="submit"]:has-text("Continue")');
    await Promise.race([page.waitForURL((url) => url.href.startsWith(base)), consent.waitFor()]);
    if (!page.url().startsWith(base)) {
      await consent.click();
    }
    // Back at the site: the page that moves on to /admin by itself, or the refusal.
    await page.waitForURL((url) => url.href.startsWith(base));
    await page.waitForURL(base + "/admin", { timeout: 5000 }).catch(() => {});
    await context.storageState({ path: stateFile });
    problems.push(...(await axe(new URL(page.url()).pathname)));
    done({ url: page.url(), text: await text(), axe: problems });
  } else if (step === "review") {
    const [id, label, comment] = args;
    await page.goto(`${base}/admin/exempel/${id}`);
    if (new URL(page.url()).pathname === "/login") {
      throw new Error("the organiser is not logged in: " + (await text()));
    }
    await page.check(`label:has-text("${label}")`);
    if (comment) {
      await page.fill("#comment", comment);
    }
    await page.click('button:has-text("Spara status")');
    await page.waitForLoadState("load");
    const asked = page.locator("section.confirm button[type=submit]");
    let question = null;
    if (await asked.count()) {
      question = await page.locator("#bekrafta-rubrik").innerText();
      await asked.click();
      await page.waitForLoadState("load");
    }
    done({ url: page.url(), question, text: await text() });
  } else if (step === "edit") {
    const [link] = args;
    await page.goto(link);
    await page.fill("#avsnitt_resultat", "Tolv pedagoger provade en ny metod för samling.");
    await page.click('button[name="action"][value="submit"]');
    await page.waitForLoadState("load");
    done({ url: page.url(), text: await text() });
  } else if (step === "forged") {
    // A login is started (its cookie set), but the answer that comes back carries another
    // state, as a forged link would.
    await page.goto(base + "/login?next=/admin");
    const start = await page.locator("text=Logga in med ditt konto i Stockholms stad").getAttribute("href");
    await page.route("http://127.0.0.1:*/auth**", (route) => route.abort());
    await page.goto(base + start).catch(() => {});
    const response = await page.goto(base + "/login/oidc/callback?code=falsk-kod&state=falskt-tillstand");
    const status = response.status();
    const shown = await text();
    const problems = await axe("the refused callback");
    const admin = await page.goto(base + "/admin");
    done({ status, text: shown, admin: new URL(admin.url()).pathname, axe: problems });
  } else {
    throw new Error(`unknown step ${step}`);
  }
} catch (e) {
  console.error(`${step}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
