-- POST GraphQL (or baseline) bodies in turn, with the role's Authorization header.
-- Usage: wrk -s bench/wrk.lua URL -- BODIES_FILE TOKEN   (one JSON body per line)
--    or: wrk -s bench/wrk.lua URL -- TEMPLATE_FILE TOKEN CONTENT_TYPE KEY_PREFIX
-- The second form is for writes: the file holds one body (e.g. a multipart request) with
-- @@SLEUTEL@@ where the idempotency key goes; each request gets KEY_PREFIX-<thread>-<counter>,
-- so no two requests of a run (nor of two runs, KEY_PREFIX is fresh per run) share a key.
-- done() prints one JSON line with the figures the runner reads.
local bodies = {}
local index = 0
local threads = {}
local head, tail, prefix = nil, nil, nil
local counter = 0
graphql_errors = 0
replays = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  wrk.method = "POST"
  if args[3] and #args[3] > 0 then
    local file = assert(io.open(args[1], "rb"))
    local template = file:read("*a")
    file:close()
    local at = assert(string.find(template, "@@SLEUTEL@@", 1, true))
    head, tail = string.sub(template, 1, at - 1), string.sub(template, at + 11)
    prefix = args[4] .. "-" .. tostring(thread_id) .. "-"
    wrk.headers["Content-Type"] = args[3]
  else
    local file = assert(io.open(args[1], "r"))
    for line in file:lines() do
      if #line > 0 then table.insert(bodies, line) end
    end
    file:close()
    wrk.headers["Content-Type"] = "application/json"
  end
  wrk.headers["Accept"] = "application/json"
  if args[2] and #args[2] > 0 then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
  if #bodies > 0 then index = math.random(#bodies) - 1 end
end

function request()
  if head then
    counter = counter + 1
    return wrk.format(nil, nil, nil, head .. prefix .. counter .. tail)
  end
  index = index % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end

-- an answer with an "errors" member is a failure even with status 200 (GraphQL over HTTP)
function response(status, headers, body)
  if string.find(body, '"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
  end
  -- a write answered from the idempotency record: the key was not fresh
  if string.find(body, '"hergebruikt":true', 1, true) then
    replays = replays + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local failed, replayed = 0, 0
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("graphql_errors") or 0)
    replayed = replayed + (thread:get("replays") or 0)
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "status_errors": %d, "graphql_errors": %d, ' ..
    '"replays": %d, "bytes": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, errors.connect, errors.read,
    errors.write, errors.timeout, errors.status, failed, replayed, summary.bytes))
end
