-- Shared by the wrk scripts (dofile): the RESULT line run.sh and slo.sh read, and the first non-200
-- answer on stderr so a misconfigured scenario is seen.
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50_ms=%.2f p99_ms=%.2f rps=%.1f requests=%d errors_status=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status))
end

local reported = false
function response(status, headers, body)
  if status ~= 200 and not reported then
    reported = true
    io.stderr:write(string.format("%s answered %d: %s\n", scenario or "request", status, body))
  end
end

-- Paced runs (slo.sh): BENCH_RATE requests per second over BENCH_CONNECTIONS connections, each
-- connection waiting a random time after every answer: exponential, with its share as the mean, so the
-- requests arrive as independent senders' would (a Poisson stream at BENCH_RATE). A fixed wait kept the
-- connections in step: they all start at once, so every connection sent at the same moment, again and again,
-- and the server saw bursts of BENCH_CONNECTIONS requests instead of a rate. A slow answer delays that
-- connection's next request, so the rate reached is printed (rps) and must be checked against the target.
local rate = tonumber(os.getenv("BENCH_RATE") or "")
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "")
if rate and connections then
  local mean_ms = 1000 * connections / rate
  function delay()
    return math.floor(-mean_ms * math.log(1 - math.random()))
  end
end
