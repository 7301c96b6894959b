-- A push of one new savings deposit per request, each with its own id, spread over the demo
-- members (WRK_MEMBERS, comma-separated) so the per-member ledger lock is not the only thing
-- measured. Loaded after wrk-report.lua (wrk runs one script, so load.sh concatenates them).
local cooperative = os.getenv("WRK_COOPERATIVE")
local cookie = os.getenv("WRK_COOKIE")
local today = os.getenv("WRK_TODAY")
local run = os.getenv("WRK_RUN") or "run"
local clients = tonumber(os.getenv("WRK_CLIENTS") or "0")
local members = {}
for id in string.gmatch(os.getenv("WRK_MEMBERS"), "[^,]+") do
  table.insert(members, id)
end
local counter = 0
-- Set per thread by setup() (thread:set writes this thread's global).
thread_id = 0
local thread_ids = 0

local report_setup = setup
function setup(thread)
  thread_ids = thread_ids + 1
  thread:set("thread_id", thread_ids)
  report_setup(thread)
end

function request()
  counter = counter + 1
  local id = string.format("%s-%d-%d", run, thread_id, counter)
  -- The ledger entry's id is a UUID made on the phone; unique per run, thread and request.
  local record = string.format("%08x-%04x-4000-8000-%012x", clients, thread_id, counter)
  local member = members[(counter % #members) + 1]
  local body = string.format(
    '{"operations":[{"id":"%s","record_id":"%s","base_version":null,"kind":"savings_entry",' ..
    '"data":{"cooperative_id":"%s","member_id":"%s","kind":"sukarela","action":"deposit",' ..
    '"amount":"1000","receipt":"%s","recorded_on":"%s"}}]}',
    id, record, cooperative, member, id, today)
  return wrk.format("POST", "/api/sync/push",
    { ["content-type"] = "application/json", ["cookie"] = cookie }, body)
end
