'use strict';
// The Users client in Node (@grpc/grpc-js): streams users on one CreateUser call and prints
// each response as it arrives, sending and receiving concurrently, like the Go client.
// Exits 0 when the stream ends OK, else prints one error line on stderr and exits 1.
const { grpc, defaultProto, parseArgs, loadUsers } = require('./common');

const usage = 'usage: client.js [--addr HOST:PORT] [--delay-ms N] [--count N] [--output text|json] [--proto FILE]';
const opts = parseArgs(
  process.argv.slice(2),
  { addr: 'localhost:3000', 'delay-ms': 1000, count: 0, output: 'text', proto: defaultProto },
  usage,
);
if (opts.output !== 'text' && opts.output !== 'json') {
  process.stderr.write(`error: --output must be text or json, got ${opts.output}\n`);
  process.exit(2);
}

const TUTORIAL = [
  { id: '1', name: 'Carl', last_name: 'Phill', age: 23 },
  { id: '2', name: 'Marisol', last_name: 'Richardson', age: 29 },
  { id: '3', name: 'Mia', last_name: 'Phill', age: 27 },
  { id: '4', name: 'Tomas', last_name: 'Smith', age: 25 },
  { id: '5', name: 'Zian', last_name: 'Heat', age: 28 },
];
const NAMES = ['Al', 'Bob', 'Carl', 'Marisol'];

function usersFor(count) {
  if (count <= 0) return TUTORIAL;
  const users = [];
  for (let i = 0; i < count; i++) {
    users.push({ id: String(i), name: NAMES[i % 4], last_name: i % 3 === 0 ? 'Phill' : 'Smith', age: i });
  }
  return users;
}

const ESCAPES = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

// Go's %q (strconv.Quote) for a valid UTF-8 string.
function goQuote(s) {
  let out = '"';
  for (const ch of s) {
    if (ch in ESCAPES) out += ESCAPES[ch];
    else if (PRINTABLE.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0);
      if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
      else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
      else out += '\\U' + cp.toString(16).padStart(8, '0');
    }
  }
  return out + '"';
}

function formatResponse(res) {
  const errors = res.errors || [];
  if (opts.output === 'json') {
    return JSON.stringify({ user_id: res.user_id, success: res.success, errors });
  }
  return `user_id: ${goQuote(res.user_id)}, success: ${res.success}, errors: [${errors.map(goQuote).join(', ')}]`;
}

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

process.once('SIGINT', () => fail('interrupted'));

const sleep = (ms) => new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

const users = loadUsers(opts.proto);
const client = new users.Users(opts.addr, grpc.credentials.createInsecure());
const call = client.CreateUser();
let finished = false;

call.on('data', (res) => {
  process.stdout.write(formatResponse(res) + '\n');
});
call.on('error', (err) => {
  finished = true;
  fail(`receive: ${grpc.status[err.code] || err.code}: ${err.details || err.message}`);
});
call.on('status', (status) => {
  if (finished) return;
  finished = true;
  if (status.code !== grpc.status.OK) {
    fail(`stream ended with ${grpc.status[status.code] || status.code}: ${status.details}`);
  }
  client.close();
  process.exitCode = 0;
});

// The sender: one user at a time, a pause after each send (a yield to the event loop when
// the delay is 0, so responses are read while sending), then half-close.
(async () => {
  for (const user of usersFor(opts.count)) {
    if (finished) return;
    if (!call.write(user)) {
      await new Promise((resolve) => {
        call.once('drain', resolve);
        call.once('status', resolve);
      });
    }
    await sleep(opts['delay-ms']);
  }
  call.end();
})().catch((err) => fail(`send: ${err.message}`));
