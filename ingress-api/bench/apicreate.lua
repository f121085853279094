-- VideoJobs POSTed straight to the API server (HTTPS, as the ingress's ServiceAccount): its own create latency,
-- the floor for a job-creating update.
local counter = 0
dofile("bench/threads.lua")
local base = (os.time() % 10000) * 100000

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("API_TOKEN") or "")

function request()
  counter = counter + 1
  wrk.body = string.format('{"apiVersion":"manimvideo.io/v1alpha1","kind":"VideoJob","metadata":{"name":"api-%d",'
    .. '"labels":{"manimvideo.io/session":"00000000-0000-4000-8000-000000000000"}},"spec":{"submissionType":"problem",'
    .. '"platform":"telegram","sessionId":"00000000-0000-4000-8000-000000000000",'
    .. '"problemText":"Show why the derivative of x^2 is 2x"}}', base + thread_id * 50000 + counter)
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
