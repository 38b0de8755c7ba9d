-- Run by test/protocol/neovim.test.ts in `nvim --headless --clean`: attaches `apigee-tls-lint lsp --stdio` to
-- one file through Neovim's own LSP client, waits for pushed diagnostics and writes them as JSON.
-- Env: APIGEE_TLS_CMD (the server command, JSON array), APIGEE_TLS_FILE, APIGEE_TLS_OUT, APIGEE_TLS_WAIT_MS.
local cmd = vim.fn.json_decode(vim.env.APIGEE_TLS_CMD)
local file = vim.env.APIGEE_TLS_FILE
local out = vim.env.APIGEE_TLS_OUT
local wait_ms = tonumber(vim.env.APIGEE_TLS_WAIT_MS or '20000')

local function finish(result)
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'apigee-tls-lint',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  if not client_id then error('start_client failed') end
  vim.lsp.buf_attach_client(buf, client_id)
  local arrived = vim.wait(wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(diagnostics, {
      code = d.code or lsp.code,
      source = d.source or lsp.source,
      severity = d.severity,
      message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  vim.lsp.stop_client(client_id)
  finish({ arrived = arrived, diagnostics = diagnostics })
end)
if not ok then finish({ error = tostring(err) }) end
