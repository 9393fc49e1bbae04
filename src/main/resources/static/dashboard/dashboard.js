// The hub dashboard: reads GET /api/woocommerce/dashboard (same login as the page), renders it, refreshes itself
// every refreshSeconds, and resolves conflicts through POST /api/woocommerce/conflicts/{id}/resolve.
(function () {
  'use strict';
  // URLs from location.origin: a page opened as http://user:pass@host/ must not hand credentials to fetch().
  const url = path => new URL(path, window.location.origin).toString();
  let timer = null;
  let loads = 0;
  let refreshSeconds = 30;

  function get(obj, path) {
    return path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
  }

  function format(value, how) {
    if (value === null || value === undefined || value === '') return '–';
    switch (how) {
      case 'percent': return (value * 100).toFixed(1) + ' %';
      case 'ms': return value >= 10000 ? (value / 1000).toFixed(1) + ' s' : Math.round(value) + ' ms';
      case 'time': return new Date(value).toLocaleString();
      default: return String(value);
    }
  }

  function pillClass(value) {
    const v = String(value || '').toLowerCase();
    if (['up', 'completed', 'started', 'closed'].includes(v)) return 'ok';
    if (['degraded', 'half_open', 'running', 'queued', 'warning'].includes(v)) return 'warn';
    if (['down', 'failed', 'open', 'forced_open', 'critical', 'stopped'].includes(v)) return 'bad';
    return '';
  }

  function td(text, cls) {
    const cell = document.createElement('td');
    cell.textContent = text;
    if (cls) cell.className = cls;
    return cell;
  }

  function values(obj) {
    if (!obj || typeof obj !== 'object') return '';
    return Object.entries(obj).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
  }

  function message(text, isError) {
    const box = document.getElementById('message');
    box.textContent = text;
    box.className = 'banner' + (isError ? ' error' : '');
    box.hidden = !text;
  }

  async function fetchJson(path, options) {
    const response = await fetch(url(path), Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options || {}));
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    return { status: response.status, ok: response.ok, body };
  }

  function renderFields(data) {
    document.querySelectorAll('[data-field]').forEach(node => {
      const value = get(data, node.dataset.field);
      node.textContent = format(value, node.dataset.format);
      node.dataset.value = value === null || value === undefined ? '' : String(value);
      if (node.classList.contains('pill')) {
        node.className = 'pill ' + (node.classList.contains('small') ? 'small ' : '') + pillClass(value);
      }
    });
  }

  function renderAlerts(active) {
    const list = document.getElementById('alert-list');
    list.textContent = '';
    active.forEach(a => {
      const li = document.createElement('li');
      li.className = a.severity;
      li.dataset.condition = a.condition;
      const head = document.createElement('div');
      head.innerHTML = '<b></b> <span class="key"></span> <span class="muted"></span>';
      head.children[0].textContent = a.message;
      head.children[1].textContent = a.condition;
      head.children[2].textContent = `${a.severity} · since ${new Date(a.raisedAt).toLocaleString()}`
        + (a.occurrences > 1 ? ` · seen ${a.occurrences}×` : '');
      li.appendChild(head);
      list.appendChild(li);
    });
    document.getElementById('no-alerts').hidden = active.length > 0;
  }

  function renderLastSync(lastSync) {
    const body = document.querySelector('#last-sync tbody');
    body.textContent = '';
    Object.entries(lastSync || {}).forEach(([entity, byDirection]) => {
      Object.entries(byDirection).forEach(([direction, run]) => {
        const tr = document.createElement('tr');
        tr.append(td(entity), td(direction), td(format(run.lastRunAt, 'time')));
        const status = td('');
        const pill = document.createElement('span');
        pill.className = 'pill small ' + pillClass(run.lastStatus);
        pill.textContent = run.lastStatus;
        status.appendChild(pill);
        tr.append(status, td(format(run.lastSuccessAt, 'time')));
        body.appendChild(tr);
      });
    });
  }

  function renderConflicts(items) {
    const body = document.querySelector('#conflict-table tbody');
    body.textContent = '';
    items.forEach(c => {
      const tr = document.createElement('tr');
      tr.dataset.conflictId = c.id;
      const ids = document.createElement('span');
      tr.append(td(String(c.id)), td(`${c.entityType} ${c.wooId ?? ''}${c.nxtId ? ' / ' + c.nxtId : ''}`),
        td(c.type), td((c.fields || []).join(', ') + (c.detail ? ` — ${c.detail}` : '')),
        td(values(c.wooValues)), td(values(c.nxtValues)), td(format(c.createdAt, 'time')));
      const actions = td('');
      [['wc', 'Keep WooCommerce'], ['nxt', 'Keep NXT-ND']].forEach(([resolution, text]) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'resolve';
        b.dataset.resolution = resolution;
        b.dataset.conflictId = c.id;
        b.textContent = text;
        b.addEventListener('click', () => resolve(c.id, resolution, tr));
        actions.appendChild(b);
      });
      tr.appendChild(actions);
      body.appendChild(tr);
    });
    document.getElementById('no-conflicts').hidden = items.length > 0;
  }

  function renderCircuits(circuits) {
    const body = document.querySelector('#circuits tbody');
    body.textContent = '';
    circuits.forEach(c => {
      const tr = document.createElement('tr');
      const state = td('');
      const pill = document.createElement('span');
      pill.className = 'pill small ' + pillClass(c.state);
      pill.textContent = c.state;
      state.appendChild(pill);
      tr.append(td(c.name), state, td(c.failureRate < 0 ? '–' : c.failureRate.toFixed(1) + ' %'), td(String(c.notPermittedCalls)));
      body.appendChild(tr);
    });
    document.getElementById('no-circuits').hidden = circuits.length > 0;
  }

  function renderApi(api) {
    const body = document.querySelector('#api tbody');
    body.textContent = '';
    Object.entries(api || {}).forEach(([system, f]) => {
      const tr = document.createElement('tr');
      tr.dataset.system = system;
      tr.append(td(system === 'woo' ? 'WooCommerce' : system === 'nxt' ? 'NXT-ND' : system), td(String(f.calls)),
        td(String(f.errors)), td(format(f.avgMs, 'ms')), td(format(f.p95Ms, 'ms')));
      body.appendChild(tr);
    });
  }

  function renderCharts(data) {
    const to = new Date(data.generatedAt).getTime();
    const from = to - 24 * 3600 * 1000;
    document.querySelectorAll('.chart[data-series]').forEach(node => {
      const series = (data.charts || []).filter(s => s.name === node.dataset.series);
      window.HubCharts.draw(node, series, from, to, node.dataset.title);
    });
  }

  function render(data) {
    data.alerts.activeCount = data.alerts.active.length;
    renderFields(data);
    renderAlerts(data.alerts.active);
    renderLastSync(data.sync.lastSync);
    renderConflicts(data.conflicts.items);
    renderCircuits(data.system.circuits);
    renderApi(data.system.api);
    renderCharts(data);
  }

  async function load() {
    clearTimeout(timer);
    try {
      const r = await fetchJson('/api/woocommerce/dashboard');
      if (!r.ok) throw new Error((r.body && r.body.message) || ('HTTP ' + r.status));
      refreshSeconds = r.body.refreshSeconds || refreshSeconds;
      // the last reconcile's figures come from their own endpoint (404 until a first run)
      const reconcile = await fetchJson('/api/woocommerce/sync/reconcile/last');
      r.body.reconcile = reconcile.ok ? reconcile.body : null;
      render(r.body);
      document.getElementById('load-error').hidden = true;
    } catch (e) {
      const box = document.getElementById('load-error');
      box.textContent = 'Could not load the dashboard figures: ' + e.message;
      box.hidden = false;
    } finally {
      loads += 1;
      document.body.dataset.loads = String(loads);
      timer = setTimeout(load, refreshSeconds * 1000);
    }
  }

  async function resolve(id, resolution, row) {
    row.querySelectorAll('button').forEach(b => { b.disabled = true; });
    try {
      const r = await fetchJson(`/api/woocommerce/conflicts/${encodeURIComponent(id)}/resolve`, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ resolution })
      });
      if (r.ok) {
        message(`Conflict ${id} resolved (${resolution === 'wc' ? 'WooCommerce' : 'NXT-ND'} kept).`, false);
      } else if (r.status === 409) { // resolved already, superseded by a newer edit, or being resolved
        message(`Conflict ${id} not resolved: ${(r.body && r.body.message) || 'it was resolved or changed meanwhile'}`, true);
      } else {
        message(`Conflict ${id} not resolved: ${(r.body && r.body.message) || 'HTTP ' + r.status}`, true);
      }
    } catch (e) {
      message(`Conflict ${id} not resolved: ${e.message}`, true);
    }
    await load();
  }

  document.getElementById('refresh').addEventListener('click', load);
  load();
})();
