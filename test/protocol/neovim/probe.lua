-- Run by test/protocol/neovim.test.ts in `nvim --headless --clean`: "Diagnose target TLS" from Neovim's own LSP
-- client, with no VS Code code: ask the server for its code lenses, execute the lens's command, and wait for the
-- probe's diagnostic (source apigee-tls-probe). Writes what it saw as JSON.
-- Env: APIGEE_TLS_CMD (the server command, JSON array), APIGEE_TLS_FILE, APIGEE_TLS_OUT, APIGEE_TLS_RESOLVE (JSON
-- object host:port → address), APIGEE_TLS_WAIT_MS.
local cmd = vim.fn.json_decode(vim.env.APIGEE_TLS_CMD)
local file = vim.env.APIGEE_TLS_FILE
local out = vim.env.APIGEE_TLS_OUT
local resolve = vim.fn.json_decode(vim.env.APIGEE_TLS_RESOLVE)
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
    settings = { apigeeTls = { probe = { resolve = resolve } } },
    -- Neovim 0.7 neither pulls settings nor pushes them by itself: as nvim-lspconfig does, push them at init.
    on_init = function(c) c.notify('workspace/didChangeConfiguration', { settings = c.config.settings }) end,
  })
  if not client_id then error('start_client failed') end
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  vim.wait(wait_ms, function() return client.initialized end, 50)
  -- The document is open on the server once its lint arrives (an https URL without SSLInfo is a finding).
  vim.wait(wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local lenses = client.request_sync('textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params(buf) }, wait_ms, buf)
  if not lenses or lenses.err then error('codeLens failed: ' .. vim.inspect(lenses)) end
  local lens = (lenses.result or {})[1]
  if not lens then finish({ lenses = 0 }) return end
  local executed = client.request_sync('workspace/executeCommand', lens.command, wait_ms, buf)
  if not executed or executed.err then error('executeCommand failed: ' .. vim.inspect(executed)) end
  local function probe_diagnostics()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data or {}).lsp or {}
      local source = d.source or lsp.source
      if source == 'apigee-tls-probe' then
        table.insert(found, { code = d.code or lsp.code, message = d.message, lnum = d.lnum, col = d.col })
      end
    end
    return found
  end
  local arrived = vim.wait(wait_ms, function() return #probe_diagnostics() > 0 end, 50)
  local items = {}
  for _, item in ipairs(executed.result.items or {}) do
    table.insert(items, { ok = item.ok, summary = item.summary })
  end
  local title = lens.command.title
  vim.lsp.stop_client(client_id)
  finish({ lenses = #lenses.result, title = title, items = items, arrived = arrived, diagnostics = probe_diagnostics() })
end)
if not ok then finish({ error = tostring(err) }) end
