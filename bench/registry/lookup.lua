-- wrk script: GET /api/registry/{n} for random numbers among the entries seed-registry made.
-- seed-registry numbers the N-th synthetic organization 9000000000000 + N behind its check digit.
local count = tonumber(os.getenv("HOSHI_BENCH_COUNT") or "1000000")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

local function number(ordinal)
  local base = string.format("%.0f", 900000000000 + ordinal)
  local sum = 0
  for n = 1, 12 do
    local digit = tonumber(base:sub(13 - n, 13 - n))
    sum = sum + digit * ((n % 2 == 1) and 1 or 2)
  end
  return tostring(9 - sum % 9) .. base
end

function request()
  return wrk.format("GET", "/api/registry/" .. number(math.random(0, count - 1)))
end
