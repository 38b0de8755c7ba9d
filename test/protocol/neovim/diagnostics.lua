-- Run by test/protocol/neovim.test.ts in `nvim --headless --clean`: attaches `apigee-tls-lint lsp --stdio` to
-- one file through Neovim's own LSP client, waits for pushed diagnostics and writes them as JSON.
local h = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/harness.lua')

h.run({
  body = function(buf)
    local arrived = vim.wait(h.wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 50)
    return { arrived = arrived, diagnostics = h.diagnostics(buf) }
  end,
})
