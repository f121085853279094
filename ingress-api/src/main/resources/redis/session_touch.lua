-- Activity on a known session (after session_activity.lua): KEYS[1] jobs:by_session:<id>, KEYS[2]
-- session:<id>:history, KEYS[3] session:<id> (as history_add.lua). ARGV: now (ISO 8601), ttl seconds, then the
-- address field / index key pattern pairs. Returns the session's hash, empty when it does not exist.
return activity(KEYS[1], KEYS[2], KEYS[3], ARGV[1], tonumber(ARGV[2]), 3)
