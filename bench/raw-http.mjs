// A lean HTTP/1.1 client for bench/http.mjs (`--client raw`): one keep-alive TCP connection per
// worker, one request in flight on it, each request one write of a pre-built head and its body, and
// a minimal parser of the answer that reads it whole (status line, headers, a Content-Length or
// chunked body) before the next request goes. What it leaves out of node:http is what a benchmark
// does not need: header objects, streams, the agent's socket pool, per-request events.
import net from 'node:net';

const CRLF_CRLF = Buffer.from('\r\n\r\n');

/** Thrown for an answer the parser does not understand: the bench reports it as a status. */
class BadAnswer extends Error {}

/**
 * Parses one answer at the start of `buf`: undefined when not yet complete, else
 * { status, end (bytes it used), close (the server will close the connection) }.
 */
export function parseAnswer(buf) {
  const headEnd = buf.indexOf(CRLF_CRLF);
  if (headEnd < 0) {
    if (buf.length > 64 * 1024) throw new BadAnswer('head over 64 KiB');
    return undefined;
  }
  const head = buf.toString('latin1', 0, headEnd);
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (m === null) throw new BadAnswer(`not an HTTP answer: ${JSON.stringify(head.slice(0, 40))}`);
  const status = Number(m[1]);
  let length;
  let chunked = false;
  let close = false;
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
    else if (name === 'connection') close = value.toLowerCase() === 'close';
  }
  const bodyStart = headEnd + 4;
  if (chunked) {
    // size CRLF data CRLF … 0 CRLF CRLF (no trailers from our server)
    let at = bodyStart;
    for (;;) {
      const eol = buf.indexOf('\r\n', at, 'latin1');
      if (eol < 0) return undefined;
      const size = Number.parseInt(buf.toString('latin1', at, eol), 16);
      if (!Number.isFinite(size)) throw new BadAnswer('bad chunk size');
      const next = eol + 2 + size + 2;
      if (buf.length < next) return undefined;
      at = next;
      if (size === 0) return { status, end: at, close };
    }
  }
  if (length === undefined) {
    // no body can follow a 204 or a 304; any other answer without a length is not ours
    if (status === 204 || status === 304) return { status, end: bodyStart, close };
    throw new BadAnswer('an answer without Content-Length');
  }
  if (buf.length < bodyStart + length) return undefined;
  return { status, end: bodyStart + length, close };
}

/**
 * A connection to `url` that sends one request at a time: `post(path, cookie, body)` resolves
 * with { status, ms } once the whole answer has arrived (ms measured from just before the write),
 * or with status 'error …' when the connection fails; a closed connection is opened again for
 * the next request.
 */
export class RawConnection {
  constructor(url) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.hostHeader = u.host;
    this.socket = undefined;
    this.buf = Buffer.alloc(0);
    this.pending = undefined;
  }

  connect() {
    const s = net.connect({ host: this.host, port: this.port, noDelay: true });
    // events of a connection given up (closed after an answer, or replaced) are ignored
    s.on('data', (chunk) => {
      if (this.socket === s) this.onData(chunk);
    });
    s.on('error', (err) => {
      if (this.socket === s) this.fail(`error ${err.code ?? err.message}`);
    });
    s.on('close', () => {
      if (this.socket === s) this.fail('error closed');
      if (this.socket === s) this.socket = undefined;
    });
    this.socket = s;
    this.buf = Buffer.alloc(0);
  }

  fail(status) {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    this.socket?.destroy();
    this.socket = undefined;
    p.resolve({ status, ms: Number(process.hrtime.bigint() - p.t0) / 1e6 });
  }

  onData(chunk) {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const p = this.pending;
    if (p === undefined) return; // an answer nobody asked for: dropped with the next request's check below
    let a;
    try {
      a = parseAnswer(this.buf);
    } catch (err) {
      this.fail(`error ${err.message}`);
      return;
    }
    if (a === undefined) return;
    if (a.end !== this.buf.length) {
      // bytes after the answer: with one request in flight, a broken exchange
      this.fail('error bytes after the answer');
      return;
    }
    this.buf = Buffer.alloc(0);
    this.pending = undefined;
    if (a.close) {
      this.socket?.end();
      this.socket = undefined;
    }
    p.resolve({ status: a.status, ms: Number(process.hrtime.bigint() - p.t0) / 1e6 });
  }

  post(path, cookie, body) {
    return new Promise((resolve) => {
      if (this.socket === undefined) this.connect();
      if (this.buf.length !== 0) {
        this.socket.destroy();
        this.connect();
      }
      const bytes = Buffer.byteLength(body);
      const request = `POST ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nContent-Type: application/json\r\nCookie: ${cookie}\r\nContent-Length: ${bytes}\r\n\r\n${body}`;
      const t0 = process.hrtime.bigint();
      this.pending = { resolve, t0 };
      this.socket.write(request);
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
