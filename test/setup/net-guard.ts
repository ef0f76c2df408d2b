// Tests never reach the internet: every TCP connection to a non-loopback address
// fails the test that made it. Patching Socket#connect catches fetch (undici),
// http, pg, nodemailer and anything else that opens a socket in this process.
import net from "node:net";

const original = net.Socket.prototype.connect;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

function targetOf(args: unknown[]): { host?: string; path?: string } {
  const first = args[0];
  if (Array.isArray(first)) return targetOf(first);
  if (first && typeof first === "object") return first as { host?: string; path?: string };
  if (typeof first === "number") return { host: typeof args[1] === "string" ? args[1] : "localhost" };
  if (typeof first === "string") return { path: first };
  return {};
}

net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const t = targetOf(args);
  if (!t.path) {
    const host = t.host ?? "localhost";
    if (!LOOPBACK.test(host)) {
      const err = new Error(`net-guard: test tried to connect to ${host}; tests may only reach 127.0.0.1`);
      // Throwing makes the failure visible at the call site instead of a hang.
      throw err;
    }
  }
  return (original as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
