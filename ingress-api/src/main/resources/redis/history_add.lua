-- Add a job to a session's history once; keep the newest ARGV[4] entries.
-- KEYS[1] jobs:by_session:<id> (zset), KEYS[2] session:<id>:history (hash), KEYS[3] session:<id> (hash).
-- ARGV: job name, score (creation ms), metadata JSON, cap, ttl seconds.
-- KEYS[4], optional: a marker set NX in the same step, ARGV[6] its TTL in ms (a chat claims the one reply to
-- its message so). Returns 1 when the marker was set here (or there is none), else 0.
local function add()
  redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  redis.call('HINCRBY', KEYS[3], 'total_submissions', 1)
  local cap = tonumber(ARGV[4])
  local n = redis.call('ZCARD', KEYS[1])
  if n > cap then
    local old = redis.call('ZRANGE', KEYS[1], 0, n - cap - 1)
    redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - cap - 1)
    redis.call('HDEL', KEYS[2], unpack(old))
  end
end
local marked = 1
if KEYS[4] then
  marked = redis.call('SET', KEYS[4], '1', 'NX', 'PX', tonumber(ARGV[6])) and 1 or 0
end
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  add()
end
-- always, also for a repeated message: it is activity, and a write, so a WAIT after this script on the same
-- connection covers the entry even when an earlier delivery made it (RedisCommands.evalReplicated)
for i = 1, 3 do
  redis.call('EXPIRE', KEYS[i], tonumber(ARGV[5]))
end
return marked
