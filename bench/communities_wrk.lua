-- wrk script for bench/communities_load.py: like wrk_report.lua, and it also rotates
-- through the request paths listed in the file named by WRK_PATHS (one per line: a mix
-- of directory searches, or the pages 1..10 of a thread), each thread starting at a
-- random line. Prints one JSON line with requests/s, latency percentiles (ms) and the
-- answers other than 200.
local lines, paths = {}, {}
local index, path_index = 0, 0
local threads = {}
not200 = 0

setup = function(thread)
  table.insert(threads, thread)
end

response = function(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
end

local function read(name, into)
  local file = os.getenv(name)
  if file then
    for line in io.lines(file) do
      if #line > 0 then table.insert(into, line) end
    end
  end
end

init = function(args)
  read("WRK_HEADERS", lines)
  read("WRK_PATHS", paths)
  index = math.random(#lines > 0 and #lines or 1)
  path_index = math.random(#paths > 0 and #paths or 1)
end

request = function()
  local headers = {["X-Forwarded-Proto"] = "https"}
  if #lines > 0 then
    index = index % #lines + 1
    local name, value = lines[index]:match("^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  local path = nil
  if #paths > 0 then
    path_index = path_index % #paths + 1
    path = paths[path_index]
  end
  return wrk.format("GET", path, headers)
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
