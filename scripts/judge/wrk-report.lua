-- Shared by the load scripts: counts answers by status in every thread and prints one JSON line
-- at the end (wrk itself only says "non-2xx"; a 429 and a 500 must not look alike).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  -- A push is only load if its operation was applied, not refused.
  if body and string.find(body, '"outcome":"applied"', 1, true) then
    statuses["applied"] = (statuses["applied"] or 0) + 1
  end
  if status == 429 and headers["retry-after"] == nil and headers["Retry-After"] == nil then
    statuses["429_without_retry_after"] = (statuses["429_without_retry_after"] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[tostring(status)] = (total[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%s":%d', status, n))
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,' ..
    '"max_ms":%.2f,"statuses":{%s},"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, table.concat(parts, ","),
    errors.connect, errors.read, errors.write, errors.timeout))
end
