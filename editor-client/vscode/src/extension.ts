// Entry point: wires the output channel, status bar, client manager and the four commands.
// The work lives in client.ts (server life), solve.ts (cancellable solve), status.ts.
import * as vscode from "vscode";
import { ClientManager } from "./client";
import { MathlspStatus } from "./status";

let manager: ClientManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("mathlsp");
  const status = new MathlspStatus();
  manager = new ClientManager(output, status);
  const clients = manager;
  context.subscriptions.push(
    output,
    status,
    clients,
    vscode.commands.registerCommand("mathlsp.solveAtCursor", () =>
      clients.solver.solveAtCursor(vscode.window.activeTextEditor),
    ),
    vscode.commands.registerCommand("mathlsp.checkDocument", () =>
      clients.checkDocument(vscode.window.activeTextEditor?.document),
    ),
    vscode.commands.registerCommand("mathlsp.restartServer", () => clients.restart()),
    vscode.commands.registerCommand("mathlsp.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("mathlsp.cancelSolveFromStatus", () => clients.solver.cancel()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("mathlsp.server")) {
        void clients.restart();
      }
    }),
  );
  await clients.start();
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}
