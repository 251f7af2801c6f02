#!/usr/bin/env python3
"""Cold start of Lambda bootstraps, measured against a minimal Lambda Runtime API.

For each `NAME=BOOTSTRAP:EVENT` argument the bootstrap is started RUNS times (default 5) with
AWS_LAMBDA_RUNTIME_API pointing here and the caller's environment (the function's variables and
the AWS endpoint). The init duration is the time from starting the process to its first request
for an invocation (what Lambda reports as "Init Duration": runtime start, configuration, SDK
clients, secrets read at cold start); the first invocation is then answered with EVENT and timed
to its response. Prints the medians. Standard library only.
"""

import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid


class Runtime(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, event: bytes):
        super().__init__(("127.0.0.1", 0), Handler)
        self.event = event
        self.started = 0.0
        self.init = None
        self.served = 0.0
        self.invoke = None
        self.error = None
        self.done = threading.Event()
        self.next_count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    server: Runtime

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        if not self.path.endswith("/runtime/invocation/next"):
            self.send_error(404)
            return
        s = self.server
        s.next_count += 1
        if s.next_count > 1:
            s.done.set()
            time.sleep(30)  # the process is killed meanwhile
            return
        s.init = time.monotonic() - s.started
        s.served = time.monotonic()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Lambda-Runtime-Aws-Request-Id", str(uuid.uuid4()))
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 60_000))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench")
        self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000")
        self.send_header("Content-Length", str(len(s.event)))
        self.end_headers()
        self.wfile.write(s.event)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        s = self.server
        if self.path.endswith("/response"):
            s.invoke = time.monotonic() - s.served
        else:
            s.error = f"{self.path}: {body[:300]!r}"
            s.done.set()
        self.send_response(202)
        self.end_headers()
        self.wfile.write(b"{}")


def measure(bootstrap: str, event: bytes):
    runtime = Runtime(event)
    threading.Thread(target=runtime.serve_forever, daemon=True).start()
    env = dict(os.environ)
    env.update({
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{runtime.server_address[1]}",
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/bench",
        "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
        "RUST_LOG": "error",
    })
    runtime.started = time.monotonic()
    process = subprocess.Popen([bootstrap], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finished = runtime.done.wait(60)
    process.kill()
    _, stderr = process.communicate()
    runtime.shutdown()
    if runtime.error or not finished or runtime.init is None or runtime.invoke is None:
        raise RuntimeError(f"{bootstrap}: {runtime.error or 'no answer'}; stderr: {stderr.decode()[-500:]}")
    return runtime.init, runtime.invoke


def main() -> int:
    runs = int(os.environ.get("RUNS", "5"))
    for arg in sys.argv[1:]:
        name, rest = arg.split("=", 1)
        bootstrap, event_file = rest.split(":", 1)
        with open(event_file, "rb") as f:
            event = json.dumps(json.load(f)).encode()
        measured = [measure(bootstrap, event) for _ in range(runs)]
        init = statistics.median(m[0] for m in measured) * 1000
        invoke = statistics.median(m[1] for m in measured) * 1000
        print(f"{name:16} init {init:6.1f} ms   first invocation {invoke:6.1f} ms   (median of {runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
