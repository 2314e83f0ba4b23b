import net from "node:net";

/**
 * A TCP proxy a test controls, standing between the app and a database: "up" forwards,
 * "refusing" drops every connection at once, "silent" accepts and never answers (a server that
 * vanished without closing its sockets).
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: "up" | "refusing" | "silent" = "up";
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (mode === "refusing") return client.destroy();
    if (mode === "silent") return;
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    setMode(next: typeof mode) {
      mode = next;
      if (next !== "up") for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
