// Boot playback: runs a boot through POST /api/boot and replays it on the grid, every run on
// one simulated time axis, with play/pause, speed and a scrubber; the control CPU's waits,
// the lower bound and the critical path's AP are marked.
import * as api from './api.js';
import { COLORS } from './grid.js';
import { esc } from './panel.js';

const ONLINE = 6;
const WAIT_COLORS = { alive: '#edc948', online_idle: '#e15759', ap_thread: '#76b7b2', dead: '#9aa0a6' };
const LANE = 18;
const WAIT_LANE = 14;
const AXIS = 18;
const LEFT = 92;

export class Player {
  /** @param enter called with the boot's topology when playback takes the grid */
  constructor(grid, enter) {
    this.grid = grid;
    this.enter = enter;
    this.el = (id) => document.getElementById(id);
    this.canvas = this.el('timeline');
    this.playing = false;
    this.T = 0;
    this.stats = null;
    this.el('btn-boot').onclick = () => this.boot();
    this.el('btn-play').onclick = () => (this.playing ? this.pause() : this.play());
    this.el('play-run').onchange = () => this.choose(+this.el('play-run').value);
    this.el('scrubber').addEventListener('input', () => {
      this.pause();
      this.seek(+this.el('scrubber').value / 1000 * this.maxSpan);
    });
  }

  /** @param about what GET /api/boot answers: the profiles and strategies to offer */
  init(about) {
    const opts = about.profiles.map((p) => `<option value="${esc(p.name)}">${esc(p.name)} (${p.cpus} CPUs)</option>`);
    this.el('boot-profile').innerHTML = opts.join('');
    this.el('boot-profile').value = about.default_profile;
    this.el('boot-strategies').innerHTML = about.strategies.map((s) =>
      `<label><input type="checkbox" value="${s}" checked> ${s}</label>`).join(' ');
  }

  async boot() {
    const strategies = [...this.el('boot-strategies').querySelectorAll('input:checked')].map((i) => i.value);
    const status = this.el('boot-status');
    this.el('btn-boot').disabled = true;
    status.textContent = 'booting…';
    status.className = 'muted';
    const started = performance.now();
    try {
      const r = await api.send('POST', '/api/boot', { profile: this.el('boot-profile').value, strategies });
      status.textContent = `ran in ${((performance.now() - started) / 1000).toFixed(1)} s of wall time`;
      this.load(r);
    } catch (e) {
      status.textContent = e instanceof api.ApiError ? e.describe() : e.message;
      status.className = 'bad';
    } finally {
      this.el('btn-boot').disabled = false;
    }
  }

  load(r) {
    this.r = r;
    this.maxSpan = Math.max(...r.runs.map((x) => x.playback.span), r.lower_bound ? r.lower_bound.ns : 0);
    this.online = r.runs.map((x) => onlineCurve(x.playback, r.cpus));
    this.el('player').hidden = false;
    this.el('play-run').innerHTML = r.runs.map((x, i) => `<option value="${i}">${esc(x.label)}</option>`).join('');
    const parallel = r.runs.findIndex((x) => x.strategy === 'parallel');
    this.el('play-run').value = String(Math.max(0, parallel));
    this.el('dl-perfetto').href = r.files.perfetto;
    this.el('dl-svg').href = r.files.svg;
    this.summary();
    this.enter(r.topology, `${r.profile}: boot playback`);
    this.choose(Math.max(0, parallel));
  }

  choose(i) {
    this.pause();
    this.run = this.r.runs[i];
    this.runIndex = i;
    this.grid.mark(this.r.lower_bound ? this.r.lower_bound.critical_cpu : -1);
    this.drawStatic();
    this.seek(0);
  }

  /** The grid at simulated time T: changes applied forward, or from the start when going back. */
  seek(T) {
    const p = this.run.playback;
    if (T < this.T || this.idx === undefined || this.appliedRun !== this.run) {
      const init = new Uint8Array(this.r.cpus);
      init[0] = ONLINE; // the boot CPU is up before bringup starts
      this.grid.setAll(init);
      this.idx = 0;
      this.appliedRun = this.run;
    }
    this.T = Math.min(T, p.span);
    let i = this.idx;
    const t = p.t, cpu = p.cpu, ph = p.phase;
    while (i < t.length && t[i] <= this.T) {
      this.grid.set(cpu[i], ph[i]);
      i++;
    }
    if (this.stats) this.stats.changes += i - this.idx;
    this.idx = i;
    this.el('scrubber').value = String(Math.round(this.T / this.maxSpan * 1000));
    const up = countAt(this.online[this.runIndex], this.T);
    this.el('play-time').textContent =
      `${ms(this.T)} ms of ${ms(p.span)} ms  ·  ${up} of ${this.r.cpus} CPUs online`;
    this.el('play-time').dataset.online = String(up);
    this.el('play-time').dataset.done = String(this.T >= p.span);
    this.drawCursor();
  }

  play() {
    const p = this.run.playback;
    if (this.T >= p.span) this.seek(0);
    this.playing = true;
    this.el('btn-play').textContent = 'Pause';
    const speed = +this.el('play-speed').value;
    this.stats = { speed, span_ms: p.span / 1e6, frames: 0, max_gap_ms: 0, changes: 0, started: performance.now(), from: this.T };
    let last = performance.now();
    const tick = (now) => {
      if (!this.playing) return;
      const gap = now - last;
      last = now;
      this.stats.frames++;
      this.stats.max_gap_ms = Math.max(this.stats.max_gap_ms, gap);
      this.seek(this.T + gap * 1e6 * speed);
      if (this.T >= p.span) {
        this.stats.wall_ms = performance.now() - this.stats.started;
        this.stats.ideal_ms = (p.span - this.stats.from) / 1e6 / speed;
        window.cpuhpStats.playback = this.stats;
        this.pause();
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  }

  pause() {
    this.playing = false;
    this.el('btn-play').textContent = 'Play';
  }

  summary() {
    const r = this.r, lb = r.lower_bound;
    const rows = r.runs.map((x) => `<tr><td>${esc(x.strategy)}</td><td>${ms(x.total_ns)} ms</td>`
      + `<td>${ms(x.control_wait_ns)} ms (${(100 * x.control_wait_ns / x.total_ns).toFixed(1)}%)</td>`
      + `<td>${ms(x.prepare_ns)} ms</td><td>${lb ? (x.total_ns / lb.ns).toFixed(2) + '×' : '-'}</td>`
      + `<td>${x.cpus_up}</td></tr>`);
    const crit = lb ? `<p>Lower bound <b>${ms(lb.ns)} ms</b> (red line): ${ms(lb.prepare_ns)} ms of prepare steps, `
      + `serial on the control CPU, until the critical AP is kicked, then <b>CPU ${lb.critical_cpu}</b>'s own `
      + `${ms(lb.critical_tail_ns)} ms (outlined in red): the critical path.</p>` : '';
    const lane = Object.entries(WAIT_COLORS).map(([k, c]) =>
      `<span style="color:${c}">■</span> ${k.replace('_', '-')}`).join(' ');
    this.el('boot-summary').innerHTML = `<p class="muted">Lanes: CPUs online over time per run; the played `
      + `run's control CPU waiting for an AP: ${lane}.</p><table><tr><th>strategy</th><th>bringup</th><th>control CPU waited</th>`
      + `<th>prepare</th><th>vs bound</th><th>CPUs up</th></tr>${rows.join('')}</table>${crit}`;
  }

  /** Lanes: CPUs online over time per run, the played run's control-CPU waits, the bound. */
  drawStatic() {
    const r = this.r;
    const width = Math.max(300, this.canvas.parentElement.clientWidth - 2);
    const height = AXIS + LANE * r.runs.length + WAIT_LANE + 8;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.height = height + 'px';
    const off = document.createElement('canvas');
    off.width = this.canvas.width;
    off.height = this.canvas.height;
    const c = off.getContext('2d');
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.fillStyle = '#fff';
    c.fillRect(0, 0, width, height);
    c.font = '11px system-ui, sans-serif';
    const x = (t) => LEFT + (t / this.maxSpan) * (width - LEFT - 8);
    this.x = x;
    r.runs.forEach((run, i) => {
      const y = i * LANE;
      c.fillStyle = i === this.runIndex ? '#000' : '#666';
      c.fillText(run.strategy, 4, y + 12);
      c.fillStyle = '#f1f3f5';
      c.fillRect(x(0), y + 2, x(run.playback.span) - x(0), LANE - 4);
      const curve = this.online[i];
      c.fillStyle = COLORS[ONLINE];
      for (let k = 0; k < curve.t.length; k++) {
        const t0 = curve.t[k], t1 = k + 1 < curve.t.length ? curve.t[k + 1] : run.playback.span;
        const h = (LANE - 4) * curve.n[k] / r.cpus;
        c.fillRect(x(t0), y + LANE - 2 - h, Math.max(0.5, x(t1) - x(t0)), h);
      }
    });
    const wy = r.runs.length * LANE + 2;
    c.fillStyle = '#000';
    c.fillText('control CPU', 4, wy + 10);
    const p = this.run.playback;
    for (const [s, e, kind] of p.waits) {
      c.fillStyle = WAIT_COLORS[p.wait_kinds[kind]] || '#999';
      c.fillRect(x(s), wy, Math.max(0.5, x(e) - x(s)), WAIT_LANE - 2);
    }
    const ay = wy + WAIT_LANE + 2;
    c.strokeStyle = '#333';
    c.beginPath();
    c.moveTo(x(0), ay);
    c.lineTo(x(this.maxSpan), ay);
    c.stroke();
    const step = niceStep(this.maxSpan / 1e6 / 8);
    c.fillStyle = '#333';
    for (let t = 0; t <= this.maxSpan / 1e6 + 1e-9; t += step) {
      c.fillRect(x(t * 1e6), ay, 1, 4);
      c.fillText(`${+t.toFixed(3)} ms`, x(t * 1e6) - 10, ay + 15);
    }
    if (r.lower_bound) {
      c.strokeStyle = '#d0021b';
      c.setLineDash([4, 3]);
      c.beginPath();
      c.moveTo(x(r.lower_bound.ns), 0);
      c.lineTo(x(r.lower_bound.ns), ay);
      c.stroke();
      c.setLineDash([]);
    }
    this.background = off;
  }

  drawCursor() {
    if (!this.background) return;
    const c = this.canvas.getContext('2d');
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.drawImage(this.background, 0, 0);
    const dpr = window.devicePixelRatio || 1;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.fillStyle = '#1a73e8';
    c.fillRect(this.x(this.T) - 1, 0, 2, this.canvas.height / dpr - AXIS + 2);
  }
}

/** CPUs online over time, as steps: n[k] from t[k] on. */
function onlineCurve(p, cpus) {
  const t = [0], n = [1];
  const phase = new Uint8Array(cpus);
  phase[0] = ONLINE;
  let up = 1;
  for (let i = 0; i < p.t.length; i++) {
    const was = phase[p.cpu[i]] === ONLINE, is = p.phase[i] === ONLINE;
    phase[p.cpu[i]] = p.phase[i];
    if (was === is) continue;
    up += is ? 1 : -1;
    if (t[t.length - 1] === p.t[i]) n[n.length - 1] = up;
    else { t.push(p.t[i]); n.push(up); }
  }
  return { t, n };
}

function countAt(curve, T) {
  let lo = 0, hi = curve.t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (curve.t[mid] <= T) lo = mid; else hi = mid - 1;
  }
  return curve.n[lo];
}

function ms(ns) {
  return (ns / 1e6).toFixed(2);
}

function niceStep(raw) {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
