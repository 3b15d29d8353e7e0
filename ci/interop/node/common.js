'use strict';
// Shared by server.js and client.js: argument parsing and loading users.proto at runtime.
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const defaultProto = path.resolve(__dirname, '..', '..', '..', 'proto', 'users.proto');

// parseArgs(argv, {name: default}) accepts --name VALUE, --name=VALUE and, for boolean
// defaults, a bare --name. Exits 2 on an unknown option.
function parseArgs(argv, defaults, usage) {
  const opts = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage + '\n');
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1] in defaults)) {
      process.stderr.write(`error: unknown argument ${arg}\n${usage}\n`);
      process.exit(2);
    }
    const name = m[1];
    if (typeof defaults[name] === 'boolean') {
      opts[name] = m[2] === undefined ? true : m[2] !== 'false';
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      if (i + 1 >= argv.length) {
        process.stderr.write(`error: --${name} needs a value\n${usage}\n`);
        process.exit(2);
      }
      value = argv[++i];
    }
    if (typeof defaults[name] === 'number') {
      if (!/^\d+$/.test(value)) {
        process.stderr.write(`error: --${name} must be a non-negative integer, got ${value}\n`);
        process.exit(2);
      }
      value = Number(value);
    }
    opts[name] = value;
  }
  return opts;
}

// The users package, with the proto's field names as written (user_id, last_name).
function loadUsers(protoPath) {
  const def = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(def).users;
}

module.exports = { grpc, defaultProto, parseArgs, loadUsers };
