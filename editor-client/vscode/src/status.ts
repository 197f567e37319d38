// The status bar item: idle / checking / solving N tokens (click to cancel) / not running.
// Checking is tracked from what the client sends (open, change) until diagnostics for that
// document arrive, pushed or pulled (a save of unchanged text triggers no new check).
import * as vscode from "vscode";

/** A document that gets no diagnostics back within this time stops counting as checking. */
const CHECK_TIMEOUT_MS = 60_000;

type ServerState = "starting" | "running" | "stopped" | "failed";

export class MathlspStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly checking = new Map<string, ReturnType<typeof setTimeout>>();
  private server: ServerState = "starting";
  private solve: { tokens: number | undefined; phase: string } | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem("mathlsp.status", vscode.StatusBarAlignment.Left, 10);
    this.item.name = "mathlsp";
    this.render();
    this.item.show();
  }

  setServer(state: ServerState): void {
    this.server = state;
    if (state !== "running") {
      this.clearChecks();
    }
    this.render();
  }

  checkStarted(uri: string): void {
    const previous = this.checking.get(uri);
    if (previous !== undefined) {
      clearTimeout(previous);
    }
    this.checking.set(
      uri,
      setTimeout(() => this.checkDone(uri), CHECK_TIMEOUT_MS),
    );
    this.render();
  }

  checkDone(uri: string): void {
    const timer = this.checking.get(uri);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.checking.delete(uri);
      this.render();
    }
  }

  solveStarted(): void {
    this.solve = { tokens: undefined, phase: "starting" };
    void vscode.commands.executeCommand("setContext", "mathlsp.solving", true);
    this.render();
  }

  solveProgress(tokens: number | undefined, phase: string | undefined): void {
    if (this.solve) {
      this.solve = { tokens: tokens ?? this.solve.tokens, phase: phase ?? this.solve.phase };
      this.render();
    }
  }

  solveEnded(): void {
    this.solve = undefined;
    void vscode.commands.executeCommand("setContext", "mathlsp.solving", false);
    this.render();
  }

  /** The text shown, for tests and logs. */
  get text(): string {
    return this.item.text;
  }

  private clearChecks(): void {
    for (const timer of this.checking.values()) {
      clearTimeout(timer);
    }
    this.checking.clear();
  }

  private render(): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.solve) {
      const tokens = this.solve.tokens === undefined ? "" : ` ${this.solve.tokens} tokens`;
      item.text = `$(sync~spin) mathlsp: solving${tokens}`;
      item.tooltip = `mathlsp is solving (${this.solve.phase}). Click to cancel.`;
      item.command = "mathlsp.cancelSolveFromStatus";
    } else if (this.server === "failed" || this.server === "stopped") {
      item.text = "$(error) mathlsp";
      item.tooltip = `mathlsp server ${this.server}. Click to show its output.`;
      item.command = "mathlsp.showOutput";
      item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
    } else if (this.server === "starting") {
      item.text = "$(loading~spin) mathlsp: starting";
      item.tooltip = "mathlsp server is starting. Click to show its output.";
      item.command = "mathlsp.showOutput";
    } else if (this.checking.size > 0) {
      item.text = "$(loading~spin) mathlsp: checking";
      item.tooltip = `Checking ${this.checking.size} document(s). Click to show the output.`;
      item.command = "mathlsp.showOutput";
    } else {
      item.text = "$(check) mathlsp";
      item.tooltip = "mathlsp: idle. Click to show the output.";
      item.command = "mathlsp.showOutput";
    }
  }

  dispose(): void {
    this.clearChecks();
    this.item.dispose();
  }
}
