// The page talks only to cpuhp's own API. Every error answer is JSON with
// {error, errno, message}; callers get it as an ApiError and show it as it is.

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.error = body && body.error ? body.error : `HTTP ${status}`;
    this.errno = body && body.errno !== undefined ? body.errno : null;
  }
  /** "EAGAIN (11): Resource temporarily unavailable" */
  describe() {
    return `${this.error}${this.errno !== null ? ` (${this.errno})` : ''}: ${this.message}`;
  }
}

async function answer(r) {
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = { message: text.slice(0, 200) }; }
  if (!r.ok) throw new ApiError(r.status, body);
  return body;
}

export async function get(path) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' } }));
}

export async function send(method, path, body) {
  return answer(await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
}

export const CPU_DIR = '/sys/devices/system/cpu';

/** One sysfs write, as `echo VALUE > PATH` does it. */
export function write(path, value) {
  return send('POST', '/api/write', { path, value: String(value) });
}

export async function read(path) {
  return (await get('/api/read?path=' + encodeURIComponent(path))).content;
}
