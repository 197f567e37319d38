-- mathlsp for Neovim: starts `mathlsp serve` for markdown, tex and plaintex buffers, passes
-- `settings` through (answering workspace/configuration), and runs the server's
-- "Solve with <model>" code action and its check. Neovim 0.7 (vim.lsp.start_client +
-- buf_attach_client) and 0.8+ (vim.lsp.start).
local M = {}

local SOLVE = "mathlsp.solve"
local CANCEL = "mathlsp.cancelSolve"
local CHECK = "mathlsp.check"

local defaults = {
  name = "mathlsp",
  cmd = { "mathlsp", "serve" },
  filetypes = { "markdown", "tex", "plaintex" },
  root_markers = { ".git", "pyproject.toml" },
  settings = { mathlsp = vim.empty_dict() },
  capabilities = nil,
  on_attach = nil,
  on_init = nil,
  autostart = true,
}

M.config = vim.deepcopy(defaults)

local clients_by_root = {} -- 0.7 only: root_dir -> client id, so buffers share one server
local solving = nil -- { client = client, request_id = n, token = s, args = list }

-- Client methods became `client:method()` in 0.11 (the `client.method()` form is deprecated
-- there); 0.7 only has the plain functions. One place decides which form to call.
local METHOD_CALLS = vim.fn.has("nvim-0.11") == 1

local function call(client, method, ...)
  if METHOD_CALLS then
    return client[method](client, ...)
  end
  return client[method](...)
end

local function clients(filter)
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients(filter)
  end
  return filter and filter.bufnr and vim.lsp.buf_get_clients(filter.bufnr) or vim.lsp.get_active_clients()
end

local function notify(message, level)
  vim.notify("mathlsp: " .. message, level or vim.log.levels.INFO)
end

local function root_dir(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local start = path ~= "" and vim.fn.fnamemodify(path, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, start .. ";")
    if found == "" then
      found = vim.fn.findfile(marker, start .. ";")
    end
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h:h")
    end
  end
  return start
end

-- The server reports a solve's progress (tokens so far, thinking or answering) on a token it
-- creates; while a solve runs here, its reports are echoed and the token kept for :MathlspCancel.
local function progress_handler(previous)
  return function(err, result, ctx, config)
    local token = result and result.token
    if solving and type(token) == "string" and token:find("^mathlsp%-solve") and result.value then
      solving.progress_tokens[token] = true
      local value = result.value
      local text = value.message or value.title or value.kind
      if value.kind ~= "end" and text then
        solving.progress = text
        vim.api.nvim_echo({ { "mathlsp: " .. text, "ModeMsg" } }, false, {})
      end
    end
    if previous then
      return previous(err, result, ctx, config)
    end
  end
end

local function client_config(bufnr)
  local cfg = M.config
  local capabilities = vim.deepcopy(cfg.capabilities or vim.lsp.protocol.make_client_capabilities())
  -- 0.7 answers workspace/configuration from `settings` but does not announce it, and does
  -- not push `settings` after initializing: do both so the server sees them.
  capabilities.workspace = capabilities.workspace or {}
  capabilities.workspace.configuration = true
  return {
    name = cfg.name,
    cmd = cfg.cmd,
    root_dir = root_dir(bufnr),
    settings = cfg.settings,
    capabilities = capabilities,
    on_attach = cfg.on_attach,
    on_init = function(client)
      if not vim.lsp.start then
        call(client, "notify", "workspace/didChangeConfiguration", { settings = cfg.settings })
      end
      if cfg.on_init then
        return cfg.on_init(client)
      end
    end,
    handlers = { ["$/progress"] = progress_handler(vim.lsp.handlers["$/progress"]) },
  }
end

local function cmd_missing()
  local exe = M.config.cmd[1]
  if type(exe) == "string" and vim.fn.executable(exe) == 0 then
    notify(
      ("cannot start `%s`: not found or not executable. Install it (`pip install mathlsp`, or "
        .. "`pip install -e .` in a checkout) and pass its full path: "
        .. "require('mathlsp').setup{cmd = {'/path/to/.venv/bin/mathlsp', 'serve'}}"):format(exe),
      vim.log.levels.ERROR
    )
    return true
  end
  return false
end

--- The mathlsp client attached to `bufnr` (default: current buffer), or nil.
function M.get_client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  for _, client in pairs(clients({ bufnr = bufnr })) do
    if client.name == M.config.name then
      return client
    end
  end
  return nil
end

--- Starts (or reuses) the server for `bufnr` and attaches it; returns the client id or nil.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= "" or cmd_missing() then
    return nil
  end
  local config = client_config(bufnr)
  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root_dir
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or call(client, "is_stopped") then
    id = vim.lsp.start_client(config)
    if not id then
      notify("the server did not start; see :LspLog", vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function supports(client, command)
  local provider = client.server_capabilities and client.server_capabilities.executeCommandProvider
    or (client.resolved_capabilities and client.resolved_capabilities.execute_command and {})
  return provider and vim.tbl_contains(provider.commands or {}, command)
end

--- The server's solve command among code actions (CodeAction or bare Command), or nil.
function M.pick_solve(actions)
  for _, action in ipairs(actions or {}) do
    local command = action.command
    if type(command) == "table" and command.command == SOLVE then
      return command
    elseif command == SOLVE then
      return action
    end
  end
  return nil
end

--- Solves the problem at the cursor (or in `range`: {start={l,c}, end={l,c}}, 0-based);
--- calls `on_done(err, result)` when the server has answered.
function M.solve(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.get_client(bufnr)
  if not client then
    return notify("no mathlsp server for this buffer", vim.log.levels.WARN)
  end
  if solving then
    return notify("a solve is already running; :MathlspCancel stops it", vim.log.levels.WARN)
  end
  local encoding = client.offset_encoding
  local params = opts.range
      and vim.lsp.util.make_given_range_params(opts.range.start, opts.range["end"], bufnr, encoding)
    or vim.lsp.util.make_range_params(0, encoding)
  params.context = { diagnostics = {}, triggerKind = 1 }
  call(client, "request", "textDocument/codeAction", params, function(err, actions)
    local command = not err and M.pick_solve(actions)
    if not command then
      notify(err and ("code actions failed: " .. tostring(err.message or err))
        or "no problem at the cursor (put it inside a Problem/Exercise/\\item, or select the text)",
        vim.log.levels.WARN)
      return
    end
    local token = ("mathlsp-solve-%d"):format(vim.loop.hrtime())
    local request = { command = command.command, arguments = command.arguments, workDoneToken = token }
    local ok, request_id = call(client, "request", "workspace/executeCommand", request, function(solve_err, result)
      solving = nil
      if solve_err then
        notify("solve failed: " .. tostring(solve_err.message or solve_err), vim.log.levels.ERROR)
      else
        vim.api.nvim_echo({ { "mathlsp: solved", "ModeMsg" } }, false, {})
      end
      if opts.on_done then
        opts.on_done(solve_err, result)
      end
    end, bufnr)
    if ok then
      solving = {
        client = client,
        request_id = request_id,
        token = token,
        args = command.arguments or {},
        progress_tokens = {},
        progress = nil,
      }
      vim.api.nvim_echo({ { "mathlsp: " .. command.title .. "…", "ModeMsg" } }, false, {})
    end
  end, bufnr)
end

--- True while a solve started here is running.
function M.is_solving()
  return solving ~= nil
end

--- The last progress message of the running solve (e.g. "thinking, 12 tokens"), or nil.
function M.solve_progress()
  return solving and solving.progress
end

--- Cancels the running solve: `$/cancelRequest` and the server's `mathlsp.cancelSolve`.
function M.cancel()
  if not solving then
    return notify("no solve is running")
  end
  local current = solving
  solving = nil
  call(current.client, "cancel_request", current.request_id)
  for token in pairs(current.progress_tokens) do
    call(current.client, "notify", "window/workDoneProgress/cancel", { token = token })
  end
  if supports(current.client, CANCEL) then
    local cancel = { command = CANCEL, arguments = current.args }
    call(current.client, "request", "workspace/executeCommand", cancel, function() end)
  end
  notify("solve cancelled")
end

--- Checks the current buffer again: the server's check command, else a fresh pull (0.10+),
--- else a close and re-open (the server checks at once on open).
function M.check()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.get_client(bufnr)
  if not client then
    return notify("no mathlsp server for this buffer", vim.log.levels.WARN)
  end
  local uri = vim.uri_from_bufnr(bufnr)
  if supports(client, CHECK) then
    local check = { command = CHECK, arguments = { uri } }
    call(client, "request", "workspace/executeCommand", check, function() end, bufnr)
    return
  end
  if client.server_capabilities.diagnosticProvider and vim.lsp.handlers["textDocument/diagnostic"] then
    -- 0.10+ pulls diagnostics (and the server then does not push): pull them again.
    call(client, "request", "textDocument/diagnostic", { textDocument = { uri = uri } }, nil, bufnr)
    return
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
  call(client, "notify", "textDocument/didClose", { textDocument = { uri = uri } })
  call(client, "notify", "textDocument/didOpen", {
    textDocument = {
      uri = uri,
      languageId = vim.bo[bufnr].filetype,
      version = vim.lsp.util.buf_versions[bufnr] or 0,
      text = text,
    },
  })
end

--- Stops every mathlsp client; buffers are attached again on their next FileType event.
function M.stop()
  for _, client in pairs(clients({ name = M.config.name })) do
    if client.name == M.config.name then
      call(client, "stop")
    end
  end
  clients_by_root = {}
end

function M.restart()
  M.stop()
  vim.defer_fn(function()
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        M.attach(bufnr)
      end
    end
  end, 500)
end

--- setup{cmd=..., settings={mathlsp={...}}, filetypes=..., on_attach=..., capabilities=...}
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  for _, key in ipairs({ "cmd", "filetypes", "root_markers" }) do
    if opts and opts[key] then -- lists are replaced, not merged
      M.config[key] = opts[key]
    end
  end
  if next(M.config.settings.mathlsp or {}) == nil then
    M.config.settings.mathlsp = vim.empty_dict() -- sent as {} (an empty Lua table is [] in JSON)
  end
  local group = vim.api.nvim_create_augroup("mathlsp", { clear = true })
  if M.config.autostart then
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.config.filetypes,
      callback = function(args)
        M.attach(args.buf)
      end,
    })
    for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
        M.attach(bufnr)
      end
    end
  end
end

return M
