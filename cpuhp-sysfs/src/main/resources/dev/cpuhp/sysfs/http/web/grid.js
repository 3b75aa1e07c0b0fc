// The machine grid on a canvas: one cell per CPU, SMT siblings side by side in a core,
// cores in rows inside their socket's box. Only cells that changed are repainted, once per
// animation frame, so thousands of CPUs changing state stay cheap.

export const COLORS = ['#b9bec5', '#4e79a7', '#f28e2b', '#edc948', '#e15759', '#76b7b2', '#59a14f'];

export class Grid {
  /** @param phases [{name, label, first}] from the server, lowest first */
  constructor(canvas, phases) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { alpha: false });
    this.firsts = phases.map((p) => p.first);
    this.colours = COLORS;
    this.selected = -1;
    this.marked = -1;
    this.frames = 0;
    this.onFrame = null;
    this.pending = false;
    canvas.addEventListener('click', (ev) => {
      const cpu = this.cpuAt(ev);
      if (cpu >= 0 && this.clicked) this.clicked(cpu);
    });
    canvas.addEventListener('mousemove', (ev) => {
      if (this.hovered) this.hovered(this.cpuAt(ev));
    });
  }

  /** The phase index of a hotplug state number. */
  phaseOf(state) {
    let p = 0;
    for (let i = 0; i < this.firsts.length; i++) if (state >= this.firsts[i]) p = i;
    return p;
  }

  /** Lays out a machine: topology as /api/machine answers it. Every cell starts offline. */
  setMachine(topo) {
    this.topo = topo;
    this.n = topo.socket.length;
    this.phase = new Uint8Array(this.n);
    this.dirty = new Uint8Array(this.n);
    this.dirtyList = [];
    this.layout();
    this.full = true;
    this.schedule();
  }

  layout() {
    const t = this.topo;
    const width = Math.max(300, this.canvas.parentElement.clientWidth - 2);
    const maxH = Math.max(320, Math.round(window.innerHeight * 0.55));
    const T = t.threads_per_core, C = t.cores_per_socket, S = t.sockets;
    let best = null;
    for (let s = 22; s >= 2; s--) {
      const L = this.shape(s, T, C, S, width);
      if (L && (L.height <= maxH || s === 2)) { best = L; break; }
    }
    this.L = best;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(best.height * dpr);
    this.canvas.style.height = best.height + 'px';
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.x = new Float32Array(this.n);
    this.y = new Float32Array(this.n);
    for (let cpu = 0; cpu < this.n; cpu++) {
      const k = t.socket[cpu], c = t.core[cpu], th = t.thread[cpu];
      const sx = (k % best.sc) * (best.socketW + best.sgap);
      const sy = Math.floor(k / best.sc) * (best.socketH + best.sgap);
      this.x[cpu] = sx + best.pad + (c % best.cc) * (best.coreW + best.coreGap) + th * (best.s + 1);
      this.y[cpu] = sy + best.pad + best.label + Math.floor(c / best.cc) * (best.s + best.rowGap);
    }
  }

  /** Sizes for cells of s pixels, or null if a socket does not fit the width. */
  shape(s, T, C, S, width) {
    const cc = Math.max(1, Math.min(C, Math.ceil(Math.sqrt(C * 2 / T))));
    const coreGap = s >= 6 ? 3 : 1, rowGap = s >= 6 ? 2 : 1, pad = s >= 6 ? 5 : 2;
    const label = s >= 5 ? 13 : 0, sgap = s >= 6 ? 8 : 3;
    const coreW = T * s + (T - 1);
    const rows = Math.ceil(C / cc);
    const socketW = cc * coreW + (cc - 1) * coreGap + 2 * pad;
    const socketH = rows * s + (rows - 1) * rowGap + 2 * pad + label;
    const sc = Math.min(S, Math.floor((width + sgap) / (socketW + sgap)));
    if (sc < 1) return null;
    const height = Math.ceil(S / sc) * (socketH + sgap);
    return { s, cc, coreGap, rowGap, pad, label, sgap, coreW, socketW, socketH, sc, height };
  }

  set(cpu, phase) {
    if (cpu < 0 || cpu >= this.n || this.phase[cpu] === phase) return;
    this.phase[cpu] = phase;
    this.touch(cpu);
  }

  setAll(phases) {
    this.phase.set(phases);
    this.full = true;
    this.schedule();
  }

  select(cpu) {
    const old = this.selected;
    this.selected = cpu;
    if (old >= 0) this.touch(old);
    if (cpu >= 0) this.touch(cpu);
  }

  /** Outlines one CPU apart from the selection (the critical path's AP). */
  mark(cpu) {
    const old = this.marked;
    this.marked = cpu;
    if (old >= 0 && old < this.n) this.touch(old);
    if (cpu >= 0 && cpu < this.n) this.touch(cpu);
  }

  touch(cpu) {
    if (!this.dirty[cpu]) {
      this.dirty[cpu] = 1;
      this.dirtyList.push(cpu);
    }
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame((now) => this.draw(now));
  }

  draw(now) {
    this.pending = false;
    const started = performance.now();
    const ctx = this.ctx;
    if (this.full) {
      this.full = false;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
      this.sockets();
      for (let cpu = 0; cpu < this.n; cpu++) this.cell(cpu);
    } else {
      for (const cpu of this.dirtyList) this.cell(cpu);
    }
    for (const cpu of this.dirtyList) this.dirty[cpu] = 0;
    this.dirtyList.length = 0;
    this.frames++;
    if (this.onFrame) this.onFrame(now, performance.now() - started);
  }

  sockets() {
    const L = this.L, ctx = this.ctx;
    ctx.font = '11px system-ui, sans-serif';
    for (let k = 0; k < this.topo.sockets; k++) {
      const sx = (k % L.sc) * (L.socketW + L.sgap), sy = Math.floor(k / L.sc) * (L.socketH + L.sgap);
      ctx.fillStyle = '#f1f3f5';
      ctx.fillRect(sx, sy, L.socketW, L.socketH);
      if (L.label) {
        ctx.fillStyle = '#555';
        ctx.fillText('socket ' + k, sx + L.pad, sy + L.pad + 9);
      }
    }
  }

  cell(cpu) {
    const ctx = this.ctx, s = this.L.s, x = this.x[cpu], y = this.y[cpu];
    ctx.fillStyle = COLORS[this.phase[cpu]] || '#000';
    ctx.fillRect(x, y, s, s);
    if (cpu === this.selected || cpu === this.marked) {
      ctx.strokeStyle = cpu === this.selected ? '#111' : '#d0021b';
      ctx.lineWidth = s >= 8 ? 2 : 1;
      const i = ctx.lineWidth / 2;
      ctx.strokeRect(x + i, y + i, s - 2 * i, s - 2 * i);
    }
  }

  cpuAt(ev) {
    const r = this.canvas.getBoundingClientRect();
    const px = ev.clientX - r.left, py = ev.clientY - r.top, s = this.L.s;
    for (let cpu = 0; cpu < this.n; cpu++) {
      if (px >= this.x[cpu] && px < this.x[cpu] + s && py >= this.y[cpu] && py < this.y[cpu] + s) return cpu;
    }
    return -1;
  }

  /** The centre of a CPU's cell in page pixels relative to the canvas (tests click it). */
  centre(cpu) {
    return { x: this.x[cpu] + this.L.s / 2, y: this.y[cpu] + this.L.s / 2 };
  }
}
