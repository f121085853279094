-- Token bucket per session. KEYS[1] bucket hash {tokens, ts}, KEYS[2] hash of job names already charged.
-- ARGV: burst (capacity), tokens per hour, job name, charged-name TTL (ms).
-- Returns 0 when allowed, else milliseconds until the next token.
local burst = tonumber(ARGV[1])
local per_hour = tonumber(ARGV[2])
local job = ARGV[3]
local charged_ttl = tonumber(ARGV[4])

if redis.call('HEXISTS', KEYS[2], job) == 1 then
  return 0
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = per_hour / 3600000.0 -- tokens per ms

local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
local ts = tonumber(redis.call('HGET', KEYS[1], 'ts'))
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)

-- keep the bucket until it would be full again (at most a week)
local function ttl_for(left)
  return math.max(1000, math.min(604800000, math.ceil((burst - left) / math.max(rate, 1e-12))))
end
if tokens < 1 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
  redis.call('PEXPIRE', KEYS[1], ttl_for(tokens))
  if rate <= 0 then
    return 3600000
  end
  return math.max(1, math.ceil((1 - tokens) / rate))
end

tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], ttl_for(tokens))
redis.call('HSET', KEYS[2], job, now)
redis.call('PEXPIRE', KEYS[2], charged_ttl)
return 0
