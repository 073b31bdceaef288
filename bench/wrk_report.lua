-- wrk script: rotates through the request headers listed in the file named by the
-- environment variable WRK_HEADERS (one "Name: value" per line, e.g. one API token per
-- line, so that per-token rate limits do not cap the benchmark), and prints one JSON
-- line with requests/s and latency percentiles (milliseconds) and answers other than 200.
local lines = {}
local index = 0
local threads = {}
not200 = 0

setup = function(thread)
  table.insert(threads, thread)
end

-- Every answer must be a 200: a redirect or an error is not a served page.
response = function(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
end

init = function(args)
  local path = os.getenv("WRK_HEADERS")
  if path then
    for line in io.lines(path) do
      if #line > 0 then table.insert(lines, line) end
    end
  end
  index = math.random(#lines > 0 and #lines or 1)
end

request = function()
  -- As behind the TLS-terminating proxy of a production deployment (TREMPLIN_HTTPS).
  local headers = {["X-Forwarded-Proto"] = "https"}
  if #lines > 0 then
    index = index % #lines + 1
    local name, value = lines[index]:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  return wrk.format("GET", nil, headers)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not200") end
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, ' ..
    '"non2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    bad, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
