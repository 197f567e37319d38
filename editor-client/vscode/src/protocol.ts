// What the extension reads from mathlsp's protocol messages: the server's command names, its
// "Solve with <model>" code action, and its progress messages ("thinking, 312 tokens").
// No `vscode` import, so `npm test` runs these in plain Node.

export const SOLVE_COMMAND = "mathlsp.solve";
export const CANCEL_COMMAND = "mathlsp.cancelSolve";

export interface CommandLike {
  title: string;
  command: string;
  arguments?: unknown[];
}

/** Token count and phase from a progress message such as "thinking, 312 tokens". */
export function parseProgress(message: string | undefined): { tokens?: number; phase?: string } {
  if (!message) {
    return {};
  }
  const tokens = /(\d[\d,]*)\s*tokens?\b/i.exec(message);
  const phase = /\b(thinking|reasoning|answering|voting|waiting|connecting)\b/i.exec(message);
  return {
    tokens: tokens ? Number(tokens[1].replace(/,/g, "")) : undefined,
    phase: phase ? phase[1].toLowerCase() : undefined,
  };
}

function isCommand(value: unknown): value is CommandLike {
  const candidate = value as Partial<CommandLike> | null;
  return typeof candidate?.command === "string" && typeof candidate.title === "string";
}

/** The server's solve command among code actions (CodeAction or bare Command), if offered. */
export function pickSolveCommand(actions: readonly unknown[] | null | undefined): CommandLike | undefined {
  for (const action of actions ?? []) {
    const inner = (action as { command?: unknown } | null)?.command;
    const command = isCommand(inner) ? inner : isCommand(action) ? action : undefined;
    if (command?.command === SOLVE_COMMAND) {
      return command;
    }
  }
  return undefined;
}
