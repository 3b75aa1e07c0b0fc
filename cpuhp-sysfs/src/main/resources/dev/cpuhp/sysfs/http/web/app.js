// The dashboard: loads the live machine, draws it, keeps it up to date from the trace, and
// wires the panels. window.cpuhpStats holds the page's own measurements (load, playback).
import * as api from './api.js';
import { Grid, COLORS } from './grid.js';
import { CpuPanel, esc } from './panel.js';
import { Activity } from './activity.js';
import { Player } from './playback.js';
import { TorturePanel } from './torture.js';
import * as trace from './trace.js';

window.cpuhpStats = {};
const QUIET_MS = 250;
const el = (id) => document.getElementById(id);

async function main() {
  const m = await api.get('/api/machine');
  el('machine-name').textContent = `${m.profile}: ${m.topology.sockets} sockets × ${m.topology.cores_per_socket} cores × `
    + `${m.topology.threads_per_core} threads (${m.cpus} CPUs)`;
  el('legend').innerHTML = m.phases.map((p, i) => `<span style="--c:${COLORS[i]}">${esc(p.label)}</span>`).join('');
  const grid = new Grid(el('grid'), m.phases);
  const names = new Map(m.states.map((s) => [s.state, s.name]));
  const panel = new CpuPanel(m, grid);
  const activity = new Activity((s) => names.get(s));
  let live = true;

  const showLive = () => {
    live = true;
    grid.setMachine(m.topology);
    grid.setAll(Uint8Array.from(m.state, (s) => grid.phaseOf(s)));
    grid.mark(-1);
    if (panel.cpu >= 0) grid.select(panel.cpu);
    el('grid-title').textContent = 'The machine';
    el('mode-badge').textContent = 'live';
    el('mode-badge').className = 'badge';
  };
  const resync = async () => {
    const fresh = await api.get('/api/machine');
    for (const k of ['state', 'target', 'fail', 'online']) m[k] = fresh[k];
    if (live) m.state.forEach((s, cpu) => grid.set(cpu, grid.phaseOf(s)));
    panel.render(false);
  };

  grid.clicked = (cpu) => {
    if (!live) return;
    grid.select(cpu);
    panel.show(cpu);
  };
  grid.hovered = (cpu) => {
    el('grid-hover').textContent = cpu < 0 ? 'Click a CPU to see its states and drive it.'
      : `CPU ${cpu}: ${m.phases[grid.phase[cpu]].label}` + (live ? `, state ${m.state[cpu]} (${names.get(m.state[cpu]) || ''})` : '');
  };
  showLive();
  window.cpuhpGrid = grid; // tests find a CPU's cell through it

  // The trace animates the grid; once it has been quiet a moment the snapshot settles it. A
  // walk down leaves no trace below its last step with a teardown, and the trace and an
  // operation's answer travel on two connections, in either order.
  let quiet = 0;
  trace.subscribe((e) => {
    if (e.name === 'cpuhp_exit' && e.cpu < m.cpus) {
      m.state[e.cpu] = e.state;
      if (live) grid.set(e.cpu, grid.phaseOf(e.state));
    }
    panel.onTrace(e);
    activity.add(e);
    clearTimeout(quiet);
    quiet = setTimeout(() => resync().catch(() => {}), QUIET_MS);
  }, (s) => { el('trace-status').textContent = s; }, resync);

  const player = new Player(grid, (topology, title) => {
    live = false;
    grid.select(-1);
    grid.setMachine(topology);
    el('grid-title').textContent = title;
    el('grid-hover').textContent = 'Playback of a boot on fresh machines; the live machine is unchanged.';
    el('mode-badge').textContent = 'playback';
    el('mode-badge').className = 'badge playback';
  });
  window.cpuhpPlayer = player; // tests seek through it
  el('btn-live').onclick = () => {
    player.pause();
    showLive();
    resync();
  };
  const torture = new TorturePanel();
  const about = await api.get('/api/boot');
  player.init(about);
  await torture.init(about.profiles);

  window.addEventListener('resize', () => {
    grid.layout();
    grid.full = true;
    grid.schedule();
  });
  // ready: the machine drawn and every panel filled
  requestAnimationFrame(() => {
    window.cpuhpStats.ready_ms = performance.now();
    document.body.dataset.ready = 'true';
  });
}

main().catch((e) => {
  el('machine-name').innerHTML = `<span class="bad">cannot load the machine: ${esc(e.message)}</span>`;
});
