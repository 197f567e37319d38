-- Headless Neovim end-to-end run (driven by test_nvim.py): loads editor-client/nvim, opens a
-- file, records the server's diagnostics as they arrive (raw LSP positions, UTF-16), hovers
-- given positions, optionally runs :MathlspSolve's code path, and writes all of it as JSON.
-- Inputs (environment): MATHLSP_NVIM_PLUGIN (plugin folder), MATHLSP_NVIM_FILE,
-- MATHLSP_NVIM_CMD (JSON list), MATHLSP_NVIM_SETTINGS (JSON object), MATHLSP_NVIM_HOVERS (JSON
-- list of [line, character]), MATHLSP_NVIM_SOLVE (JSON [line, character] or empty),
-- MATHLSP_NVIM_RECHECK (1: run :MathlspCheck and record the next publish), MATHLSP_NVIM_CANCEL
-- (1: :MathlspCancel the solve once tokens arrive),
-- MATHLSP_NVIM_TIMEOUT_MS, MATHLSP_NVIM_SETTLE_MS, MATHLSP_NVIM_OUT (output path).
local env = vim.env
local out = { nvim = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch }
local timeout = tonumber(env.MATHLSP_NVIM_TIMEOUT_MS or "30000")

local function finish(code)
  local file = assert(io.open(env.MATHLSP_NVIM_OUT, "w"))
  file:write(vim.json.encode(out))
  file:close()
  vim.cmd(code == 0 and "qall!" or ("cquit " .. code))
end

local function decode(name, default)
  local raw = env[name]
  if raw == nil or raw == "" then
    return default
  end
  return vim.json.decode(raw)
end

local function run()
  vim.opt.runtimepath:prepend(env.MATHLSP_NVIM_PLUGIN)
  vim.cmd("runtime plugin/mathlsp.lua")
  vim.cmd("filetype on")
  vim.g.tex_flavor = "latex"
  out.commands = vim.tbl_keys(vim.api.nvim_get_commands({}))
  table.sort(out.commands)

  -- Diagnostics as they arrive, with their LSP ranges: pushed (0.7 to 0.9 cannot pull, so the
  -- server pushes) or pulled (0.10+ asks with textDocument/diagnostic).
  local published = {}
  local default_publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
    table.insert(published, result)
    return default_publish(err, result, ctx, config)
  end
  local default_pull = vim.lsp.handlers["textDocument/diagnostic"]
  if default_pull then
    vim.lsp.handlers["textDocument/diagnostic"] = function(err, result, ctx, config)
      if result and result.kind == "full" then
        table.insert(published, { uri = ctx.params.textDocument.uri, diagnostics = result.items, pulled = true })
      end
      return default_pull(err, result, ctx, config)
    end
  end
  local messages = {}
  for _, method in ipairs({ "window/showMessage", "window/logMessage" }) do
    local previous = vim.lsp.handlers[method]
    vim.lsp.handlers[method] = function(err, result, ctx, config)
      table.insert(messages, { method = method, type = result.type, message = result.message })
      if method == "window/logMessage" then
        return vim.NIL
      end
      return previous(err, result, ctx, config)
    end
  end
  out.messages = messages

  require("mathlsp").setup({ cmd = decode("MATHLSP_NVIM_CMD"), settings = decode("MATHLSP_NVIM_SETTINGS", nil) })
  local started = vim.loop.hrtime()
  vim.cmd("edit " .. vim.fn.fnameescape(env.MATHLSP_NVIM_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[bufnr].filetype
  local uri = vim.uri_from_bufnr(bufnr)

  -- 0.7 lists a client for the buffer only once it has initialized.
  local client = nil
  out.initialized = vim.wait(timeout, function()
    client = require("mathlsp").get_client(bufnr)
    return client ~= nil and client.initialized == true
  end, 20)
  out.attached = client ~= nil
  if not out.initialized then
    out.error = "the mathlsp client did not attach and initialize"
    return 3
  end
  out.server_commands = (client.server_capabilities.executeCommandProvider or {}).commands or {}

  local function latest()
    for i = #published, 1, -1 do
      if published[i].uri == uri then
        return published[i]
      end
    end
    return nil
  end
  local function server_error()
    for _, m in ipairs(messages) do
      if m.method == "window/showMessage" and m.type == 1 then
        return m.message
      end
    end
    return nil
  end
  local got = vim.wait(timeout, function()
    return latest() ~= nil or server_error() ~= nil
  end, 20) and latest() ~= nil
  out.diagnostics_ms = (vim.loop.hrtime() - started) / 1e6
  if not got then
    out.error = server_error() or ("no diagnostics within " .. timeout .. " ms")
    return 4
  end
  -- The check runs in waves (what is decided first is shown first): ask the server to answer
  -- once this text's check is complete (its mathlsp/stats request can wait for that), so that
  -- what follows does not depend on how fast this machine judges.
  vim.lsp.buf_request_sync(bufnr, "mathlsp/stats", { uri = uri, wait = timeout / 1000 }, timeout)
  -- Settle: a later publish (the last wave, settings arriving, a re-check) may follow; take the
  -- last one once none has come for MATHLSP_NVIM_SETTLE_MS.
  local settle = tonumber(env.MATHLSP_NVIM_SETTLE_MS or "500")
  local count, since = #published, vim.loop.now()
  vim.wait(timeout, function()
    if #published ~= count then
      count, since = #published, vim.loop.now()
    end
    return vim.loop.now() - since >= settle
  end, 50)
  out.diagnostics = latest().diagnostics
  out.publish_count = #published
  out.pulled = latest().pulled == true
  out.shown = #vim.diagnostic.get(bufnr)

  out.hovers = {}
  for _, pos in ipairs(decode("MATHLSP_NVIM_HOVERS", {})) do
    local params = { textDocument = { uri = uri }, position = { line = pos[1], character = pos[2] } }
    local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, timeout) or {}
    local entry = { position = pos }
    for _, response in pairs(responses) do
      entry.error = response.err and response.err.message
      local contents = response.result and response.result.contents
      if type(contents) == "table" then
        entry.text = contents.value or table.concat(vim.lsp.util.convert_input_to_markdown_lines(contents), "\n")
      else
        entry.text = contents
      end
    end
    table.insert(out.hovers, entry)
  end

  if env.MATHLSP_NVIM_RECHECK == "1" then -- :MathlspCheck publishes the diagnostics again
    local before = #published
    vim.cmd("MathlspCheck")
    vim.wait(timeout, function()
      return #published > before and #latest().diagnostics > 0
    end, 20)
    out.recheck = { publishes = #published - before, diagnostics = latest().diagnostics }
  end

  local solve_at = decode("MATHLSP_NVIM_SOLVE", nil)
  if solve_at then -- :MathlspSolve with the cursor in the problem
    local mathlsp = require("mathlsp")
    vim.api.nvim_win_set_cursor(0, { solve_at[1] + 1, solve_at[2] })
    vim.cmd("MathlspSolve")
    local started_solving = vim.wait(5000, mathlsp.is_solving, 10)
    if env.MATHLSP_NVIM_CANCEL == "1" then -- :MathlspCancel once tokens arrive
      vim.wait(timeout, function()
        return (mathlsp.solve_progress() or ""):find("[1-9]%d* tokens") ~= nil
      end, 20)
      out.progress_before_cancel = mathlsp.solve_progress()
      vim.cmd("MathlspCancel")
      vim.wait(3000, function() return false end, 50) -- an insertion, if any, would land now
    end
    local function inserted()
      return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n"):find("mathlsp:solution", 1, true)
    end
    vim.wait(env.MATHLSP_NVIM_CANCEL == "1" and 0 or timeout, function()
      return not mathlsp.is_solving() and inserted() ~= nil
    end, 50)
    out.solve = {
      started = started_solving,
      done = not mathlsp.is_solving(),
      text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n"),
    }
  end
  return 0
end

local ok, result = pcall(run)
if not ok then
  out.error = "lua error: " .. tostring(result)
  finish(1)
else
  finish(result)
end
