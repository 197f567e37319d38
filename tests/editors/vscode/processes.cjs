// Child processes of the VS Code end-to-end test (fake backends, code-server): started in their
// own process groups so that stopAll() ends them and everything they spawned.
"use strict";
const { spawn } = require("node:child_process");
const net = require("node:net");

const children = [];

function start(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  children.push(child);
  return child;
}

function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

/** Resolves with the first stdout line matching `pattern`. */
function waitForLine(child, pattern, what) {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`${what}: no ${pattern} within 60 s: ${buffer}`)), 60_000);
    child.stdout.on("data", (data) => {
      buffer += data.toString();
      const match = pattern.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.on("exit", (code) => reject(new Error(`${what} exited (${code}): ${buffer}`)));
  });
}

/** Starts `python -m tests.support.fake_vllm` from `root`; resolves with its base URL. */
async function startBackend(python, root, answer, tokenDelay) {
  const args = ["-m", "tests.support.fake_vllm", "--port", "0", "--answer", answer, "--token-delay", tokenDelay];
  const backend = start(python, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return (await waitForLine(backend, /READY (\S+)/, "fake_vllm"))[1];
}

async function waitHealthy(url) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) {
        return;
      }
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("code-server did not answer /healthz within 60 s");
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = { start, stopAll, startBackend, waitHealthy, freePort };
