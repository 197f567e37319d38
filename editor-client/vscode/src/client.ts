// Owns the LanguageClient's life: find the installed server, start it with the middleware
// that feeds the status bar and routes `mathlsp.solve` (code action, code lens) through the
// cancellable Solver, and restart it when the `mathlsp.server.*` settings change.
import * as vscode from "vscode";
import {
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { routeServerProgress } from "./progress";
import { ServerCommand, findServer, notFoundMessage } from "./server";
import { SOLVE_COMMAND } from "./protocol";
import { Solver } from "./solve";
import type { MathlspStatus } from "./status";

export const LANGUAGES = ["markdown", "latex", "tex"];
const CHECK_COMMAND = "mathlsp.check";

export class ClientManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  readonly solver: Solver;

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly status: MathlspStatus,
  ) {
    this.solver = new Solver(() => this.client, status, output);
  }

  get current(): LanguageClient | undefined {
    return this.client;
  }

  start(): Promise<void> {
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      this.solver.cancel();
      try {
        await client.stop(5000);
      } catch (error) {
        this.output.appendLine(`[client] stop: ${String(error)}`);
      }
      await client.dispose();
    }
    this.status.setServer("stopped");
  }

  async restart(): Promise<void> {
    this.output.appendLine("[client] restarting the server");
    await this.stop();
    await this.start();
  }

  /** "Check document": the server's check command, else a fresh pull, else a re-open. */
  async checkDocument(document: vscode.TextDocument | undefined): Promise<void> {
    const client = this.client;
    if (!document || !client || !client.isRunning() || !LANGUAGES.includes(document.languageId)) {
      void vscode.window.showInformationMessage("mathlsp: open a Markdown or LaTeX file to check it.");
      return;
    }
    const uri = document.uri.toString();
    const c2p = client.code2ProtocolConverter;
    const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    this.status.checkStarted(uri);
    if (commands.includes(CHECK_COMMAND)) {
      await client.sendRequest(ExecuteCommandRequest.type, {
        command: CHECK_COMMAND,
        arguments: [c2p.asUri(document.uri)],
      });
      return;
    }
    const pull = client.getFeature(DocumentDiagnosticRequest.method);
    const provider = pull?.getProvider(document);
    if (provider) {
      provider.onDidChangeDiagnosticsEmitter.fire();
      return;
    }
    // A push-only server checks at once on open: close and re-open the same version.
    await client.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: c2p.asTextDocumentIdentifier(document),
    });
    await client.sendNotification(DidOpenTextDocumentNotification.type, c2p.asOpenTextDocumentParams(document));
  }

  private async doStart(): Promise<void> {
    this.status.setServer("starting");
    const config = vscode.workspace.getConfiguration("mathlsp");
    const found = await findServer(config);
    if (Array.isArray(found)) {
      const message = notFoundMessage(found);
      this.output.appendLine(message);
      this.status.setServer("failed");
      void vscode.window.showErrorMessage(message, "Open Settings", "Show Output").then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", "mathlsp.server");
        } else if (choice === "Show Output") {
          this.output.show();
        }
      });
      return;
    }
    this.output.appendLine(`[client] starting \`${found.label} serve\` (${found.version})`);
    const client = new LanguageClient("mathlsp", "mathlsp", this.serverOptions(found), this.clientOptions());
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        this.status.setServer("running");
      } else if (event.newState === State.Starting) {
        this.status.setServer("starting");
      } else if (this.client === client) {
        this.status.setServer("stopped");
      }
    });
    this.client = client;
    try {
      await client.start();
      routeServerProgress(client, (token) => this.solver.claimServerToken(client, token));
    } catch (error) {
      this.output.appendLine(`[client] the server did not start: ${String(error)}`);
      this.status.setServer("failed");
      void vscode.window.showErrorMessage(
        `mathlsp: \`${found.label} serve\` did not start (${String(error)}). See \`mathlsp: Show output\`.`,
      );
    }
  }

  private serverOptions(found: ServerCommand): ServerOptions {
    return {
      command: found.command,
      args: [...found.prefix, "serve"],
      transport: TransportKind.stdio,
      options: { env: process.env },
    };
  }

  private clientOptions(): LanguageClientOptions {
    const documentSelector = LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]);
    return {
      documentSelector,
      outputChannel: this.output,
      synchronize: { configurationSection: "mathlsp" },
      middleware: this.middleware(),
    };
  }

  private middleware(): Middleware {
    const status = this.status;
    return {
      didOpen: (document, next) => {
        status.checkStarted(document.uri.toString());
        return next(document);
      },
      didChange: (event, next) => {
        if (event.contentChanges.length > 0) {
          status.checkStarted(event.document.uri.toString());
        }
        return next(event);
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        status.checkDone(uri.toString());
        next(uri, diagnostics);
      },
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const uri = (document instanceof vscode.Uri ? document : document.uri).toString();
        try {
          return await next(document, previousResultId, token);
        } finally {
          status.checkDone(uri);
        }
      },
      executeCommand: (command, args: unknown[], next): Promise<unknown> => {
        if (command === SOLVE_COMMAND) {
          return this.solver.run(command, args);
        }
        return Promise.resolve(next(command, args) as unknown);
      },
    };
  }

  dispose(): void {
    void this.stop();
    this.solver.dispose();
  }
}
