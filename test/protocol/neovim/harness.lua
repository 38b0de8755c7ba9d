-- What the Neovim scripts share: read the environment, open the file, start the server through Neovim's own LSP
-- client, and write one JSON result before quitting (an error becomes { error = … }, never a hang).
-- Env: APIGEE_TLS_CMD (the server command, JSON array), APIGEE_TLS_FILE, APIGEE_TLS_OUT, APIGEE_TLS_WAIT_MS.
local M = {}

M.wait_ms = tonumber(vim.env.APIGEE_TLS_WAIT_MS or '20000')

local function finish(result)
  vim.fn.writefile({ vim.fn.json_encode(result) }, vim.env.APIGEE_TLS_OUT)
  vim.cmd('qall!')
end

--- The diagnostics of `buf` as plain tables; `source` filters them when given.
function M.diagnostics(buf, source)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    local from = d.source or lsp.source
    if source == nil or from == source then
      table.insert(found, {
        code = d.code or lsp.code,
        source = from,
        severity = d.severity,
        message = d.message,
        lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      })
    end
  end
  return found
end

--- Opens APIGEE_TLS_FILE, attaches the server (with `config` merged into start_client's), then calls
--- `body(buf, client_id)`, which returns the result to write.
function M.run(config)
  local ok, err = pcall(function()
    local file = vim.env.APIGEE_TLS_FILE
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local buf = vim.api.nvim_get_current_buf()
    local client_id = vim.lsp.start_client(vim.tbl_extend('force', {
      name = 'apigee-tls-lint',
      cmd = vim.fn.json_decode(vim.env.APIGEE_TLS_CMD),
      root_dir = vim.fn.fnamemodify(file, ':h'),
    }, config.start or {}))
    if not client_id then error('start_client failed') end
    vim.lsp.buf_attach_client(buf, client_id)
    local result = config.body(buf, client_id)
    vim.lsp.stop_client(client_id)
    finish(result)
  end)
  if not ok then finish({ error = tostring(err) }) end
end

return M
