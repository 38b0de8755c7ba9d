-- Run by test/protocol/neovim.test.ts after the README's Neovim 0.7 recipe was loaded as init.lua (`nvim -u`):
-- opens each file of APIGEE_TLS_FILES (JSON array) as a user would, waits for the diagnostics the recipe's client
-- shows in it, and writes them as JSON to APIGEE_TLS_OUT (an error becomes { error = … }, never a hang).
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')

local ok, result = pcall(function()
  local files = vim.fn.json_decode(vim.env.APIGEE_TLS_FILES)
  local out = {}
  for _, file in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local buf = vim.api.nvim_get_current_buf()
    local arrived = vim.wait(h.wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    table.insert(out, { file = file, filetype = vim.bo[buf].filetype, arrived = arrived, diagnostics = h.diagnostics(buf) })
  end
  return out
end)
vim.fn.writefile({ vim.fn.json_encode(ok and { buffers = result } or { error = tostring(result) }) }, vim.env.APIGEE_TLS_OUT)
vim.cmd('qall!')
