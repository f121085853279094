-- Appends a webhook call to its platform's queue, unless the queue holds ARGV[1] entries already (then nil: the
-- caller answers 503 and the platform sends the call again later).
-- KEYS[1] the queue (a stream); ARGV[1] its most entries; ARGV[2] the sender (a chat); ARGV[3] the body
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
  return false
end
return redis.call('XADD', KEYS[1], '*', 'sender', ARGV[2], 'body', ARGV[3])
