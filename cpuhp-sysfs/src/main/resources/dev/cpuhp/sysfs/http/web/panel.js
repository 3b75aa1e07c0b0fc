// The CPU panel: one CPU's state, target and fail, the table of states with the current one
// marked and the sections' boundaries, and buttons that write its sysfs files. A refused
// write shows the kernel's errno next to what was tried; a failed step and the rollback after
// it are read off the live trace.
import * as api from './api.js';

/** How long after an operation its CPU's trace events still belong to it (the trace and the
 * answer come on two connections, in either order). */
const TRAILING_MS = 3000;

export class CpuPanel {
  /** @param model the machine (as /api/machine answers it), kept up to date by the page */
  constructor(model, grid) {
    this.m = model;
    this.grid = grid;
    this.cpu = -1;
    this.op = null;
    this.el = (id) => document.getElementById(id);
    this.byState = new Map(model.states.map((s) => [s.state, s]));
    this.sectionInfo = new Map(model.sections.map((s) => [s.name, s]));
    this.fillSelects();
    this.el('btn-offline').onclick = () => this.store('online', 0, `cpu${this.cpu}/online`);
    this.el('btn-online').onclick = () => this.store('online', 1, `cpu${this.cpu}/online`);
    this.el('btn-target').onclick = () => this.store('hotplug/target', this.el('sel-target').value);
    this.el('btn-fail').onclick = () => this.store('hotplug/fail', this.el('sel-fail').value);
  }

  name(state) {
    const s = this.byState.get(state);
    return s ? s.name : '';
  }

  fillSelects() {
    const targets = this.m.state_control ? this.m.states : this.m.states.filter((s) => s.state === 0 || s.state === 236);
    const opt = (s) => `<option value="${s.state}">${s.state}: ${esc(s.name)}</option>`;
    this.el('sel-target').innerHTML = targets.map(opt).join('');
    this.el('sel-target').value = '0';
    this.el('sel-fail').innerHTML = this.m.states.filter((s) => s.startup || s.teardown).map(opt).join('');
    // the first ONLINE state with a teardown: taking the CPU offline then hits it
    const first = this.m.states.find((s) => s.section === 'online' && s.teardown);
    if (first) this.el('sel-fail').value = String(first.state);
  }

  show(cpu) {
    this.cpu = cpu;
    this.op = null;
    this.el('cpu-panel').hidden = false;
    this.el('cpu-num').textContent = cpu;
    const t = this.m.topology;
    this.el('cpu-where').textContent =
      `socket ${t.socket[cpu]}, core ${t.core[cpu]}, thread ${t.thread[cpu]}`;
    // x86 has no cpu0/online: the boot CPU is taken down through hotplug/target only
    this.el('btn-offline').disabled = cpu === 0;
    this.el('btn-online').disabled = cpu === 0;
    this.el('op-result').innerHTML = '';
    this.el('rollback').hidden = true;
    this.render(true);
    this.readBack();
  }

  /** Re-reads the CPU's files through the API and updates the model and its cell. */
  async readBack() {
    const cpu = this.cpu;
    const dir = `${api.CPU_DIR}/cpu${cpu}`;
    try {
      const [state, target, fail, online] = await Promise.all([
        api.read(`${dir}/hotplug/state`), api.read(`${dir}/hotplug/target`), api.read(`${dir}/hotplug/fail`),
        cpu === 0 ? Promise.resolve('1') : api.read(`${dir}/online`)]);
      if (cpu !== this.cpu) return;
      this.m.state[cpu] = +state;
      this.m.target[cpu] = +target;
      this.m.fail[cpu] = +fail;
      this.m.online[cpu] = +online;
      this.grid.set(cpu, this.grid.phaseOf(+state));
      this.render(true);
      this.el('cpu-panel').dataset.readback = `${+state}`;
    } catch (e) {
      this.el('op-result').innerHTML = `<span class="bad">reading cpu${cpu}: ${esc(e.message)}</span>`;
    }
  }

  /** Writes VALUE to cpuN/FILE, shows the answer, then reads the CPU back. */
  async store(file, value, shown) {
    const cpu = this.cpu;
    const path = `${api.CPU_DIR}/cpu${cpu}/${file}`;
    const tried = `echo ${value} > ${shown || `cpu${cpu}/${file}`}`;
    this.op = { cpu, tried, events: [], done: 0 };
    this.el('rollback').hidden = true;
    const out = this.el('op-result');
    out.innerHTML = `<span class="muted">${esc(tried)} …</span>`;
    this.setBusy(true);
    try {
      await api.write(path, value);
      out.innerHTML = `${esc(tried)}: <span class="good">ok</span>`;
      out.dataset.error = '';
    } catch (e) {
      const why = e instanceof api.ApiError ? e.describe() : e.message;
      out.innerHTML = `${esc(tried)}: <span class="bad">${esc(why)}</span>`;
      out.dataset.error = e.error || 'error';
    } finally {
      this.setBusy(false);
      if (this.op) this.op.done = performance.now();
    }
    await this.readBack();
    this.renderRollback();
  }

  setBusy(on) {
    for (const id of ['btn-offline', 'btn-online', 'btn-target', 'btn-fail']) {
      this.el(id).disabled = on || ((id === 'btn-offline' || id === 'btn-online') && this.cpu === 0);
    }
  }

  /** A live trace event; the page calls this for every one. */
  onTrace(e) {
    if (e.cpu !== this.cpu) return;
    if (e.name === 'cpuhp_exit') this.m.state[e.cpu] = e.state;
    const op = this.op;
    if (op && (!op.done || performance.now() - op.done < TRAILING_MS)) {
      op.events.push(e);
      this.renderRollback();
    }
    this.render(false);
  }

  /**
   * A walk that turned back: the step that failed and the rollback after it, read off the
   * operation's trace. An injected failure stops the walk before its callback runs (the
   * kernel traces no step for it), so the failing state is where the walk turned.
   */
  renderRollback() {
    const op = this.op;
    if (!op) return;
    const ev = op.events;
    const enters = ev.filter((e) => e.name !== 'cpuhp_exit');
    if (!enters.length) return;
    const first = enters[0].target;
    const flip = ev.findIndex((e) => e.name !== 'cpuhp_exit' && e.target !== first);
    if (flip < 0) return;
    const before = ev.slice(0, flip).filter((e) => e.name === 'cpuhp_exit');
    const failed = before.find((e) => e.ret < 0);
    const stopped = failed ? failed.step : before.length ? before[before.length - 1].state : ev[flip].step;
    const back = ev[flip].target;
    const redone = ev.slice(flip).filter((e) => e.name === 'cpuhp_exit' && e.ret === 0).map((e) => e.step);
    const ret = ev.slice(flip).filter((e) => e.name === 'cpuhp_exit' && e.ret < 0).pop();
    const box = this.el('rollback');
    box.hidden = false;
    box.innerHTML = `<b>the walk to ${first} failed at state ${stopped} (${esc(this.name(stopped))})</b>`
      + (failed ? `: its step returned ${failed.ret}` : '')
      + `; rollback to ${back}: ${redone.length} step${redone.length === 1 ? '' : 's'} undone`
      + (redone.length ? ` (${redone.slice(0, 6).join(', ')}${redone.length > 6 ? ', …' : ''})` : '')
      + `, back at state ${this.m.state[op.cpu]} (${esc(this.name(this.m.state[op.cpu]))})`
      + (ret ? `; the operation returned ret ${ret.ret}` : '');
  }

  /** Facts and table; the table is rebuilt at most once a frame. */
  render(now) {
    if (this.cpu < 0) return;
    const cpu = this.cpu;
    const fact = (v) => `${v} ${this.name(v) ? `(${esc(this.name(v))})` : ''}`;
    this.el('cpu-online').textContent = this.m.online[cpu] ? '1 (online)' : '0 (offline)';
    this.el('cpu-state').innerHTML = fact(this.m.state[cpu]);
    this.el('cpu-target').innerHTML = fact(this.m.target[cpu]);
    this.el('cpu-fail').innerHTML = this.m.fail[cpu] < 0 ? `${this.m.fail[cpu]} (none)` : fact(this.m.fail[cpu]);
    if (now) {
      this.table(true);
    } else if (!this.tablePending) {
      this.tablePending = true;
      requestAnimationFrame(() => { this.tablePending = false; this.table(false); });
    }
  }

  table(scroll) {
    const cpu = this.cpu, st = this.m.state[cpu], target = this.m.target[cpu], fail = this.m.fail[cpu];
    const rows = [];
    let section = null;
    for (const s of this.m.states) {
      if (s.section !== section) {
        section = s.section;
        const info = this.sectionInfo.get(section) || { label: section, runs_on: '' };
        rows.push(`<tr class="section"><td colspan="3">${esc(info.label)}</td><td>${esc(info.runs_on)}</td></tr>`);
      }
      const cls = s.state === st ? 'current' : s.state < st ? 'passed' : 'ahead';
      const marks = [s.state === st ? '◀ state' : '', s.state === target && target !== st ? '◀ target' : '',
        s.state === fail ? '✗ fail' : ''].filter(Boolean).join(' ');
      const ways = (s.startup ? '↑' : ' ') + (s.teardown ? '↓' : ' ');
      rows.push(`<tr class="${cls}${s.state === fail ? ' failing' : ''}" data-state="${s.state}">`
        + `<td>${s.state}</td><td>${ways}</td><td>${esc(s.name)}</td><td>${marks}</td></tr>`);
    }
    this.el('state-table').tBodies[0].innerHTML = rows.join('');
    if (scroll) {
      // scroll the table, not the page
      const row = this.el('state-table').querySelector('tr.current');
      const wrap = this.el('state-table-wrap');
      if (row) wrap.scrollTop = Math.max(0, row.offsetTop - wrap.clientHeight / 2);
    }
  }
}

export function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}
