import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

/**
 * The inactivity timeout of a socket of a {@link keepAliveAgent}: the socket is destroyed with it,
 * and the request on the socket (if any) fails with it. The transport names the request's URL.
 */
export class SocketInactivityError extends Error {
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(`Socket inactive for ${timeoutMs} ms`);
    this.name = 'SocketInactivityError';
    this.timeoutMs = timeoutMs;
  }
}

/** The byte counters every net.Socket (and TLS socket) has. */
interface CountingSocket extends Duplex {
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

/** A socket's traffic as of the last sweep that saw it change. */
interface Progress {
  bytes: number;
  at: number;
}

const agents = new Map<string, http.Agent>();

/**
 * The process-wide keep-alive agent for `secure` and `timeoutMs` (0: no inactivity timeout).
 *
 * Why not `http.request({ timeout })`: that arms a timer when the request gets its socket, listens
 * for the socket's 'timeout' and clears both when the socket is pooled again, and every read and
 * write re-inserts the timer in Node's timer list: a few percent of the transport's CPU per call.
 * Here one sweep per agent, every tenth of `timeoutMs`, compares each socket's byte counters with
 * the last sweep's; a socket without traffic for `timeoutMs` (up to a tenth more) is destroyed
 * with a {@link SocketInactivityError}, which fails the request on it (a pooled one just closes).
 * Nothing is done per request.
 */
export function keepAliveAgent(secure: boolean, timeoutMs: number): http.Agent {
  const key = `${secure ? 'https' : 'http'}:${timeoutMs}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    if (timeoutMs > 0) watchSockets(agent, timeoutMs);
    agents.set(key, agent);
  }
  return agent;
}

function watchSockets(agent: http.Agent, timeoutMs: number): void {
  const createConnection = agent.createConnection;
  const watched = new Map<CountingSocket, Progress>();
  let sweeper: NodeJS.Timeout | undefined;
  const sweep = (): void => {
    const now = Date.now();
    for (const [socket, seen] of watched) {
      const bytes = socket.bytesRead + socket.bytesWritten;
      if (bytes !== seen.bytes) {
        seen.bytes = bytes;
        seen.at = now;
      } else if (now - seen.at >= timeoutMs) {
        socket.destroy(new SocketInactivityError(timeoutMs));
      }
    }
    if (watched.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  agent.createConnection = function (options, callback) {
    const socket = createConnection.call(this, options, callback) as CountingSocket | null | undefined;
    // The built-in agents always return the socket (the callback form is for custom agents).
    if (socket) {
      watched.set(socket, { bytes: 0, at: Date.now() });
      socket.once('close', () => watched.delete(socket));
      // Unref'd: a sweep never keeps the process alive.
      sweeper ??= setInterval(sweep, Math.max(10, Math.ceil(timeoutMs / 10))).unref();
    }
    return socket;
  };
}
