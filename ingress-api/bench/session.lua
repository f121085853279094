-- GET /api/v1/session: contract routing, session lookup and TTL extension in Redis, no Kubernetes call.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")

done = function(summary, latency, requests)
  io.write(string.format("RESULT p50_ms=%.2f p99_ms=%.2f rps=%.1f requests=%d errors_status=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status))
end
