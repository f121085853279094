-- POST /webhooks/telegram: a text message update with a fresh update_id per request (every request makes
-- a VideoJob), the secret header set; the reply to the chat goes out after the 200 and is not measured.
local counter = 0
dofile("bench/threads.lua")
local secret = os.getenv("BENCH_TELEGRAM_SECRET")
-- update_id is a 32-bit integer in the Bot API types
local base = (os.time() % 10000) * 100000

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret or ""

function request()
  counter = counter + 1
  local update_id = base + thread_id * 50000 + counter
  wrk.body = string.format('{"update_id":%d,"message":{"message_id":%d,"date":%d,'
    .. '"chat":{"id":424242,"type":"private"},"from":{"id":424242,"is_bot":false,"first_name":"Bench"},'
    .. '"text":"Show why the derivative of x^2 is 2x"}}', update_id, counter, os.time())
  return wrk.format()
end

scenario = "telegram webhook"
dofile("bench/report.lua")
