import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Make `server` close every keep-alive connection idle for `ms`, without announcing it (no
 * `Keep-Alive: timeout` header), as proxies and load balancers do. A client that reuses such a
 * connection just as it closes sees `ECONNRESET` / `socket hang up` before any response byte.
 */
export function closeIdleSockets(server: Server, ms: number): void {
  // Node's own keep-alive timeout would announce itself in a header: off, this closer replaces it.
  server.keepAliveTimeout = 0;
  const idle = new Map<Socket, NodeJS.Timeout>();
  const arm = (socket: Socket): void => {
    clearTimeout(idle.get(socket));
    idle.set(socket, setTimeout(() => {
      idle.delete(socket);
      socket.destroy();
    }, ms).unref());
  };
  server.on('connection', (socket: Socket) => {
    arm(socket);
    socket.once('close', () => {
      clearTimeout(idle.get(socket));
      idle.delete(socket);
    });
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    clearTimeout(idle.get(socket));
    idle.delete(socket);
    res.once('finish', () => {
      if (!socket.destroyed) arm(socket);
    });
  });
}
