-- Updates that make no job, in turn: a Telegram reaction update (acknowledged, ignored), a Telegram
-- duplicate of an update already taken in (one Redis lookup), a signed WhatsApp delivery receipt.
local counter = 0
local secret = os.getenv("BENCH_TELEGRAM_SECRET") or ""
local duplicate = os.getenv("BENCH_DUPLICATE_UPDATE_ID") or "1"
local wa_body = os.getenv("BENCH_WA_BODY") or ""
local wa_signature = os.getenv("BENCH_WA_SIGNATURE") or ""
local base = (os.time() % 10000) * 100000
local telegram_headers = { ["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret }
local whatsapp_headers = { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = wa_signature }
local duplicate_body = string.format('{"update_id":%s,"message":{"message_id":1,"date":1700000000,'
  .. '"chat":{"id":424242,"type":"private"},"from":{"id":424242,"is_bot":false,"first_name":"Bench"},'
  .. '"text":"Show why the derivative of x^2 is 2x"}}', duplicate)

function request()
  counter = counter + 1
  local kind = counter % 3
  if kind == 0 then
    return wrk.format("POST", "/webhooks/telegram", telegram_headers, string.format('{"update_id":%d,'
      .. '"message_reaction":{"chat":{"id":424242,"type":"private"},"message_id":7,"date":1700000000,'
      .. '"user":{"id":424242,"is_bot":false,"first_name":"Bench"},"old_reaction":[],'
      .. '"new_reaction":[{"type":"emoji","emoji":"+"}]}}', base + counter))
  elseif kind == 1 then
    return wrk.format("POST", "/webhooks/telegram", telegram_headers, duplicate_body)
  end
  return wrk.format("POST", "/webhooks/whatsapp", whatsapp_headers, wa_body)
end

scenario = "no-job update"
dofile("bench/report.lua")
