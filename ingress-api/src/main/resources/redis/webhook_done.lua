-- An entry of a webhook queue was taken in: acknowledged to the group and deleted, so the queue holds only
-- what is still to be done. KEYS[1] the queue; ARGV[1] the group; ARGV[2] the entry id
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return redis.call('XDEL', KEYS[1], ARGV[2])
