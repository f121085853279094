-- Find the session of a platform address, or create it, atomically (two first messages at once make one
-- session). KEYS[1] index key (sessions:by_<platform>:<address>), KEYS[2] key of the new session's hash.
-- ARGV: new session id, address field, address, now (ISO 8601), platform, language, ttl seconds.
-- Returns the session id.
local id = redis.call('GET', KEYS[1])
if id and redis.call('EXISTS', 'session:' .. id) == 1 then
  return id
end
redis.call('HSET', KEYS[2],
  'session_id', ARGV[1], ARGV[2], ARGV[3], 'created_at', ARGV[4], 'last_activity', ARGV[4],
  'platform_primary', ARGV[5], 'language_preference', ARGV[6],
  'total_submissions', 0, 'successful_generations', 0)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[7]))
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[7]))
return ARGV[1]
