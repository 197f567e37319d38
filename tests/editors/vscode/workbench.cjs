// Driving the VS Code workbench (code-server) with playwright-core: the command palette, quick
// open, go to line, hover, the Problems panel, the status bar, and settings.json edits.
"use strict";

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function statusText(page) {
  return page.locator(".statusbar-item", { hasText: "mathlsp" }).first().innerText().catch(() => "");
}

async function waitForStatus(page, pattern, timeout) {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline) {
    text = await statusText(page);
    if (pattern.test(text)) {
      return text;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`status bar never matched ${pattern} (last: ${JSON.stringify(text)})`);
}

async function runCommand(page, label) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${label}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: label }).first();
  await row.waitFor({ state: "visible", timeout: 15_000 });
  await page.waitForTimeout(150);
  await page.keyboard.press("Enter");
}

async function openFile(page, name) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press("Enter");
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ timeout: 15_000 });
  await page.locator(".monaco-editor .view-lines").first().click(); // focus the editor
}

async function goTo(page, line, column) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(200);
}

async function problemRows(page) {
  return page.locator(".markers-panel .monaco-list-row").allInnerTexts();
}

async function hoverAt(page, line, column) {
  await page.keyboard.press("Escape");
  await goTo(page, line, column);
  await runCommand(page, "Show or Focus Hover");
  const hover = page.locator(".monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .monaco-hover-content").first();
  await hover.waitFor({ state: "visible", timeout: 30_000 });
  // The hover shows "Loading..." until the server answers.
  const deadline = Date.now() + 30_000;
  let text = "";
  while (Date.now() < deadline) {
    text = await page.locator(".monaco-hover:not(.hidden)").first().innerText();
    if (/[✓✗]/.test(text)) {
      break;
    }
    await page.waitForTimeout(200);
  }
  return text;
}

/** Replaces the User or Remote settings.json through the editor, as a user does (code-server
 * ignores edits made behind its back); `last` is text the end of the new file shows. */
async function replaceSettings(page, settings, last, where) {
  await runCommand(page, `Preferences: Open ${where} Settings (JSON)`);
  const tab = page.locator('.tab[aria-label^="settings.json"]').first();
  await tab.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(JSON.stringify(settings, null, 2));
  // Save only once the whole text is in: a save of a partial file would change other settings.
  const lines = page.locator(".monaco-editor .view-lines").first();
  for (let waited = 0; waited < 10_000 && !(await lines.innerText()).includes(last); waited += 100) {
    await page.waitForTimeout(100);
  }
  check((await lines.innerText()).includes(last), `settings.json does not show ${last}`);
  const deadline = Date.now() + 15_000;
  do {
    await page.keyboard.press("Control+S");
    await page.waitForTimeout(500);
  } while ((await tab.getAttribute("class")).includes("dirty") && Date.now() < deadline);
  check(!(await tab.getAttribute("class")).includes("dirty"), "settings.json was not saved");
  await page.keyboard.press("Control+W");
}

module.exports = {
  check,
  statusText,
  waitForStatus,
  runCommand,
  openFile,
  goTo,
  problemRows,
  hoverAt,
  replaceSettings,
};
