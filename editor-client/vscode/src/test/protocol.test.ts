// Unit tests (node:test) for the vscode-free parts: protocol parsing and server discovery.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parseProgress, pickSolveCommand } from "../protocol";
import { ProbeFailure, ServerCommand, candidates, findServer, notFoundMessage } from "../server";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const VENV_MATHLSP = path.join(ROOT, ".venv", "bin", "mathlsp");

function config(values: Record<string, string>): Parameters<typeof findServer>[0] {
  return { get: (key: string) => values[key] } as unknown as Parameters<typeof findServer>[0];
}

function failed(found: ServerCommand | ProbeFailure[]): ProbeFailure[] {
  if (!Array.isArray(found)) {
    throw new assert.AssertionError({ message: `expected failures, found ${found.label}` });
  }
  return found;
}

describe("parseProgress", () => {
  const cases: Array<[string | undefined, { tokens?: number; phase?: string }]> = [
    ["thinking, 312 tokens", { tokens: 312, phase: "thinking" }],
    ["answering, 1,024 tokens over 4 samples", { tokens: 1024, phase: "answering" }],
    ["connecting", { tokens: undefined, phase: "connecting" }],
    ["1 token", { tokens: 1, phase: undefined }],
    [undefined, {}],
  ];
  for (const [message, expected] of cases) {
    it(String(message), () => assert.deepEqual(parseProgress(message), expected));
  }
});

describe("pickSolveCommand", () => {
  const solve = { title: "Solve Problem 2 with m", command: "mathlsp.solve", arguments: [{ uri: "file:///a.md" }] };
  it("finds it inside a CodeAction", () => {
    const fix = { title: "Ignore this span", kind: "quickfix", edit: {} };
    assert.deepEqual(pickSolveCommand([fix, { title: solve.title, kind: "refactor", command: solve }]), solve);
  });
  it("accepts a bare Command", () => assert.deepEqual(pickSolveCommand([solve]), solve));
  it("ignores other commands", () => {
    assert.equal(pickSolveCommand([{ title: "x", command: "other.command" }]), undefined);
  });
  it("handles null", () => assert.equal(pickSolveCommand(null), undefined));
});

describe("server discovery", () => {
  it("tries server.python before server.path", () => {
    assert.deepEqual(candidates(config({ "server.python": "/usr/bin/python3", "server.path": "x" })), [
      ["/usr/bin/python3", ["-m", "mathlsp"]],
      ["x", []],
    ]);
  });
  it("defaults to mathlsp on PATH", () => {
    assert.deepEqual(candidates(config({})), [["mathlsp", []]]);
  });
  it("finds the project's installed server", async () => {
    const found = await findServer(config({ "server.path": VENV_MATHLSP }));
    if (Array.isArray(found)) {
      assert.fail(JSON.stringify(found));
    }
    assert.match(found.version, /^mathlsp \d/);
  });
  it("reports every failure with the fix", async () => {
    const found = failed(await findServer(config({ "server.path": "/nonexistent/mathlsp", "server.python": "/bin/false" })));
    assert.deepEqual(
      found.map((f) => f.label),
      ["/bin/false -m mathlsp", "/nonexistent/mathlsp"],
    );
    assert.equal(found[1].reason, "not found");
    const message = notFoundMessage(found);
    assert.match(message, /\/nonexistent\/mathlsp` \(not found\)/);
    assert.match(message, /pip install/);
    assert.match(message, /mathlsp\.server\.path/);
  });
  it("refuses a program that is not mathlsp", async () => {
    const found = failed(await findServer(config({ "server.path": process.execPath })));
    assert.match(found[0].reason, /not mathlsp/);
  });
});
