-- Update the status (and delivery time) of a history entry if the session still has it.
-- KEYS[1] session:<id>:history. ARGV: job name, status, delivered_at or '', render seconds or '',
-- has_audio_description, screen_reader_friendly ('true'/'false', what the video has now).
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then
  return 0
end
local entry = cjson.decode(raw)
entry['status'] = ARGV[2]
if ARGV[3] ~= '' then
  entry['delivered_at'] = ARGV[3]
end
if ARGV[4] ~= '' then
  entry['render_duration_seconds'] = tonumber(ARGV[4])
end
entry['has_audio_description'] = ARGV[5] == 'true'
entry['screen_reader_friendly'] = ARGV[6] == 'true'
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
return 1
