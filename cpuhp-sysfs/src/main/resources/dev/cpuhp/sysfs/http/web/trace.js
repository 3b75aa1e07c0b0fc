// The live trace (GET /api/trace, Server-Sent Events) in the kernel's text format, parsed
// back into the fields the page needs. One line per event:
//   "       cpuhp/3-25      [003] .....     0.004211: cpuhp_exit:  cpu: 0003  state: 187 step: 187 ret: -11"

const LINE = /^\s*(.*)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+(\d+)\.(\d{6}): (\w+): (.*)$/;
const ENTER = /cpu: (\d+) target:\s*(\d+) step:\s*(\d+) \((.*)\)/;
const EXIT = /cpu: (\d+)\s+state:\s*(\d+) step:\s*(\d+) ret: (-?\d+)/;

/** A trace line as {comm, pid, on, us, name, cpu, target, step, state, ret, fun}, or null. */
export function parse(line) {
  const m = LINE.exec(line);
  if (!m) return null;
  const e = { comm: m[1].trim(), pid: +m[2], on: +m[3], us: (+m[5]) * 1e6 + (+m[6]), name: m[7] };
  let f;
  if ((m[7] === 'cpuhp_enter' || m[7] === 'cpuhp_multi_enter') && (f = ENTER.exec(m[8]))) {
    Object.assign(e, { cpu: +f[1], target: +f[2], step: +f[3], fun: f[4] });
  } else if (m[7] === 'cpuhp_exit' && (f = EXIT.exec(m[8]))) {
    Object.assign(e, { cpu: +f[1], state: +f[2], step: +f[3], ret: +f[4] });
  } else {
    return null; // csd_* events: not drawn
  }
  return e;
}

/**
 * Subscribes to the trace; onEvent gets each parsed cpuhp event, onStatus a line of text.
 * EventSource reconnects by itself; onReconnect is told so the page can resynchronise.
 */
export function subscribe(onEvent, onStatus, onReconnect) {
  const src = new EventSource('/api/trace');
  let opened = 0;
  src.onopen = () => {
    onStatus('trace: live');
    if (opened++ > 0 && onReconnect) onReconnect();
  };
  src.onerror = () => onStatus('trace: reconnecting…');
  for (const name of ['cpuhp_enter', 'cpuhp_multi_enter', 'cpuhp_exit']) {
    src.addEventListener(name, (m) => {
      const e = parse(m.data);
      if (e) onEvent(e);
    });
  }
  return src;
}
