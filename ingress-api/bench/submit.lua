-- POST /api/v1/jobs with a fresh Idempotency-Key per request (every request makes a VideoJob).
-- The session token comes from the environment (BENCH_TOKEN).
local counter = 0
dofile("bench/threads.lua")
local token = os.getenv("BENCH_TOKEN")

wrk.method = "POST"
wrk.body = '{"submission_type":"problem","content":"Show why the derivative of x^2 is 2x"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (token or "")

function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", thread_id, counter, os.time())
  return wrk.format()
end

done = function(summary, latency, requests)
  local codes = {}
  io.write(string.format("RESULT p50_ms=%.2f p99_ms=%.2f rps=%.1f requests=%d errors_status=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status))
end
