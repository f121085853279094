-- The session of a platform address, found or created atomically (two first messages at once make one session),
-- with its activity recorded (after session_activity.lua): one round trip for every chat message.
-- KEYS[1] index key (sessions:by_<platform>:<address>), KEYS[2] key of the new session's hash.
-- ARGV: new session id, address field, address, now (ISO 8601), platform, language, ttl seconds, then the key
-- patterns of a session, its job index and its history ('{}' for the id), then the address field / index key
-- pattern pairs. Returns the session's hash.
local ttl = tonumber(ARGV[7])
local id = redis.call('GET', KEYS[1])
local session_key = id and fill(ARGV[8], id)
if not id or redis.call('EXISTS', session_key) == 0 then
  id = ARGV[1]
  session_key = KEYS[2]
  redis.call('HSET', session_key,
    'session_id', id, ARGV[2], ARGV[3], 'created_at', ARGV[4], 'last_activity', ARGV[4],
    'platform_primary', ARGV[5], 'language_preference', ARGV[6],
    'total_submissions', 0, 'successful_generations', 0)
  redis.call('SET', KEYS[1], id, 'EX', ttl)
end
return activity(fill(ARGV[9], id), fill(ARGV[10], id), session_key, ARGV[4], ttl, 11)
