// The clients report's script (runs in the webview; plain JS, no dependencies): the clients × verdict table, grouped
// by verdict, failing groups first with the fix beside each. Every string of the report comes from the network (a
// certificate's names, a server's answer) and is inserted as text (text nodes), never as HTML.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
  const serverSection = /** @type {HTMLElement} */ (document.getElementById('server'));
  const groupsSection = /** @type {HTMLElement} */ (document.getElementById('groups'));

  const { el, clear } = window.apigeeTlsDom;

  function renderServer(report) {
    clear(serverSection);
    const s = report.server;
    const t = report.target;
    const row = (name, value) => el('tr', {}, el('th', {}, name), el('td', {}, value));
    const rows = [row('Front door', `${t.host}:${t.port} (${t.address || 'unresolved'}, SNI ${t.sni === null ? 'none' : t.sni})`)];
    if (s === null) rows.push(row('Unreachable', report.unreachable || 'no answer'));
    else {
      const protocols = s.protocols.map((p) => (s.order[p] === undefined ? p : `${p} (${s.order[p]} order wins)`));
      rows.push(row('Protocols', protocols.join(', ') || 'none the probe speaks'), row('Groups', s.groups.join(', ') || 'none found'));
      if (s.certificate !== null) {
        const c = s.certificate;
        rows.push(
          row(
            'Certificate',
            `${c.subject || '?'} for ${c.names}${c.coversHost ? '' : ' (does not cover the host)'}, expires ${c.expires || '?'}`,
          ),
        );
      }
      if (s.clientCertificateRequested) rows.push(row('Client certificate', 'asked for'));
    }
    rows.push(row('Clients', `${report.clients.length} (${report.clientSet} set)`));
    serverSection.append(el('table', { class: 'server' }, el('tbody', {}, rows)));
  }

  function renderGroups(report) {
    clear(groupsSection);
    const byId = new Map(report.clients.map((c) => [c.id, c]));
    for (const group of report.groups) {
      const members = group.clients.map((id) => byId.get(id)).filter(Boolean);
      const rows = members.map((c) =>
        el(
          'tr',
          { 'data-client': c.id },
          el('td', { class: 'name' }, c.name),
          el('td', { class: 'id' }, c.id),
          el('td', {}, c.ok ? `${c.protocol} ${c.cipher}${c.group === null ? '' : ` (${c.group})`}` : c.message || ''),
        ),
      );
      groupsSection.append(
        el(
          'div',
          { class: `group ${group.ok ? 'ok' : 'fail'}`, 'data-verdict': group.ok ? 'connects' : 'fails' },
          el(
            'h2',
            {},
            el('span', { class: 'mark' }, group.ok ? '✓ connects' : '✗ fails'),
            ' ',
            el('span', { class: 'label' }, group.label),
            el('span', { class: 'count' }, ` · ${members.length} client${members.length === 1 ? '' : 's'}`),
          ),
          el(
            'div',
            { class: 'body' },
            el('table', { class: 'clients' }, el('tbody', {}, rows)),
            group.ok ? null : el('p', { class: 'fix' }, el('strong', {}, 'Fix: '), group.fix || ''),
          ),
        ),
      );
    }
  }

  function rendered(state) {
    vscode.postMessage({
      type: 'rendered',
      rendered: {
        state,
        text: (document.body.textContent || '').replace(/\s+/g, ' ').trim(),
        groups: Array.from(document.querySelectorAll('.group'), (g) => {
          const verdict = g.getAttribute('data-verdict');
          const label = (g.querySelector('.label') || {}).textContent;
          const ids = Array.from(g.querySelectorAll('tr'), (r) => r.getAttribute('data-client'));
          return `${verdict} ${label}: ${ids.join(', ')}`;
        }),
        fixes: Array.from(document.querySelectorAll('.group.fail .fix'), (f) => (f.textContent || '').replace(/^Fix: /, '')),
      },
    });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'report') {
      const report = message.report;
      const failing = report.clients.filter((c) => !c.ok).length;
      summary.textContent =
        report.server === null
          ? 'The front door could not be reached.'
          : `${failing} of ${report.clients.length} clients cannot connect · ${report.elapsedMs} ms`;
      summary.className = failing > 0 || report.server === null ? 'fail' : 'ok';
      renderServer(report);
      renderGroups(report);
      rendered('report');
    } else if (message.type === 'error') {
      clear(serverSection);
      clear(groupsSection);
      summary.textContent = `Cannot diagnose the clients: ${message.message}`;
      summary.className = 'fail';
      rendered('error');
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
