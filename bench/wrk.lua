-- Varied requests for wrk, one line of a list per request, in turn.
-- WRK_KIND: api (/api/search?LINE), sok (/sok?LINE), exempel (/exempel/LINE) or raw (LINE is
-- the path, sent with WRK_KEY as Typesense's API key);
-- WRK_LIST: the file of lines (query strings, or example ids). Asks for compressed answers as
-- a browser does.
local kind = os.getenv("WRK_KIND") or "api"
local lines = {}
for line in io.lines(os.getenv("WRK_LIST")) do
  if line ~= "" and line:sub(1, 1) ~= "#" then
    lines[#lines + 1] = line
  end
end
local prefix = ({ api = "/api/search?", sok = "/sok?", exempel = "/exempel/", raw = "" })[kind]
local key = os.getenv("WRK_KEY") or ""
local n = 0

init = function(args)
  -- Each thread starts at its own place in the list.
  n = math.random(#lines)
end

request = function()
  n = n + 1
  local path = prefix .. lines[(n % #lines) + 1]
  local headers = { ["Accept-Encoding"] = "gzip, br" }
  if key ~= "" then
    headers["X-TYPESENSE-API-KEY"] = key
  end
  return wrk.format("GET", path, headers)
end
