-- GET /healthz (paced with BENCH_RATE in slo.sh, to see whether it waits behind other work).
wrk.method = "GET"
scenario = "healthz"
dofile("bench/report.lua")
