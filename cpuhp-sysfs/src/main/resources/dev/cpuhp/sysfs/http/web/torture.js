// Torture from the page: start a run on a machine of its own, watch its counters, stop it.
import * as api from './api.js';
import { esc } from './panel.js';

const POLL_MS = 500;

export class TorturePanel {
  constructor() {
    this.el = (id) => document.getElementById(id);
    this.el('btn-torture-start').onclick = () => this.start();
    this.el('btn-torture-stop').onclick = () => this.stop();
  }

  async init(profiles) {
    this.el('torture-profile').innerHTML = profiles.map((p) =>
      `<option value="${esc(p.name)}">${esc(p.name)} (${p.cpus} CPUs)</option>`).join('');
    this.el('torture-profile').value = 'laptop-4t';
    this.show(await api.get('/api/torture'));
  }

  async start() {
    try {
      this.show(await api.send('POST', '/api/torture', {
        profile: this.el('torture-profile').value,
        seconds: +this.el('torture-seconds').value,
        threads: +this.el('torture-threads').value,
      }));
    } catch (e) {
      this.el('torture-status').innerHTML = `<span class="bad">${esc(e instanceof api.ApiError ? e.describe() : e.message)}</span>`;
    }
  }

  async stop() {
    try {
      this.show(await api.send('DELETE', '/api/torture'));
    } catch (e) {
      this.el('torture-status').innerHTML = `<span class="bad">${esc(e.message)}</span>`;
    }
  }

  show(s) {
    this.el('btn-torture-start').disabled = s.running;
    this.el('btn-torture-stop').disabled = !s.running;
    const status = this.el('torture-status');
    status.dataset.running = String(s.running);
    if (s.profile === undefined) {
      status.textContent = 'No run yet.';
      return;
    }
    const rep = s.report;
    status.innerHTML = s.running
      ? `running on ${esc(s.profile)} with ${s.threads} drivers, ${(s.elapsed_ms / 1000).toFixed(1)} of ${s.seconds} s`
        + (s.stopping ? ' — stopping…' : '')
      : rep ? `ended after ${(s.elapsed_ms / 1000).toFixed(1)} s: `
        + (rep.passed ? '<span class="good">nothing broke</span>'
          : `<span class="bad">${rep.violations} violations, ${rep.stalls.length} stalls</span> — replay: <code>${esc(rep.replay)}</code>`)
        : `<span class="bad">${esc(s.failure || 'ended')}</span>`;
    const rows = [['operations', s.ops], ['violations', s.violations], ['rollbacks', s.rollbacks],
      ['injected failures', s.injected_failures], ['callbacks run', s.callbacks],
      ...Object.entries(s.results || {}).map(([k, v]) => [`result ${k}`, v])];
    this.el('torture-counters').tBodies[0].innerHTML = rows.map(([k, v]) =>
      `<tr><td>${esc(k)}</td><td data-counter="${esc(k)}">${v}</td></tr>`).join('');
    clearTimeout(this.timer);
    if (s.running) {
      this.timer = setTimeout(async () => {
        try { this.show(await api.get('/api/torture')); } catch { /* next poll */ }
      }, POLL_MS);
    }
  }
}
