-- POST one JSON body per request (read from the file given as the first script argument).
-- Placeholders, filled per request so that every createRetriee is new and valid:
--   __IDNUMBER__ a GB 11643 ID number (region 44xxxx, never used by the generated data),
--   __BIRTH__ its birth date, __UNIQ__ a unique token. The second argument offsets the
--   counter so repeated runs against one database never collide.
-- Counts as errors: non-200 answers and bodies carrying "message" (GraphQL errors or userErrors).
local template, base = nil, 0
tid = 0
local counter = 0
bad = 0
local threads = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "r"))
  template = f:read("*a")
  f:close()
  base = tonumber(args[2] or "0")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if args[3] then wrk.headers["Authorization"] = "Bearer " .. args[3] end
  wrk.path = args[4] or "/graphql"
  dynamic = string.find(template, "__", 1, true) ~= nil
  if not dynamic then wrk.body = template end
end

local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"

-- c ↦ (region, day, sequence) is one-to-one for c below 10^11; birth dates stay in 1950–2004
-- (a date after today is refused, as it should be, however many runs have gone before)
local function id_number(c)
  local seq = (c % 500) * 2 + 1
  local region = string.format("44%04d", math.floor(c / 500) % 10000)
  local day = math.floor(c / 5000000) % 20000
  local t = os.time({year = 1950, month = 1, day = 1 + day, hour = 12})
  local birth = os.date("%Y%m%d", t)
  local body = region .. birth .. string.format("%03d", seq)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(string.sub(body, i, i)) * weights[i] end
  local check = string.sub(checks, sum % 11 + 1, sum % 11 + 1)
  return body .. check, os.date("%Y-%m-%d", t)
end

function request()
  if not dynamic then return wrk.format() end
  counter = counter + 1
  local c = base + tid * 1000000 + counter
  local number, birth = id_number(c)
  local body = template:gsub("__IDNUMBER__", number):gsub("__BIRTH__", birth):gsub("__UNIQ__", "u" .. c)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"message"', 1, true) then
    bad = bad + 1
    if bad <= 1 then io.stderr:write("bad response: " .. status .. " " .. string.sub(body, 1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, "mean_us": %f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "bad_bodies": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
    latency.mean, e.connect, e.read, e.write, e.status, e.timeout, bad_total))
end
