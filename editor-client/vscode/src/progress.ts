// Server-created work-done progress. The language client shows it in the status bar only, with
// no cancel button; we take over `window/workDoneProgress/create` so that the progress of a
// solve the user started lands in the Solver's cancellable notification, and show any other
// token (e.g. a long check) the way the language client would.
import * as vscode from "vscode";
import {
  LanguageClient,
  ProgressToken,
  WorkDoneProgress,
  WorkDoneProgressBegin,
  WorkDoneProgressCreateRequest,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
} from "vscode-languageclient/node";

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** Something that may want a server token: returns true when it took it. */
export type TokenClaimer = (token: ProgressToken) => boolean;

function showInStatusBar(client: LanguageClient, token: ProgressToken): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: "mathlsp" },
    (progress) =>
      new Promise<void>((resolve) => {
        const subscription = client.onProgress(WorkDoneProgress.type, token, (value: ProgressValue) => {
          if (value.kind === "end") {
            subscription.dispose();
            resolve();
            return;
          }
          const title = value.kind === "begin" ? value.title : undefined;
          progress.report({ message: [title, value.message].filter(Boolean).join(": ") });
        });
      }),
  );
}

/** Installs the create handler on a started client; `claim` gets the first look at tokens. */
export function routeServerProgress(client: LanguageClient, claim: TokenClaimer): vscode.Disposable {
  return client.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
    if (!claim(params.token)) {
      showInStatusBar(client, params.token);
    }
  });
}
