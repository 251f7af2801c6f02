-- wrk script: a fixed number of requests (REQUESTS, split over the threads), optional JSON body
-- (BODY) and method (METHOD); prints p50/p95/p99 and throughput as one parseable line.
local per_thread = 0

function init(args)
  per_thread = math.floor(tonumber(os.getenv("REQUESTS") or "1000") / tonumber(os.getenv("THREADS") or "2"))
  wrk.method = os.getenv("METHOD") or "GET"
  local body = os.getenv("BODY")
  if body and body ~= "" then
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
  end
  done_requests = 0
end

function response(status, headers, body)
  done_requests = done_requests + 1
  if done_requests >= per_thread then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d non2xx=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f rps=%.0f\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / seconds))
end
