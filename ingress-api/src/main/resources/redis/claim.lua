-- Claims KEYS[1] for holder ARGV[2] for a lease of ARGV[1] ms, unless someone holds it: returns "taken" (claimed
-- now), or what the key holds ("working:<holder>": another holder is at it and its lease lapses unless renewed;
-- anything else: the work is done).
local held = redis.call('GET', KEYS[1])
if held then
  return held
end
redis.call('SET', KEYS[1], 'working:' .. ARGV[2], 'PX', ARGV[1])
return 'taken'
