/**
 * Test-only network guard: no test process may reach beyond loopback, whatever credentials or
 * hosts the environment names. vitest.config.ts preloads this file (NODE_OPTIONS=--import) into
 * every vitest worker, and so into every Node process a test starts (the gateway, the emulator
 * CLI, the built dist/ server), which inherit that variable.
 *
 * Plain JavaScript with Node built-ins only, so it also loads next to production dependencies,
 * where neither tsx nor vitest exists.
 *
 * Every TCP connection starts in `net.Socket.prototype.connect` (net.connect, tls.connect,
 * node:http(s) agents, undici and so global fetch), before the name lookup and before the
 * socket exists in the kernel; a target that is not loopback is refused there, so not even a DNS
 * query leaves. Direct `dns` lookups and queries are refused the same way. A refused attempt
 * fails like an unreachable host (an error with code ERR_TEST_NETWORK_GUARD) and is appended to
 * the file named by TEST_NETWORK_GUARD_REPORT, from which network-guard-setup.ts fails the test
 * that made it, even when the code under test swallows the error.
 */
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import process from 'node:process';

const installed = Symbol.for('twilio-chat-graphql.network-guard');
const reportVariable = 'TEST_NETWORK_GUARD_REPORT';
const errorCode = 'ERR_TEST_NETWORK_GUARD';

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** `localhost` (answered from /etc/hosts) or a loopback address; any other name needs DNS. */
function isLoopback(host) {
  const name = String(host)
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (name === 'localhost') return true;
  const family = net.isIP(name);
  return family !== 0 && loopback.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

function refuse(what) {
  const error = new Error(
    `Network guard: refused ${what}; tests may only reach loopback (127.0.0.0/8, ::1, localhost). Nothing was sent.`,
  );
  error.code = errorCode;
  const stack = (error.stack ?? '').split('\n').slice(1, 13).join('\n');
  const entry = `${JSON.stringify({ pid: process.pid, what, stack })}\n`;
  const report = process.env[reportVariable];
  try {
    if (report) appendFileSync(report, entry);
    else process.stderr.write(`${error.message}\n${stack}\n`);
  } catch {
    process.stderr.write(`${error.message}\n${stack}\n`);
  }
  return error;
}

/** Host and port of a `connect` call in any of its forms; null for a local (IPC) socket. */
function remoteOf(args) {
  // net.connect passes its already normalized [options, callback] pair.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') {
    if (first.path !== undefined && first.path !== null) return null;
    return { host: first.host || 'localhost', port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null;
  return { host: typeof args[1] === 'string' && args[1] ? args[1] : 'localhost', port: first };
}

function guardSockets() {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const remote = remoteOf(args);
    if (remote === null || isLoopback(remote.host)) return Reflect.apply(connect, this, args);
    const error = refuse(`a connection to ${remote.host}:${String(remote.port)}`);
    // As if the attempt had begun and failed at once: writes queue, then the error arrives
    // asynchronously like ECONNREFUSED would, so callers take their usual failure path.
    this.connecting = true;
    process.nextTick(() => this.destroy(error));
    return this;
  };
}

/** Fails `fn`'s call the way the API reports errors: through its callback or its promise. */
function refusedCall(args, what, promises) {
  const error = refuse(what);
  if (promises) return Promise.reject(error);
  const callback = args.findLast((arg) => typeof arg === 'function');
  if (callback) process.nextTick(callback, error);
  return undefined;
}

function guardLookups(target, promises) {
  const lookup = target.lookup;
  target.lookup = function guardedLookup(hostname, ...rest) {
    // An address literal is answered without a query; the connection itself is judged above.
    if (typeof hostname !== 'string' || net.isIP(hostname) !== 0 || isLoopback(hostname)) {
      return Reflect.apply(lookup, this, [hostname, ...rest]);
    }
    return refusedCall(rest, `a DNS lookup of ${hostname}`, promises);
  };
  const lookupService = target.lookupService;
  target.lookupService = function guardedLookupService(address, ...rest) {
    if (isLoopback(address)) return Reflect.apply(lookupService, this, [address, ...rest]);
    return refusedCall(rest, `a reverse DNS lookup of ${String(address)}`, promises);
  };
}

/** resolve*() and reverse() send their question to a name server, whatever the name. */
function guardQueries(target, promises) {
  for (const key of Object.keys(target)) {
    if (!(key.startsWith('resolve') || key === 'reverse') || typeof target[key] !== 'function')
      continue;
    target[key] = function guardedQuery(name, ...rest) {
      return refusedCall(rest, `a DNS query (${key}) for ${String(name)}`, promises);
    };
  }
}

if (globalThis[installed] !== true) {
  guardSockets();
  guardLookups(dns, false);
  guardLookups(dns.promises, true);
  guardQueries(dns, false);
  guardQueries(dns.promises, true);
  guardQueries(dns.Resolver.prototype, false);
  guardQueries(dns.promises.Resolver.prototype, true);
  // `import { lookup } from 'node:dns'` bindings see the guarded functions too.
  syncBuiltinESMExports();
  globalThis[installed] = true;
}
