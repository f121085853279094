-- Activity on a session: records the time and extends the TTL of everything it owns (the session, its
-- history, its job index and the index key of each address it has), then returns the session's hash (empty
-- when there is no such session). One round trip for what resolving a chat's session needs on every message.
-- KEYS[1] jobs:by_session:<id>, KEYS[2] session:<id>:history, KEYS[3] session:<id> (as history_add.lua).
-- ARGV: now (ISO 8601), ttl seconds, then pairs: address field, its index key with '{}' where the address
-- goes (RedisKeys keeps the patterns; an address is only known here, so its key is made here).
if redis.call('EXISTS', KEYS[3]) == 0 then
  return {}
end
local ttl = tonumber(ARGV[2])
redis.call('HSET', KEYS[3], 'last_activity', ARGV[1])
for i = 1, 3 do
  redis.call('EXPIRE', KEYS[i], ttl)
end
for i = 3, #ARGV - 1, 2 do
  local address = redis.call('HGET', KEYS[3], ARGV[i])
  if address then
    local template = ARGV[i + 1]
    local from, to = string.find(template, '{}', 1, true)
    redis.call('EXPIRE', string.sub(template, 1, from - 1) .. address .. string.sub(template, to + 1), ttl)
  end
end
return redis.call('HGETALL', KEYS[3])
