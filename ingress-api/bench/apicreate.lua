-- VideoJobs POSTed straight to the API server (HTTPS, as the ingress's ServiceAccount): its own create latency,
-- the floor for a job-creating update. The object is the one the ingress makes for bench/telegram.lua's message
-- (copied from a VideoJob it created: both labels, options, language and accessibility as the ingress fills them
-- in), so the floor is the same work for the API server (validation, CEL rules, defaults, etcd write) and differs
-- only by the ingress's own part; a fresh name each request, as each update makes a new job.
local counter = 0
dofile("bench/threads.lua")
local base = (os.time() % 10000) * 100000
local session = "2f0c6a43-5a5e-4d1b-9c0e-3b7e4c1d9a11"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("API_TOKEN") or "")

function request()
  counter = counter + 1
  wrk.body = string.format('{"apiVersion":"manimvideo.io/v1alpha1","kind":"VideoJob","metadata":{"name":"api-%d",'
    .. '"namespace":"%s","labels":{"manimvideo.io/platform":"telegram","manimvideo.io/session":"%s"}},'
    .. '"spec":{"submissionType":"problem","platform":"telegram","sessionId":"%s",'
    .. '"problemText":"Show why the derivative of x^2 is 2x",'
    .. '"options":{"quality":"low","format":"mp4","maxDurationSeconds":60},"language":"en",'
    .. '"accessibility":{"audioDescription":false,"largeText":false,"highContrast":false}}}',
    base + thread_id * 50000 + counter, os.getenv("BENCH_NAMESPACE") or "", session, session)
  return wrk.format()
end

scenario = "API server create"
dofile("bench/report.lua")
-- 201 Created is the success answer here
function response(status, headers, body)
  if status ~= 201 and not reported_create then
    reported_create = true
    io.stderr:write(string.format("API server create answered %d: %s\n", status, body))
  end
end
