// The capture view's script (runs in the webview; plain JS, no dependencies). Every string of the report comes
// from a capture file and is inserted as text (textContent / text nodes), never as HTML.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const connectionsSection = /** @type {HTMLElement} */ (document.getElementById('connections'));
  const details = /** @type {HTMLElement} */ (document.getElementById('details'));
  const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));
  /** @type {any} */
  let report = null;
  let selected = 0;

  const { el, clear } = window.apigeeTlsDom;

  /** As server/src/shared/plural.ts: "1 TLS connection", "2 TLS connections". */
  function counted(n, one) {
    return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
  }

  function verdictOf(c) {
    if (!c.ok) return { text: 'fails', cls: 'fail' };
    return c.causes.length > 0 ? { text: 'works, with warnings', cls: 'warn' } : { text: 'works', cls: 'ok' };
  }

  function renderConnections() {
    clear(connectionsSection);
    if (report.connections.length === 0) {
      connectionsSection.append(el('p', { class: 'empty' }, 'No TLS handshake in this capture.'));
      return;
    }
    const rows = report.connections.map((c, i) => {
      const verdict = verdictOf(c);
      const row = el(
        'tr',
        { class: i === selected ? 'selected' : '', tabindex: 0, 'data-index': i, 'aria-selected': i === selected },
        el('td', {}, String(i + 1)),
        el('td', {}, `${c.client} → ${c.server}`),
        el('td', {}, c.sni === null ? '(no SNI)' : c.sni),
        el(
          'td',
          { class: `verdict ${verdict.cls}` },
          verdict.text,
          c.decrypted === true
            ? el('span', { class: 'decrypted', title: 'the key log opened this TLS 1.3 handshake' }, ' · decrypted')
            : null,
        ),
        el(
          'td',
          {},
          c.causes
            .filter((k) => k.severity === 'error')
            .map((k) => k.code)
            .join(', '),
        ),
      );
      row.addEventListener('click', () => select(i));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') select(i);
      });
      return row;
    });
    connectionsSection.append(
      el(
        'table',
        { class: 'connections' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['#', 'Client → server', 'SNI', 'Verdict', 'Causes'].map((h) => el('th', {}, h)),
          ),
        ),
        el('tbody', {}, rows),
      ),
    );
  }

  function ladderOf(c) {
    const rows = c.ladder.map((step) =>
      el(
        'div',
        { class: `rung ${step.from === 'client' ? 'to-server' : 'to-client'}${step.decisive ? ' decisive' : ''}` },
        el('span', { class: 'time' }, `+${step.atMs.toFixed(3)} ms`),
        el('span', { class: 'lane' }, el('span', { class: 'arrow' }, el('span', { class: 'label' }, step.label))),
        step.decisive ? el('span', { class: 'mark', title: 'the message the verdict turns on' }, 'decisive') : null,
      ),
    );
    return el(
      'div',
      { class: 'ladder', role: 'list' },
      el(
        'div',
        { class: 'ends' },
        el('span', { class: 'time' }),
        el('span', { class: 'end client' }, `client ${c.client}`),
        el('span', { class: 'end server' }, `server ${c.server}`),
      ),
      rows.length > 0 ? rows : el('p', { class: 'empty' }, 'No TLS record of this connection is in the capture.'),
    );
  }

  function causesOf(c) {
    if (c.causes.length === 0) return el('p', { class: 'ok' }, 'The handshake completed: nothing to fix.');
    return el(
      'ul',
      { class: 'causes' },
      c.causes.map((cause) => {
        const link = el('a', { href: '#', class: 'doc', title: 'What this cause means (docs/probe.md)' }, cause.code);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          vscode.postMessage({ type: 'openDoc', code: cause.code });
        });
        return el(
          'li',
          { class: cause.severity },
          el('div', {}, el('span', { class: 'severity' }, cause.severity), ' ', link),
          el('p', {}, cause.message),
          el('p', { class: 'fix' }, el('strong', {}, 'Fix: '), cause.fix),
        );
      }),
    );
  }

  function parametersOf(c) {
    const row = (name, ...value) => el('tr', {}, el('th', {}, name), el('td', {}, ...value));
    const rows = [
      ...(c.decrypted === true ? [row('Key log', 'opened this TLS 1.3 handshake: read decrypted')] : []),
      row('Offered versions', c.offered.versions.join(', ') || '(none)'),
      row('SNI', c.offered.sni === null ? '(none)' : c.offered.sni),
      row(
        'Offered suites',
        el(
          'details',
          {},
          el('summary', {}, `${c.offered.suites.length} suites`),
          el(
            'ul',
            { class: 'suites' },
            c.offered.suites.map((s) => el('li', {}, s)),
          ),
        ),
      ),
      row('Chosen', c.negotiated === null ? '(no ServerHello, or none in clear)' : `${c.negotiated.protocol}, ${c.negotiated.cipher}`),
    ];
    if (c.offered.sslv2Format) rows.push(row('Hello format', 'SSLv2-compatible ClientHello'));
    for (const a of c.alerts) rows.push(row('Alert', `${a.from}: ${a.level ?? 'encrypted'} ${a.description ?? ''}`.trim()));
    c.chain.forEach((entry, i) =>
      rows.push(
        row(i === 0 ? 'Chain' : '', `${i} ${entry.subject} (issuer ${entry.issuer}; until ${String(entry.notAfter).slice(0, 10)})`),
      ),
    );
    if (c.closedBy !== null)
      rows.push(row('Closed', `by the ${c.closedBy.side} (${c.closedBy.how === 'rst' ? 'reset' : 'FIN'}) at ${c.closedBy.at}`));
    return el('table', { class: 'parameters' }, el('tbody', {}, rows));
  }

  function renderDetails() {
    clear(details);
    const c = report.connections[selected];
    if (c === undefined) return;
    const verdict = verdictOf(c);
    details.append(
      el('h2', {}, `${c.client} → ${c.server} `, el('span', { class: `verdict ${verdict.cls}` }, verdict.text)),
      el('p', { class: 'started' }, `Started ${c.startedAt}`),
      el('h3', {}, 'Causes'),
      causesOf(c),
      el('h3', {}, 'Handshake'),
      ladderOf(c),
      el('h3', {}, 'Parameters'),
      parametersOf(c),
    );
  }

  function texts(selector) {
    return Array.from(document.querySelectorAll(selector), (n) => (n.textContent || '').replace(/\s+/g, ' ').trim());
  }

  function rendered(state) {
    const decisive = document.querySelector('.rung.decisive .label');
    vscode.postMessage({
      type: 'rendered',
      rendered: {
        state,
        text: (document.body.textContent || '').replace(/\s+/g, ' ').trim(),
        connections: Array.from(document.querySelectorAll('table.connections tbody tr'), (row) =>
          Array.from(/** @type {HTMLTableRowElement} */ (row).cells, (cell) => cell.textContent).join(' | '),
        ),
        selected,
        ladder: texts('.rung .label'),
        decisive: decisive === null ? null : decisive.textContent,
        causes: texts('ul.causes > li .doc'),
      },
    });
  }

  /** "Open with a key log…": the extension asks for the file, then reads the capture again with it. */
  function keyLogButton() {
    const button = el('button', { class: 'keylog' }, 'Open with a key log…');
    button.addEventListener('click', () => vscode.postMessage({ type: 'openKeyLog' }));
    return button;
  }

  function select(index) {
    if (report === null || index < 0 || index >= report.connections.length) return;
    selected = index;
    vscode.setState({ selected });
    renderConnections();
    renderDetails();
    rendered('report');
  }

  function showReport(next) {
    report = next;
    // Counted over every connection judged, listed or not (the report lists the first 10,000 failing at most).
    const parts = [
      `${report.format}, ${counted(report.packets, 'packet')}`,
      `${counted(report.tlsConnections, 'TLS connection')}, ${report.failed} failed`,
    ];
    if (report.keylog) parts.push(`Key log: opened ${counted(report.keylog.unlocked, 'TLS 1.3 handshake')}`);
    summary.textContent = parts.join('; ');
    if (report.truncation !== null) summary.append(el('span', { class: 'truncated' }, ` Truncated: ${report.truncation}`));
    if (report.skippedSummary !== null) summary.append(el('span', { class: 'skipped' }, ` Skipped: ${report.skippedSummary}.`));
    summary.append(' ', keyLogButton());
    const saved = vscode.getState();
    const first = report.connections.findIndex((c) => !c.ok);
    selected = saved && saved.selected < report.connections.length ? saved.selected : Math.max(0, first);
    renderConnections();
    renderDetails();
    rendered('report');
  }

  function showError(message, code) {
    report = null;
    clear(connectionsSection);
    clear(details);
    summary.textContent = code === 'cancelled' ? 'Cancelled.' : `Cannot read this capture: ${message}`;
    const again = el('button', {}, 'Read again');
    again.addEventListener('click', () => vscode.postMessage({ type: 'retry' }));
    connectionsSection.append(again);
    // A key log that cannot be read: another one can be picked.
    if (code === 'bad-keylog-file') connectionsSection.append(' ', keyLogButton());
    rendered('error');
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'progress') {
      summary.textContent = `Reading the capture… ${message.percent}%`;
      rendered('progress');
    } else if (message.type === 'report') showReport(message.report);
    else if (message.type === 'error') showError(message.message, message.code);
    else if (message.type === 'select') select(message.index);
  });
  vscode.postMessage({ type: 'ready' });
})();
