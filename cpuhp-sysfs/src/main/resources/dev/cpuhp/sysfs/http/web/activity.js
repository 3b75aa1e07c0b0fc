// The activity list: the latest hotplug steps as the trace reports them, newest first,
// filterable by CPU and by state (number or part of its name). A step or an operation that
// returned an error is shown in red, and the steps of a rollback are marked as such.
import { esc } from './panel.js';

const KEEP = 5000;
const SHOWN = 300;

export class Activity {
  constructor(nameOf) {
    this.nameOf = nameOf;
    this.items = [];
    this.walks = new Map(); // cpu -> {target, state, back}: where its walk goes, and whether it turned
    this.list = document.getElementById('activity');
    this.count = document.getElementById('activity-count');
    this.cpuFilter = document.getElementById('filter-cpu');
    this.stateFilter = document.getElementById('filter-state');
    for (const f of [this.cpuFilter, this.stateFilter]) f.addEventListener('input', () => this.schedule());
  }

  add(e) {
    // A walk whose target changes before the CPU got there turned back: a rollback, until
    // the next operation gives the CPU a new target.
    let w = this.walks.get(e.cpu);
    if (!w) this.walks.set(e.cpu, (w = { target: null, state: null, back: false }));
    if (e.name !== 'cpuhp_exit') {
      if (w.target !== null && e.target !== w.target) w.back = w.state !== null && w.state !== w.target;
      w.target = e.target;
    } else {
      w.state = e.state;
    }
    const kind = e.name === 'cpuhp_exit' && e.ret < 0 ? 'err' : w.back ? 'rollback' : '';
    this.items.push({ e, kind });
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }

  matches(e) {
    const c = this.cpuFilter.value.trim();
    if (c !== '' && String(e.cpu) !== c) return false;
    const s = this.stateFilter.value.trim().toLowerCase();
    if (s === '') return true;
    const step = e.step;
    return String(step) === s || (this.nameOf(step) || '').toLowerCase().includes(s);
  }

  render() {
    const out = [];
    let n = 0;
    for (let i = this.items.length - 1; i >= 0 && out.length < SHOWN; i--) {
      const { e, kind } = this.items[i];
      if (!this.matches(e)) continue;
      n++;
      out.push(`<li class="${kind}" data-cpu="${e.cpu}">${this.line(e, kind)}</li>`);
    }
    this.list.innerHTML = out.join('');
    this.count.textContent = `${this.items.length} events kept, ${n} shown`;
  }

  line(e, kind) {
    const t = (e.us / 1e6).toFixed(6);
    const name = esc(this.nameOf(e.step) || '');
    const who = esc(`${e.comm}-${e.pid}`);
    if (e.name === 'cpuhp_exit') {
      const tag = kind === 'err' ? ` FAILED ret ${e.ret}` : kind === 'rollback' ? ' (rollback)' : ` ret ${e.ret}`;
      return `${t} CPU ${e.cpu} ${who}: done ${e.step} ${name}, state ${e.state}${tag}`;
    }
    return `${t} CPU ${e.cpu} ${who}: step ${e.step} ${name} → target ${e.target}${kind === 'rollback' ? ' (rollback)' : ''}`;
  }
}
