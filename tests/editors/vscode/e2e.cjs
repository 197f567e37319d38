// End-to-end test of the VS Code extension in real VS Code: code-server (Code 1.100) with the
// built .vsix installed, driven headless by playwright-core and the system's Chromium. Opens a
// homework sample and checks the Problems panel, hovers a false and a true claim, runs "Solve
// problem at cursor" against the fake OpenAI-compatible server and checks the inserted
// `mathlsp:solution` comment, then cancels a slow solve (pointed at a second backend through the
// `mathlsp.backendUrl` setting) from the status bar, and points `mathlsp.server.path` at nothing
// to see the error message with its fix. Screenshots go to tests/artifacts/.
// Exit 0 only when every step passes.
//
// Environment: CODE_SERVER (binary), MATHLSP_VSIX, MATHLSP_SERVER (the mathlsp executable),
// PYTHON (for the fake backend), CHROMIUM (default /usr/bin/chromium), MATHLSP_ARTIFACTS.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");
const { start, stopAll, startBackend, waitHealthy, freePort } = require("./processes.cjs");
const { check, statusText, waitForStatus, runCommand, openFile, goTo, problemRows, hoverAt, replaceSettings } =
  require("./workbench.cjs");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const ARTIFACTS = process.env.MATHLSP_ARTIFACTS || path.join(ROOT, "tests", "artifacts");
const CODE_SERVER = must("CODE_SERVER");
const VSIX = must("MATHLSP_VSIX");
const SERVER = must("MATHLSP_SERVER");
const PYTHON = process.env.PYTHON || path.join(ROOT, ".venv", "bin", "python");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ANSWER = "3";
const SLOW_ANSWER = "7";
const FALSE_CLAIM = "\\int_0^1 x^2\\,dx = \\frac{1}{2}";
const TRUE_CLAIM = "2 + 3 = 5";
const WAIT_MS = 120_000;

const timings = [];
let failures = 0;

function must(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`e2e: set ${name}`);
    process.exit(2);
  }
  return value;
}

function log(message) {
  console.log(`[vscode-e2e ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    timings.push([name, Date.now() - started, "ok"]);
    log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    timings.push([name, Date.now() - started, "FAILED"]);
    log(`FAIL ${name}: ${error && error.stack ? error.stack : error}`);
  }
}

/** 1-based line and column of the middle of `needle` in `text` (VS Code counts UTF-16 units). */
function lineColumn(text, needle) {
  const offset = text.indexOf(needle) + Math.floor(needle.length / 2);
  check(offset >= Math.floor(needle.length / 2), `fixture lacks ${needle}`);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return [line, offset - before.lastIndexOf("\n")];
}

async function shot(page, name) {
  const file = path.join(ARTIFACTS, `vscode-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(ROOT, file)}`);
}

function userSettings(extra = {}) {
  const base = {
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.tips.enabled": false,
    "extensions.ignoreRecommendations": true,
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "telemetry.telemetryLevel": "off",
    "chat.commandCenter.enabled": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "editor.minimap.enabled": false,
    "editor.hover.delay": 200,
    "editor.autoClosingBrackets": "never",
    "editor.autoClosingQuotes": "never",
    "editor.autoIndent": "none",
    "editor.formatOnType": false,
    "files.autoSave": "off",
    "window.title": "mathlsp e2e",
  };
  for (const key of Object.keys(extra)) {
    delete base[key]; // so that the changed keys come last, where the editor shows them
  }
  return { ...base, ...extra };
}

/** `mathlsp.server.*` are machine-overridable: a remote window (code-server) reads them from the
 * machine's settings, not the user's, as it should (a path on the user's machine means nothing). */
function machineSettings(extra = {}) {
  return { "mathlsp.server.path": SERVER, ...extra };
}

function writeSettings(userDir) {
  for (const [folder, settings] of [["User", userSettings()], ["Machine", machineSettings()]]) {
    fs.mkdirSync(path.join(userDir, folder), { recursive: true });
    fs.writeFileSync(path.join(userDir, folder, "settings.json"), JSON.stringify(settings, null, 2));
  }
}

async function changeSettings(page, extra, where = "User") {
  const settings = where === "User" ? userSettings(extra) : machineSettings(extra);
  await replaceSettings(page, settings, JSON.stringify(Object.values(extra).pop()), where);
}

async function main() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "mathlsp-vscode-"));
  const userDir = path.join(base, "user");
  const extDir = path.join(base, "ext");
  const workspace = path.join(base, "notes");
  fs.mkdirSync(workspace);
  const draft = fs.readFileSync(path.join(ROOT, "tests", "editors", "fixtures", "draft.md"), "utf8");
  fs.writeFileSync(path.join(workspace, "draft.md"), draft);
  const homework = path.join(ROOT, "samples", "homework.md");
  const hasHomework = fs.existsSync(homework);
  if (hasHomework) {
    fs.copyFileSync(homework, path.join(workspace, "homework.md"));
  }
  const config = path.join(base, "config.yaml");
  fs.writeFileSync(config, "auth: none\ncert: false\n");
  writeSettings(userDir);

  await step("install the .vsix", async () => {
    execFileSync(CODE_SERVER, ["--config", config, "--user-data-dir", userDir, "--extensions-dir", extDir, "--install-extension", VSIX], { stdio: "pipe" });
    check(fs.readdirSync(extDir).some((name) => name.startsWith("mathlsp.mathlsp-")), "extension not installed");
  });

  const baseUrl = await startBackend(PYTHON, ROOT, ANSWER, "0.03");
  const slowUrl = await startBackend(PYTHON, ROOT, SLOW_ANSWER, "0.5");
  log(`fake backends at ${baseUrl} and (slow) ${slowUrl}`);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const codeServerLog = fs.openSync(path.join(ARTIFACTS, "vscode-code-server.log"), "w");
  start(CODE_SERVER, ["--config", config, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--user-data-dir", userDir, "--extensions-dir", extDir, "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", workspace], {
    env: { ...process.env, MATHLSP_BASE_URL: baseUrl },
    stdio: ["ignore", codeServerLog, codeServerLog],
  });
  await waitHealthy(url);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  try {
    await step("workbench loads", async () => {
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
      await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 60_000 });
    });

    if (hasHomework) {
      await step("homework.md: diagnostics in the Problems panel", async () => {
        await openFile(page, "homework.md");
        await runCommand(page, "View: Focus Problems");
        await page.locator(".markers-panel .monaco-list-row").first().waitFor({ timeout: WAIT_MS });
        await page.waitForTimeout(1000);
        const rows = await problemRows(page);
        log(`homework.md problems: ${JSON.stringify(rows)}`);
        check(rows.some((row) => /mathlsp/.test(row)), "no mathlsp diagnostic in the Problems panel");
        await shot(page, "homework-problems");
      });
    }

    await step("draft.md: false-equation in the Problems panel", async () => {
      await openFile(page, "draft.md");
      await runCommand(page, "View: Focus Problems");
      const row = page.locator(".markers-panel .monaco-list-row", { hasText: "false-equation" }).first();
      await row.waitFor({ timeout: WAIT_MS });
      const rows = await problemRows(page);
      log(`draft.md problems: ${JSON.stringify(rows)}`);
      const [claimLine] = lineColumn(draft, FALSE_CLAIM);
      check(rows.some((row) => row.includes("false-equation") && row.includes(`[Ln ${claimLine}`)), `no false-equation on line ${claimLine}`);
      const [trueLine] = lineColumn(draft, TRUE_CLAIM);
      check(!rows.some((row) => row.includes(`[Ln ${trueLine},`)), `a diagnostic on the true claim's line ${trueLine}`);
      const status = await page.locator(".statusbar-item", { hasText: "mathlsp" }).first().innerText();
      log(`status bar: ${status}`);
      await shot(page, "draft-problems");
    });

    await step("hover a false claim: ✗", async () => {
      await page.locator(".monaco-editor .view-lines").first().click();
      const text = await hoverAt(page, ...lineColumn(draft, FALSE_CLAIM));
      log(`hover on the false claim: ${JSON.stringify(text)}`);
      await shot(page, "hover-false");
      check(text.includes("✗") && !text.includes("✓"), "the hover does not say the claim is false");
    });

    await step("hover a true claim: ✓", async () => {
      const text = await hoverAt(page, ...lineColumn(draft, TRUE_CLAIM));
      log(`hover on the true claim: ${JSON.stringify(text)}`);
      check(text.includes("✓") && !text.includes("✗"), "the hover does not say the claim holds");
    });

    await step("Solve problem at cursor inserts the solution", async () => {
      await page.keyboard.press("Escape");
      const [line] = lineColumn(draft, "Problem 2. Solve");
      await goTo(page, line, 3);
      await runCommand(page, "mathlsp: Solve problem at cursor");
      const toast = page.locator(".notification-toast", { hasText: "mathlsp" }).first();
      await toast.waitFor({ timeout: 30_000 });
      let tokensSeen = "";
      const deadline = Date.now() + WAIT_MS;
      while (Date.now() < deadline) {
        const status = await statusText(page);
        if (/solving [1-9]\d* tokens/.test(status) && !tokensSeen) {
          tokensSeen = status;
          await shot(page, "solve-progress");
        }
        const lines = await page.locator(".monaco-editor .view-lines").first().innerText();
        if (lines.includes("mathlsp:solution") && lines.includes("boxed")) {
          break;
        }
        await page.waitForTimeout(100);
      }
      log(`status bar while solving: ${JSON.stringify(tokensSeen)}`);
      await page.waitForTimeout(500);
      await shot(page, "solve-inserted");
      await page.keyboard.press("Control+S");
      await page.waitForTimeout(1000);
      const saved = fs.readFileSync(path.join(workspace, "draft.md"), "utf8");
      check(saved.includes("<!-- mathlsp:solution"), "no mathlsp:solution comment in the saved file");
      check(saved.includes(`answer: \\boxed{${ANSWER}}`), `no boxed answer ${ANSWER} in the comment`);
      check(saved.indexOf("mathlsp:solution") > saved.indexOf("Problem 2. Solve"), "the comment is not under Problem 2");
      for (const original of draft.split("\n").filter((l) => l)) {
        check(saved.includes(original), `user text changed: ${original}`);
      }
      check(tokensSeen !== "", "the status bar never showed 'solving N tokens'");
    });

    await step("cancel a slow solve from the status bar", async () => {
      await changeSettings(page, { "mathlsp.backendUrl": slowUrl }); // the server is told
      await page.waitForTimeout(1000);
      const before = fs.readFileSync(path.join(workspace, "draft.md"), "utf8");
      const [line] = lineColumn(draft, "Problem 1. Compute");
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, line, 3);
      await runCommand(page, "mathlsp: Solve problem at cursor");
      const solving = await waitForStatus(page, /solving [1-9]\d* tokens/, 60_000);
      log(`status bar before cancelling: ${JSON.stringify(solving)}`);
      await shot(page, "cancel-before");
      await page.locator(".statusbar-item", { hasText: "solving" }).first().click();
      const after = await waitForStatus(page, /^\W*mathlsp$/, 20_000);
      log(`status bar after cancelling: ${JSON.stringify(after)}`);
      await page.waitForTimeout(1500); // an insertion, if any, would land now
      await shot(page, "cancel-after");
      await page.keyboard.press("Control+S");
      await page.waitForTimeout(500);
      const saved = fs.readFileSync(path.join(workspace, "draft.md"), "utf8");
      check(!saved.includes(`\\boxed{${SLOW_ANSWER}}`), "the cancelled solve still inserted its answer");
      check(saved === before, "the document changed after cancelling");
      // The server's log (mathlsp output channel) shows which backend the cancelled solve used.
      await runCommand(page, "mathlsp: Show output");
      await page.waitForTimeout(1000);
      const output = await page.locator(".panel .monaco-editor .view-lines").first().innerText();
      check(output.includes(`${slowUrl}/chat/completions`), `the solve did not go to mathlsp.backendUrl (${slowUrl})`);
    });

    await step("a missing server gets a clear message with the fix", async () => {
      await changeSettings(page, { "mathlsp.server.path": "/nonexistent/bin/mathlsp" }, "Remote"); // restarts the client
      const toast = page.locator(".notification-toast", { hasText: "/nonexistent/bin/mathlsp" }).first();
      try {
        await toast.waitFor({ timeout: 30_000 });
      } catch (error) {
        await runCommand(page, "mathlsp: Show output");
        await page.waitForTimeout(1000);
        log(`mathlsp output: ${await page.locator(".output-view, .panel .monaco-editor").first().innerText().catch(() => "?")}`);
        await shot(page, "server-missing-output");
        throw error;
      }
      const text = await toast.innerText();
      log(`error notification: ${JSON.stringify(text)}`);
      await shot(page, "server-missing");
      check(text.includes("/nonexistent/bin/mathlsp") && text.includes("not found"), "the message does not say what was tried");
      check(text.includes("mathlsp.server.path") && text.includes("pip install"), "the message does not say how to fix it");
      check(/error/.test(await page.locator(".statusbar-item", { hasText: "mathlsp" }).first().innerHTML()), "the status bar does not show the failure");
    });
  } finally {
    await shot(page, "final").catch(() => undefined);
    await browser.close();
  }
}

main()
  .catch((error) => {
    failures += 1;
    log(`FAIL ${error && error.stack ? error.stack : error}`);
  })
  .finally(() => {
    stopAll();
    for (const [name, ms, result] of timings) {
      console.log(`  ${result.padEnd(6)} ${String(ms).padStart(6)} ms  ${name}`);
    }
    const passed = timings.filter((t) => t[2] === "ok").length;
    console.log(`vscode-e2e: ${passed} passed, ${failures} failed`);
    process.exit(failures === 0 && passed > 0 ? 0 : 1);
  });
