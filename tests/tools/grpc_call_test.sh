#!/usr/bin/env bash
# grpc-call, an independent client that knows no lab service in advance, calls the
# lab's servers through server reflection:
#   - solution03_server answers SayHello and GetProductStock, and its errors keep their codes
#     (printed by name) and exit codes; bad input is refused before anything is sent;
#   - the shipped starter's lesson03_server answers UNIMPLEMENTED with its TODO message;
#   - solution07_server's rich error details decode as google.rpc.Status + BadRequest.
#   - solution04/05/06_server serve a server stream, a client stream (requests from
#     stdin) and a bidirectional stream; the deadline ends a long stream, and a bad
#     stdin line in a running bidi stream cancels it;
#   - solution08_server receives -H metadata and its headers and trailers are shown;
#   - solution10_server serves over TLS only: a client trusting the lab CA gets an answer,
#     one trusting another CA or speaking plaintext is refused.
# Usage: grpc_call_test.sh BIN_DIR SOURCE_DIR [CERTS_DIR]
set -uo pipefail
bin=$1
src=$2
certs=${3:-}
passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() { # check NAME EXPECTED_RC PATTERN -- command...
  local name=$1 want_rc=$2 pattern=$3
  shift 4
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" -eq "$want_rc" ] && grep -qE -- "$pattern" <<<"$out"; then
    ok "$name"
  else
    not_ok "$name (exit $rc, wanted $want_rc and /$pattern/): $out"
  fi
}

# Starts a server with --port 0 and reads its first line, waiting at most 10 s for it.
start_server() { # start_server PROGRAM [ARGS...]
  coproc SERVER { exec "$@" --port 0 2>&1; }
  server_pid=$SERVER_PID
  local line=""
  IFS= read -t 10 -r line <&"${SERVER[0]}"
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' <<<"$line")
  [ -n "$port" ]
}
stop_server() { kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; }

call=("$bin/grpc-call" --deadline-ms 5000)

if start_server "$bin/solution03_server"; then
  ok "solution03_server printed 'listening on 127.0.0.1:$port'"
  t=127.0.0.1:$port
  check "reflection lists Greeter" 0 '^lab\.unary\.Greeter$' -- "${call[@]}" "$t" list
  check "reflection lists ProductService" 0 '^lab\.unary\.ProductService$' -- "${call[@]}" "$t" list
  check "SayHello through reflection" 0 '"message":"Hello, Ada!"' -- \
    "${call[@]}" "$t" call lab.unary.Greeter/SayHello '{"name":"Ada"}'
  check "GetProductStock through reflection" 0 '"quantity":12' -- \
    "${call[@]}" "$t" call lab.unary.ProductService/GetProductStock '{"productId":"P1001"}'
  check "NOT_FOUND keeps its code (5), printed by name" 5 '^ERROR: NOT_FOUND: ' -- \
    "${call[@]}" "$t" call lab.unary.ProductService/GetProductStock '{"productId":"P9999"}'
  check "INVALID_ARGUMENT keeps its code (3)" 3 'INVALID_ARGUMENT' -- \
    "${call[@]}" "$t" call lab.unary.Greeter/SayHello '{"name":""}'
  check "a unary method refuses two requests from stdin (2)" 2 'takes exactly one request; got 2' -- \
    bash -c 'printf "%s\n%s\n" "{\"name\":\"a\"}" "{\"name\":\"b\"}" | "$@"' _ \
    "${call[@]}" "$t" call lab.unary.Greeter/SayHello
  check "a field the request type lacks is bad input (2)" 2 'not a valid lab\.unary\.HelloRequest' -- \
    "${call[@]}" "$t" call lab.unary.Greeter/SayHello '{"nmae":"Ada"}'
  check "an unknown method is bad input and lists the methods (2)" 2 'it has: SayHello' -- \
    "${call[@]}" "$t" call lab.unary.Greeter/SayGoodbye '{}'
  stop_server
else
  not_ok "solution03_server did not print 'listening on 127.0.0.1:PORT'"
fi

if [ -n "$(git -C "$src" status --porcelain -- lessons/03-unary 2>/dev/null)" ]; then
  echo "ok - # SKIP lesson03_server: lessons/03-unary has local edits (not the starter)"
elif start_server "$bin/lesson03_server"; then
  t=127.0.0.1:$port
  check "the starter's server answers UNIMPLEMENTED with its TODO" 12 'UNIMPLEMENTED.*TODO\(lesson03\)' -- \
    "${call[@]}" "$t" call lab.unary.Greeter/SayHello '{"name":"Ada"}'
  stop_server
else
  not_ok "lesson03_server did not print 'listening on 127.0.0.1:PORT'"
fi

# Lessons 04-06: every kind of stream, through the same independent client.
if [ -x "$bin/solution04_server" ] && start_server "$bin/solution04_server" --interval-ms 5; then
  t=127.0.0.1:$port
  check "solution04 streams 3 quotes, the third with sequence 3" 0 '"sequence":3' -- \
    "${call[@]}" "$t" call lab.quotes.QuoteService/StreamQuotes '{"symbol":"GOOG","count":3}'
  check "solution04 ends an unknown symbol's stream with NOT_FOUND" 5 'NOT_FOUND' -- \
    "${call[@]}" "$t" call lab.quotes.QuoteService/StreamQuotes '{"symbol":"NOPE","count":3}'
  check "--deadline-ms ends a long stream with DEADLINE_EXCEEDED (4)" 4 'DEADLINE_EXCEEDED' -- \
    "$bin/grpc-call" --deadline-ms 300 "$t" call lab.quotes.QuoteService/StreamQuotes \
    '{"symbol":"GOOG","count":1000}'
  stop_server
elif [ -x "$bin/solution04_server" ]; then
  not_ok "solution04_server did not print 'listening on 127.0.0.1:PORT'"
fi
if [ -x "$bin/solution05_server" ] && start_server "$bin/solution05_server"; then
  t=127.0.0.1:$port
  check "solution05 summarises a client stream read from stdin" 0 '"meanDeciCelsius":215.5' -- \
    bash -c 'printf "%s\n%s\n" "{\"sensorId\":\"s1\",\"deciCelsius\":215}" \
      "{\"sensorId\":\"s1\",\"deciCelsius\":216}" | "$@"' _ \
    "${call[@]}" "$t" call lab.sensors.SensorService/UploadReadings
  stop_server
elif [ -x "$bin/solution05_server" ]; then
  not_ok "solution05_server did not print 'listening on 127.0.0.1:PORT'"
fi
if [ -x "$bin/solution06_server" ] && start_server "$bin/solution06_server"; then
  t=127.0.0.1:$port
  check "solution06 answers a bidi stream: joined as the first event" 0 \
    '"joined":\{"room":"lobby","members":\["ada"\]\}' -- \
    bash -c 'printf "%s\n" "{\"join\":{\"room\":\"lobby\",\"name\":\"ada\"}}" | "$@"' _ \
    "${call[@]}" "$t" call lab.chat.ChatRoom/Chat
  check "solution06: a bad stdin line cancels the running bidi stream (2)" 2 \
    'stdin line 2 is not a valid lab\.chat\.ChatRequest.*call cancelled' -- \
    bash -c '{ echo "{\"join\":{\"room\":\"r\",\"name\":\"bo\"}}"; sleep 0.2
      echo "{\"txt\":1}"; } | "$@"' _ "${call[@]}" "$t" call lab.chat.ChatRoom/Chat
  stop_server
elif [ -x "$bin/solution06_server" ]; then
  not_ok "solution06_server did not print 'listening on 127.0.0.1:PORT'"
fi

# Lesson 07: a status with google.rpc.BadRequest details decodes in the independent
# client as google.rpc.Status, field violations intact.
if [ -x "$bin/solution07_server" ]; then
  if start_server "$bin/solution07_server"; then
    t=127.0.0.1:$port
    check "solution07 error details decode as google.rpc.Status with BadRequest" 3 \
      'google\.rpc\.BadRequest .*"field":"quantity"' -- "${call[@]}" "$t" call \
      lab.errors.OrderService/PlaceOrder '{"orderId":"","productId":"X1","quantity":0}'
    stop_server
  else
    not_ok "solution07_server did not print 'listening on 127.0.0.1:PORT'"
  fi
fi

# Lesson 08: -H metadata reaches the server; --show-metadata prints its headers and
# trailers, binary (-bin) values in base64.
if [ -x "$bin/solution08_server" ]; then
  if start_server "$bin/solution08_server"; then
    t=127.0.0.1:$port
    check "solution08 reads the x-tenant metadata sent with -H" 0 '"orderId":"acme-1"' -- \
      "${call[@]}" -H x-tenant=acme "$t" call lab.metadata.Orders/PlaceOrder '{"item":"book"}'
    check "solution08 echoes x-request-id in headers shown by --show-metadata" 0 \
      '^  x-request-id: req-7$' -- "${call[@]}" --show-metadata -H x-tenant=acme \
      -H x-request-id=req-7 "$t" call lab.metadata.Orders/PlaceOrder '{"item":"book"}'
    check "solution08 trailers are shown, the -bin one in base64" 0 \
      '^  x-order-checksum-bin: [A-Za-z0-9+/]+=*  \(base64\)$' -- "${call[@]}" \
      --show-metadata -H x-tenant=acme "$t" call lab.metadata.Orders/PlaceOrder '{"item":"book"}'
    stop_server
  else
    not_ok "solution08_server did not print 'listening on 127.0.0.1:PORT'"
  fi
fi

# Lesson 10: TLS only.
if [ -x "$bin/solution10_server" ] && [ -n "$certs" ]; then
  if start_server "$bin/solution10_server" --cert "$certs/server.pem" --key "$certs/server.key"; then
    t=127.0.0.1:$port
    check "solution10 answers a client that trusts the lab CA" 0 '"text":"over TLS"' -- \
      "${call[@]}" --cacert "$certs/ca.pem" "$t" call lab.tls.Identity/Echo '{"text":"over TLS"}'
    check "solution10 refuses a client that trusts another CA" 14 'no answer' -- \
      "$bin/grpc-call" --deadline-ms 1500 --cacert "$certs/other-ca.pem" "$t" call \
      lab.tls.Identity/Echo '{"text":"over TLS"}'
    check "solution10 refuses a plaintext client" 14 'no answer' -- \
      "$bin/grpc-call" --deadline-ms 1500 "$t" list
    stop_server
  else
    not_ok "solution10_server did not print 'listening on 127.0.0.1:PORT'"
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
