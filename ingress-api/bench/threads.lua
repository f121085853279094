-- Shared by the wrk scripts that make fresh ids (dofile): each thread learns its own number
-- (global thread_id), so two threads never make the same id.
thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  thread_id = id
end
