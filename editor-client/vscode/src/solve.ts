// Solve under a cancellable notification. VS Code shows server-started progress without a
// cancel button, so the extension owns the progress: it passes its own workDoneToken with the
// server's `mathlsp.solve` command, mirrors the server's reports (tokens so far, thinking or
// answering) into the notification and the status bar, and on cancel sends both
// `$/cancelRequest` and the server's `mathlsp.cancelSolve`.
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import {
  CodeActionRequest,
  CodeActionTriggerKind,
  ExecuteCommandRequest,
  LanguageClient,
  ProgressToken,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
} from "vscode-languageclient/node";
import type { ProgressValue } from "./progress";
import { CANCEL_COMMAND, parseProgress, pickSolveCommand } from "./protocol";
import type { MathlspStatus } from "./status";

/** After cancelling, wait this long for the server to answer before closing the notification. */
const CANCEL_GRACE_MS = 10_000;

export class Solver implements vscode.Disposable {
  private running:
    | { cancel: () => void; handle: (value: ProgressValue) => void; tokens: ProgressToken[]; subscriptions: vscode.Disposable[] }
    | undefined;

  constructor(
    private readonly getClient: () => LanguageClient | undefined,
    private readonly status: MathlspStatus,
    private readonly output: vscode.OutputChannel,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The command palette's "Solve problem at cursor": ask the server for its solve action. */
  async solveAtCursor(editor: vscode.TextEditor | undefined): Promise<void> {
    const client = this.getClient();
    if (!editor || !client || !client.isRunning()) {
      void vscode.window.showWarningMessage(
        editor ? "mathlsp: the server is not running (see `mathlsp: Show output`)." : "mathlsp: open a Markdown or LaTeX file first.",
      );
      return;
    }
    const c2p = client.code2ProtocolConverter;
    const actions = await client.sendRequest(CodeActionRequest.type, {
      textDocument: c2p.asTextDocumentIdentifier(editor.document),
      range: c2p.asRange(editor.selection),
      context: { diagnostics: [], triggerKind: CodeActionTriggerKind.Invoked },
    });
    const command = pickSolveCommand(actions);
    if (!command) {
      void vscode.window.showInformationMessage(
        "mathlsp: no problem at the cursor. Put the cursor inside a problem (a paragraph or heading " +
          "starting with Problem, Exercise, Question, Example, or an \\item), or select the problem text.",
      );
      return;
    }
    await this.run(command.command, command.arguments ?? [], command.title);
  }

  /** Runs the server's solve command under a cancellable notification. */
  async run(command: string, args: unknown[], title = "Solving"): Promise<unknown> {
    const client = this.getClient();
    if (!client) {
      return undefined;
    }
    if (this.running) {
      void vscode.window.showInformationMessage("mathlsp: a solve is already running; cancel it first (click the status bar).");
      return undefined;
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `mathlsp: ${title}`, cancellable: true },
      async (progress, cancelToken) => {
        const workDoneToken = `mathlsp-solve-${randomUUID()}`;
        const requestCancel = new vscode.CancellationTokenSource();
        let lastPercent = 0;
        const handle = (value: ProgressValue): void => {
          if (value.kind === "end") {
            return;
          }
          const { tokens, phase } = parseProgress(value.message);
          this.status.solveProgress(tokens, phase);
          let increment: number | undefined;
          if (value.percentage !== undefined) {
            increment = Math.max(0, value.percentage - lastPercent);
            lastPercent = value.percentage;
          }
          progress.report({ message: value.message, increment });
        };
        const subscriptions = [client.onProgress(WorkDoneProgress.type, workDoneToken, handle)];
        const tokens: ProgressToken[] = [];
        let cancelled = false;
        let onCancelled: () => void = () => undefined;
        const cancelledPromise = new Promise<undefined>((resolve) => {
          onCancelled = () => setTimeout(() => resolve(undefined), CANCEL_GRACE_MS);
        });
        const cancel = (): void => {
          if (cancelled) {
            return;
          }
          cancelled = true;
          progress.report({ message: "cancelling…" });
          this.output.appendLine(`[solve] cancelling ${workDoneToken}`);
          requestCancel.cancel(); // the client sends $/cancelRequest
          for (const token of tokens) {
            void client.sendNotification(WorkDoneProgressCancelNotification.type, { token });
          }
          void this.sendCancel(client, args);
          onCancelled();
        };
        cancelToken.onCancellationRequested(cancel);
        this.running = { cancel, handle, tokens, subscriptions };
        this.status.solveStarted();
        try {
          const request: Promise<unknown> = client.sendRequest(
            ExecuteCommandRequest.type,
            { command, arguments: args, workDoneToken },
            requestCancel.token,
          );
          const result: unknown = await Promise.race([request, cancelledPromise]);
          if (cancelled) {
            vscode.window.setStatusBarMessage("mathlsp: solve cancelled", 5000);
          }
          return result;
        } catch (error) {
          if (cancelled) {
            vscode.window.setStatusBarMessage("mathlsp: solve cancelled", 5000);
            return undefined;
          }
          const message = error instanceof Error ? error.message : String(error);
          this.output.appendLine(`[solve] failed: ${message}`);
          void vscode.window.showErrorMessage(`mathlsp: solve failed: ${message}`);
          return undefined;
        } finally {
          for (const subscription of subscriptions) {
            subscription.dispose();
          }
          requestCancel.dispose();
          this.running = undefined;
          this.status.solveEnded();
        }
      },
    );
  }

  /** A progress token the server created: the running solve's, if one is running. */
  claimServerToken(client: LanguageClient, token: ProgressToken): boolean {
    const running = this.running;
    if (!running || !String(token).startsWith("mathlsp-solve")) {
      return false;
    }
    running.tokens.push(token);
    running.subscriptions.push(client.onProgress(WorkDoneProgress.type, token, running.handle));
    return true;
  }

  /** Cancels the running solve (the status bar's click). */
  cancel(): void {
    this.running?.cancel();
  }

  private async sendCancel(client: LanguageClient, args: unknown[]): Promise<void> {
    const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (!commands.includes(CANCEL_COMMAND)) {
      return;
    }
    try {
      await client.sendRequest(ExecuteCommandRequest.type, { command: CANCEL_COMMAND, arguments: args });
    } catch (error) {
      this.output.appendLine(`[solve] ${CANCEL_COMMAND} failed: ${String(error)}`);
    }
  }

  dispose(): void {
    this.cancel();
  }
}
