// Finds the user's installed mathlsp (no bundled Python): `mathlsp.server.python -m mathlsp`
// when set, else `mathlsp.server.path`; each candidate is probed with `--version` first so a
// missing or broken install gets one clear message with the fix instead of a crash loop.
import { execFile } from "node:child_process";
import type * as vscode from "vscode";

export interface ServerCommand {
  /** Executable to spawn. */
  command: string;
  /** Arguments before `serve`, e.g. `["-m", "mathlsp"]` for a Python interpreter. */
  prefix: string[];
  /** What `--version` printed, e.g. `mathlsp 0.1.0`. */
  version: string;
  /** Human-readable form for logs. */
  label: string;
}

export interface ProbeFailure {
  label: string;
  reason: string;
}

const PROBE_TIMEOUT_MS = 20_000;

function probe(command: string, prefix: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...prefix, "--version"],
      { timeout: PROBE_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "ENOENT") {
            reject(new Error("not found"));
          } else if (code === "EACCES") {
            reject(new Error("not executable"));
          } else {
            const detail = (stderr || stdout || error.message).trim().split("\n").pop() ?? "";
            reject(new Error(`failed: ${detail}`));
          }
          return;
        }
        const version = (stdout || stderr).trim();
        if (!version.startsWith("mathlsp")) {
          reject(new Error(`answered \`${version.slice(0, 60)}\`, not mathlsp`));
          return;
        }
        resolve(version);
      },
    );
  });
}

/** The candidates in the order they are tried, from the `mathlsp.server` settings. */
export function candidates(config: vscode.WorkspaceConfiguration): Array<[string, string[]]> {
  const result: Array<[string, string[]]> = [];
  const python = (config.get<string>("server.python") ?? "").trim();
  const path = (config.get<string>("server.path") ?? "").trim() || "mathlsp";
  if (python) {
    result.push([python, ["-m", "mathlsp"]]);
  }
  result.push([path, []]);
  return result;
}

/** The first candidate that answers `--version` as mathlsp, or every candidate's failure. */
export async function findServer(
  config: vscode.WorkspaceConfiguration,
): Promise<ServerCommand | ProbeFailure[]> {
  const failures: ProbeFailure[] = [];
  for (const [command, prefix] of candidates(config)) {
    const label = [command, ...prefix].join(" ");
    try {
      const version = await probe(command, prefix);
      return { command, prefix, version, label };
    } catch (error) {
      failures.push({ label, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return failures;
}

/** The message shown when no candidate works: what was tried and how to fix it. */
export function notFoundMessage(failures: ProbeFailure[]): string {
  const tried = failures.map((f) => `\`${f.label}\` (${f.reason})`).join("; ");
  return (
    `mathlsp: cannot start the language server. Tried ${tried}. ` +
    "Fix: install it with `pip install mathlsp` (or `pip install -e .` in a checkout), then set " +
    "`mathlsp.server.path` to the full path of the `mathlsp` executable " +
    "(e.g. `~/.venv/bin/mathlsp`), or `mathlsp.server.python` to a Python that has mathlsp " +
    "installed; then run `mathlsp: Restart server`."
  );
}
