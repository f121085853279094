-- Claims KEYS[1] for work that may take up to ARGV[1] ms, unless someone holds it: returns "taken" (claimed now),
-- or what the key holds ("working": another holder is at it and its claim lapses by itself if it dies; anything
-- else: the work is done).
local held = redis.call('GET', KEYS[1])
if held then
  return held
end
redis.call('SET', KEYS[1], 'working', 'PX', ARGV[1])
return 'taken'
