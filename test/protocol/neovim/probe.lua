-- Run by test/protocol/neovim.test.ts in `nvim --headless --clean`: "Diagnose target TLS" from Neovim's own LSP
-- client, with no VS Code code: ask the server for its code lenses, execute the lens's command, and wait for the
-- probe's diagnostic (source apigee-tls-lint probe). Writes what it saw as JSON.
-- Env besides the harness's: APIGEE_TLS_RESOLVE (JSON object host:port → address).
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')
local resolve = vim.fn.json_decode(vim.env.APIGEE_TLS_RESOLVE)

h.run({
  start = {
    settings = { apigeeTls = { probe = { resolve = resolve } } },
    -- Neovim 0.7 neither pulls settings nor pushes them by itself: as nvim-lspconfig does, push them at init.
    on_init = function(c) c.notify('workspace/didChangeConfiguration', { settings = c.config.settings }) end,
  },
  body = function(buf, client_id)
    local client = vim.lsp.get_client_by_id(client_id)
    vim.wait(h.wait_ms, function() return client.initialized end, 50)
    -- The document is open on the server once its lint arrives (an https URL without SSLInfo is a finding).
    vim.wait(h.wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    local params = { textDocument = vim.lsp.util.make_text_document_params(buf) }
    local lenses = client.request_sync('textDocument/codeLens', params, h.wait_ms, buf)
    if not lenses or lenses.err then error('codeLens failed: ' .. vim.inspect(lenses)) end
    local lens = (lenses.result or {})[1]
    if not lens then return { lenses = 0 } end
    local executed = client.request_sync('workspace/executeCommand', lens.command, h.wait_ms, buf)
    if not executed or executed.err then error('executeCommand failed: ' .. vim.inspect(executed)) end
    local probed = function() return h.diagnostics(buf, 'apigee-tls-lint probe') end
    local arrived = vim.wait(h.wait_ms, function() return #probed() > 0 end, 50)
    local items = {}
    for _, item in ipairs(executed.result.items or {}) do
      table.insert(items, { ok = item.ok, summary = item.summary })
    end
    return { lenses = #lenses.result, title = lens.command.title, items = items, arrived = arrived, diagnostics = probed() }
  end,
})
