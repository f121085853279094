-- Shared first part of session_touch.lua and session_resolve.lua (LuaScript.load joins the files).
-- fill: a key pattern from RedisKeys with '{}' where the id or address goes (a key known only inside the script).
local function fill(template, value)
  local from, to = string.find(template, '{}', 1, true)
  return string.sub(template, 1, from - 1) .. value .. string.sub(template, to + 1)
end

-- Activity on a session: records the time and extends the TTL of everything it owns (its job index, its
-- history, the session and the index key of each address it has), then returns the session's hash (empty when
-- there is no such session). ARGV[pairs_from..]: pairs of address field and its index key pattern.
local function activity(jobs_key, history_key, session_key, now, ttl, pairs_from)
  if redis.call('EXISTS', session_key) == 0 then
    return {}
  end
  redis.call('HSET', session_key, 'last_activity', now)
  for _, key in ipairs({jobs_key, history_key, session_key}) do
    redis.call('EXPIRE', key, ttl)
  end
  for i = pairs_from, #ARGV - 1, 2 do
    local address = redis.call('HGET', session_key, ARGV[i])
    if address then
      redis.call('EXPIRE', fill(ARGV[i + 1], address), ttl)
    end
  end
  return redis.call('HGETALL', session_key)
end
