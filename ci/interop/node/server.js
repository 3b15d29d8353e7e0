'use strict';
// The Users server in Node (@grpc/grpc-js): answers each User on a CreateUser stream, in
// order. Prints "listening on HOST:PORT" (the actual port, so port 0 works) to stderr.
const { grpc, defaultProto, parseArgs, loadUsers } = require('./common');

const usage = 'usage: server.js [--addr HOST:PORT] [--verbose] [--proto FILE]';
const opts = parseArgs(process.argv.slice(2), { addr: '0.0.0.0:3000', verbose: false, proto: defaultProto }, usage);

// The service's rules: a name of 3 UTF-8 bytes or fewer, then a last name of exactly "Phill".
function answer(user) {
  const errors = [];
  if (Buffer.byteLength(user.name, 'utf8') <= 3) errors.push('Name is too short');
  if (user.last_name === 'Phill') errors.push('Last Name already taken');
  return { user_id: user.id, success: errors.length === 0, errors };
}

function createUser(call) {
  let ended = false;
  call.on('data', (user) => {
    if (opts.verbose) {
      process.stderr.write(`name: ${user.name}, last name: ${user.last_name}, id: ${user.id}\n`);
    }
    // Backpressure: stop reading while the response buffer is full.
    if (!call.write(answer(user))) {
      call.pause();
      call.once('drain', () => call.resume());
    }
  });
  call.on('end', () => {
    // The client half-closed: end the stream with status OK.
    if (!ended) {
      ended = true;
      call.end();
    }
  });
  // A broken stream (cancelled, reset) ends only this call, never the server.
  call.on('error', (err) => {
    if (opts.verbose) process.stderr.write(`stream error: ${err.message}\n`);
  });
  // grpc-js also emits 'cancelled' once the OK status is sent: log only real cancellations.
  call.on('cancelled', () => {
    if (!ended && opts.verbose) process.stderr.write('stream cancelled before it ended\n');
    ended = true;
  });
}

const sep = opts.addr.lastIndexOf(':');
if (sep < 0) {
  process.stderr.write(`error: --addr must be HOST:PORT, got ${opts.addr}\n`);
  process.exit(2);
}
const host = opts.addr.slice(0, sep);

const users = loadUsers(opts.proto);
const server = new grpc.Server();
server.addService(users.Users.service, { CreateUser: createUser });
server.bindAsync(opts.addr, grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    process.stderr.write(`error: cannot listen on ${opts.addr}: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`listening on ${host}:${port}\n`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    server.tryShutdown(() => process.exit(0));
    setTimeout(() => {
      server.forceShutdown();
      process.exit(0);
    }, 1000).unref();
  });
}
