-- POST GraphQL (or baseline) bodies in turn, with the role's Authorization header.
-- Usage: wrk -s bench/wrk.lua URL -- BODIES_FILE TOKEN   (one JSON body per line)
-- done() prints one JSON line with the figures the runner reads.
local bodies = {}
local index = 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if #line > 0 then table.insert(bodies, line) end
  end
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  if args[2] and #args[2] > 0 then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
  index = math.random(#bodies) - 1
end

function request()
  index = index % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "timeouts": %d, "status_errors": %d, "bytes": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, errors.connect, errors.read,
    errors.write, errors.timeout, errors.status, summary.bytes))
end
