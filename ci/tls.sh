#!/usr/bin/env bash
# TLS between the Rust pair and the grpc-go and grpc-java peers, in both directions (grpc-go
# as ci/interop/go/go.mod pins it, which insists on ALPN "h2" both ways), with certificates made
# for the run by the openssl command line: a CA, a server certificate for the DNS name
# users.test and a client certificate (extendedKeyUsage clientAuth), both signed by the CA.
#  - a users-server requiring client certificates (--tls-client-ca) answers the Go client that
#    presents the client certificate right;
#  - the same server refuses the Go client without a client certificate (its error is shown),
#    and goes on serving: a good client afterwards is answered right;
#  - the Go server requiring client certificates answers users-client presenting one right;
#  - users-client expecting the name other.test from the Go server's users.test certificate
#    exits 1 with a one-line error naming the certificate problem (shown);
#  - the same users-server answers the Java client that presents the client certificate right;
#  - the Java server requiring client certificates answers users-client presenting one right,
#    and refuses users-client without one.
# Every response is checked field by field against the golden answers (tools/check_responses.py).
# Prints "tls: NAME: ok" or "tls: NAME: FAILED (reason)" per check and ends with
# "tls: N passed, M failed"; exits 1 when any check failed.
#
# usage: ci/tls.sh   (builds the Go and Java peers; expects users-server and users-client built in
#                     $target_dir/debug: cargo build --workspace --bins)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
check_prefix=tls

server_bin=$target_dir/debug/users-server
client_bin=$target_dir/debug/users-client
go_bin=$cache_dir/go
java_bin=$cache_dir/java
need_built tls "$server_bin" "$client_bin"
if ! command -v openssl >/dev/null; then
  echo "tls: the openssl command is not installed (ci/setup.sh installs it)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'stop_servers; rm -rf "$work"' EXIT

started=$SECONDS
for peer in go java; do
  echo "tls: building $peer"
  if ! build_peer "$peer" >"$work/build-$peer.log" 2>&1; then
    cat "$work/build-$peer.log" >&2
    echo "tls: FAILED to build $peer" >&2
    exit 1
  fi
done

# --- certificates ----------------------------------------------------------------------------

certs=$work/certs
mkdir -p "$certs"

# new_key_and_csr NAME SUBJECT: an EC P-256 key NAME.key (PKCS#8 PEM) and a request NAME.csr.
new_key_and_csr() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$certs/$1.key" -out "$certs/$1.csr" -subj "$2"
}

# sign NAME EXTENSIONS: NAME.pem from NAME.csr, signed by the CA, with the given v3 extensions
# (one per line). Go checks the subjectAltName only, never the common name.
sign() {
  printf '%s\n' "$2" >"$certs/$1.ext"
  openssl x509 -req -in "$certs/$1.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
    -CAcreateserial -days 1 -out "$certs/$1.pem" -extfile "$certs/$1.ext"
}

make_certs() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$certs/ca.key" -out "$certs/ca.pem" -days 1 -subj "/CN=users-grpc tls.sh CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  new_key_and_csr server "/CN=users.test"
  sign server "subjectAltName=DNS:users.test
extendedKeyUsage=serverAuth"
  new_key_and_csr client "/CN=users-grpc tls.sh client"
  sign client "extendedKeyUsage=clientAuth"
}

if ! make_certs >"$work/openssl.log" 2>&1; then
  cat "$work/openssl.log" >&2
  echo "tls: FAILED to make the certificates with openssl" >&2
  exit 1
fi

# The flags of each side, by what they hold.
rust_server_tls=(--tls-cert "$certs/server.pem" --tls-key "$certs/server.key" --tls-client-ca "$certs/ca.pem")
go_server_tls=(-tls-cert "$certs/server.pem" -tls-key "$certs/server.key" -tls-client-ca "$certs/ca.pem")
go_client_trust=(-tls-ca "$certs/ca.pem" -tls-server-name users.test)
go_client_identity=(-tls-cert "$certs/client.pem" -tls-key "$certs/client.key")
java_server_tls=(--tls-cert "$certs/server.pem" --tls-key "$certs/server.key" --tls-client-ca "$certs/ca.pem")
java_client_tls=(--tls-ca "$certs/ca.pem" --tls-server-name users.test --tls-cert "$certs/client.pem" --tls-key "$certs/client.key")
rust_client_identity=(--tls-cert "$certs/client.pem" --tls-key "$certs/client.key")

# --- checks ----------------------------------------------------------------------------------

# started_tls NAME LOG: the server logged that it listens with TLS, else $reason.
started_tls() {
  grep -q 'listening on .*(TLS)' "$2" && return 0
  reason="$1 did not log 'listening on ... (TLS)': $(one_line "$(grep 'listening on' "$2")")"
  return 1
}

# rust_client_mtls PORT OUT: the Rust client, trusting the test CA and showing its own
# certificate, gets the tutorial's answers right from the TLS server on PORT, else $reason.
rust_client_mtls() {
  local rc=0
  rust_client "127.0.0.1:$1" "$2" --tls-ca "$certs/ca.pem" --tls-server-name users.test \
    "${rust_client_identity[@]}" || rc=$?
  client_ran "rust client" "$rc" "$2" || return 1
  responses_right "$2" tutorial
}

rust_server_up=0
go_server_up=0

# The Rust server stays up for the next two checks, which need it still serving.
rust_server_mtls_go_client() {
  rust_log=$work/rust-server.log
  start_server "$rust_log" env RUST_LOG=warn,users_server=info "$server_bin" --addr 127.0.0.1:0 \
    "${rust_server_tls[@]}" || { reason="server did not start: $(one_line "$(tail -n 3 "$rust_log")")"; return 1; }
  rust_port=$port
  rust_pid=$server_pid
  rust_server_up=1
  started_tls users-server "$rust_log" || return 1
  local out=$work/go-client-mtls.jsonl rc=0
  go_client "127.0.0.1:$rust_port" "$out" "${go_client_trust[@]}" "${go_client_identity[@]}" || rc=$?
  client_ran "go client" "$rc" "$out" || return 1
  responses_right "$out" tutorial
}

rust_server_refuses_go_client_without_cert() {
  [ "$rust_server_up" -eq 1 ] || { reason="the Rust server did not start (see the check above)"; return 1; }
  local out=$work/go-client-no-cert.jsonl rc=0
  go_client "127.0.0.1:$rust_port" "$out" "${go_client_trust[@]}" || rc=$?
  details="go client without a certificate: $(tail -n 1 "$out.err")"
  if [ "$rc" -ne 1 ] || [ -s "$out" ]; then
    reason="expected the go client to exit 1 without a response; it exited $rc with $(wc -l <"$out") responses"
    return 1
  fi
  if ! alive "$rust_pid"; then
    reason="the Rust server exited: $(one_line "$(tail -n 3 "$rust_log")")"
    return 1
  fi
  out=$work/go-client-after-refusal.jsonl rc=0
  go_client "127.0.0.1:$rust_port" "$out" "${go_client_trust[@]}" "${go_client_identity[@]}" || rc=$?
  client_ran "go client with a certificate, afterwards," "$rc" "$out" || return 1
  responses_right "$out" tutorial
}

rust_server_mtls_java_client() {
  [ "$rust_server_up" -eq 1 ] || { reason="the Rust server did not start (see the first check)"; return 1; }
  local out=$work/java-client-mtls.jsonl rc=0
  timeout 60 "$java_bin/users-java-client" --addr "127.0.0.1:$rust_port" --delay-ms 0 --output json \
    "${java_client_tls[@]}" >"$out" 2>"$out.err" || rc=$?
  client_ran "java client" "$rc" "$out" || return 1
  responses_right "$out" tutorial || return 1
  stop_server "$rust_pid"
}

# The Go server stays up for the next check.
go_server_mtls_rust_client() {
  go_log=$work/go-server.log
  start_server "$go_log" "$go_bin/users-go-server" -addr 127.0.0.1:0 -quiet "${go_server_tls[@]}" ||
    { reason="go server did not start: $(one_line "$(tail -n 3 "$go_log")")"; return 1; }
  go_port=$port
  go_pid=$server_pid
  go_server_up=1
  started_tls users-go-server "$go_log" || return 1
  rust_client_mtls "$go_port" "$work/rust-client-mtls.jsonl"
}

# The certificate is right but for another name: the error must say so in one line.
rust_client_wrong_server_name() {
  [ "$go_server_up" -eq 1 ] || { reason="the Go server did not start (see the check above)"; return 1; }
  local out=$work/rust-client-wrong-name.jsonl rc=0
  rust_client "127.0.0.1:$go_port" "$out" --tls-ca "$certs/ca.pem" --tls-server-name other.test \
    "${rust_client_identity[@]}" || rc=$?
  local lines
  lines=$(grep -c . "$out.err" || true)
  details="rust client expecting other.test: $(one_line "$(cat "$out.err")")"
  if [ "$rc" -ne 1 ] || [ -s "$out" ]; then
    reason="expected the rust client to exit 1 without a response; it exited $rc with $(wc -l <"$out") responses"
    return 1
  fi
  if [ "$lines" -ne 1 ]; then
    reason="expected a one-line error, got $lines lines"
    return 1
  fi
  if ! grep -qi 'certificate\|peer name\|server name' "$out.err"; then
    reason="the error does not name the certificate problem"
    return 1
  fi
  stop_server "$go_pid"
}

check "rust server --tls-client-ca <- go client with a client certificate: answers right" rust_server_mtls_go_client
check "rust server --tls-client-ca <- go client without a client certificate: refused, server serves on" \
  rust_server_refuses_go_client_without_cert
check "rust server --tls-client-ca <- java client with a client certificate: answers right" rust_server_mtls_java_client
check "go server -tls-client-ca <- rust client with a client certificate: answers right" go_server_mtls_rust_client
check "go server <- rust client --tls-server-name other.test: exits 1 naming the certificate problem" \
  rust_client_wrong_server_name

java_server_up=0

# The Java server stays up for the next check.
java_server_mtls_rust_client() {
  java_log=$work/java-server.log
  start_server "$java_log" "$java_bin/users-java-server" --addr 127.0.0.1:0 --quiet "${java_server_tls[@]}" ||
    { reason="java server did not start: $(one_line "$(tail -n 3 "$java_log")")"; return 1; }
  java_port=$port
  java_pid=$server_pid
  java_server_up=1
  started_tls users-java-server "$java_log" || return 1
  rust_client_mtls "$java_port" "$work/rust-client-java-mtls.jsonl"
}

java_server_refuses_rust_client_without_cert() {
  [ "$java_server_up" -eq 1 ] || { reason="the Java server did not start (see the check above)"; return 1; }
  local out=$work/rust-client-java-no-cert.jsonl rc=0
  rust_client "127.0.0.1:$java_port" "$out" --tls-ca "$certs/ca.pem" --tls-server-name users.test || rc=$?
  details="rust client without a certificate: $(one_line "$(cat "$out.err")")"
  if [ "$rc" -ne 1 ] || [ -s "$out" ]; then
    reason="expected the rust client to exit 1 without a response; it exited $rc with $(wc -l <"$out") responses"
    return 1
  fi
  stop_server "$java_pid"
}

check "java server --tls-client-ca <- rust client with a client certificate: answers right" java_server_mtls_rust_client
check "java server --tls-client-ca <- rust client without a client certificate: refused" \
  java_server_refuses_rust_client_without_cert

check_summary "$started"
