// Hand-written SVG line charts for the dashboard: no library, no build step.
(function (global) {
  'use strict';
  const NS = 'http://www.w3.org/2000/svg';
  const COLORS = ['#2d6cdf', '#1f8a4c', '#c27c0e', '#c0392b', '#7d3cb5', '#11808c'];

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function label(tags) {
    const parts = Object.entries(tags || {}).map(([k, v]) => v);
    return parts.length ? parts.join(' ') : '';
  }

  function short(v) {
    if (Math.abs(v) >= 1000000) return (v / 1000000).toFixed(1) + 'M';
    if (Math.abs(v) >= 1000) return (v / 1000).toFixed(1) + 'k';
    return Math.abs(v) < 10 && v % 1 !== 0 ? v.toFixed(1) : String(Math.round(v));
  }

  /** series: [{name, tags, points: [[ms, value], ...]}]; from/to: ms. */
  function draw(container, series, from, to, title) {
    container.textContent = '';
    const head = document.createElement('div');
    head.className = 'title';
    head.textContent = title + ' ';
    series.forEach((s, i) => {
      const name = label(s.tags);
      if (name) {
        const key = document.createElement('span');
        key.className = 'legend';
        key.style.color = COLORS[i % COLORS.length];
        key.textContent = '■ ' + name;
        head.appendChild(key);
      }
    });
    container.appendChild(head);
    const W = 600, H = 120, L = 36, R = 8, T = 8, B = 18;
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': title });
    container.appendChild(svg);
    const all = series.flatMap(s => s.points);
    svg.appendChild(el('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
    if (!all.length) {
      svg.appendChild(el('text', { class: 'empty', x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no data yet'));
      return;
    }
    const max = Math.max(1, ...all.map(p => p[1]));
    const x = t => L + (W - L - R) * (t - from) / Math.max(1, to - from);
    const y = v => H - B - (H - B - T) * v / max;
    svg.appendChild(el('text', { class: 'label', x: L - 4, y: T + 8, 'text-anchor': 'end' }, short(max)));
    svg.appendChild(el('text', { class: 'label', x: L - 4, y: H - B, 'text-anchor': 'end' }, '0'));
    [from, (from + to) / 2, to].forEach((t, i) => {
      const d = new Date(t);
      svg.appendChild(el('text', { class: 'label', x: x(t), y: H - 4, 'text-anchor': ['start', 'middle', 'end'][i] },
        d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    });
    series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      const pts = s.points.map(p => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`);
      if (pts.length === 1) {
        svg.appendChild(el('circle', { cx: pts[0].split(',')[0], cy: pts[0].split(',')[1], r: 3, fill: color }));
      } else {
        svg.appendChild(el('polyline', { points: pts.join(' '), fill: 'none', stroke: color, 'stroke-width': 2 }));
      }
    });
  }

  global.HubCharts = { draw };
})(window);
