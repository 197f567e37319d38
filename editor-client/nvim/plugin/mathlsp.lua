-- User commands for mathlsp; the server starts once require("mathlsp").setup{...} is called.
if vim.g.loaded_mathlsp then
  return
end
vim.g.loaded_mathlsp = 1

local function mathlsp()
  return require("mathlsp")
end

vim.api.nvim_create_user_command("MathlspSolve", function(args)
  local range = nil
  if args.range > 0 then
    local last = vim.api.nvim_buf_get_lines(0, args.line2 - 1, args.line2, false)[1] or ""
    range = { start = { args.line1, 0 }, ["end"] = { args.line2, #last } }
  end
  mathlsp().solve({ range = range })
end, { range = true, desc = "mathlsp: solve the problem at the cursor (or in the range) and insert the solution" })

vim.api.nvim_create_user_command("MathlspCheck", function()
  mathlsp().check()
end, { desc = "mathlsp: check the current buffer again" })

vim.api.nvim_create_user_command("MathlspCancel", function()
  mathlsp().cancel()
end, { desc = "mathlsp: cancel the running solve" })

vim.api.nvim_create_user_command("MathlspRestart", function()
  mathlsp().restart()
end, { desc = "mathlsp: restart the language server" })
