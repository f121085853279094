-- Renews holder ARGV[2]'s claim on KEYS[1] for ARGV[1] ms more: 1, or 0 when it no longer holds it (its lease
-- lapsed and another took it, the work was marked done, Redis lost it).
if redis.call('GET', KEYS[1]) == 'working:' .. ARGV[2] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 0
