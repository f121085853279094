-- The same request as submit.lua (same body and headers) against the bare Vert.x route.
wrk.method = "POST"
wrk.body = '{"submission_type":"problem","content":"Show why the derivative of x^2 is 2x"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer 00000000-0000-4000-8000-000000000000"
wrk.headers["Idempotency-Key"] = "bench-bare-key"

done = function(summary, latency, requests)
  io.write(string.format("RESULT p50_ms=%.2f p99_ms=%.2f rps=%.1f requests=%d errors_status=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status))
end
