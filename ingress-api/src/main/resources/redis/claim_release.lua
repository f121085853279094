-- Gives holder ARGV[1]'s claim on KEYS[1] back, so the next offer tries the work again; a claim another holder
-- took after this one's lease lapsed is left alone.
if redis.call('GET', KEYS[1]) == 'working:' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
