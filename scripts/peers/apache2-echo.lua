-- The apache2 peer (mod_lua, SetHandler lua-script): answers every request 200 application/json with
-- h1ref's echo document, filled with what mod_lua lets a script see.
-- method, target (unparsed_uri: the request-target as received) and version are Apache's own
-- understanding. Apache merges repeated header fields into one ", "-joined value and mod_lua hands them
-- over as an unordered table, so "headers" is not field-for-field (sorted by name here); trailers are not
-- visible. mod_lua reads a body only for POST and PUT (r:requestbody), so other methods echo an empty body.
require 'string'
require 'table'

local function json_string(s)
  return '"' .. s:gsub('.', function(c)
    local b = c:byte()
    if b < 32 or b == 34 or b == 92 or b >= 127 then return string.format('\\u%04x', b) end
  end) .. '"'
end

function handle(r)
  local body = ''
  local ok, data = pcall(r.requestbody, r)
  if ok and type(data) == 'string' then body = data end

  local names, headers = {}, {}
  local fields = r:headers_in_table() or {}
  for name in pairs(fields) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    headers[#headers + 1] = '[' .. json_string(name) .. ',' .. json_string(fields[name]) .. ']'
  end

  r.content_type = 'application/json'
  r:puts(table.concat({
    '{"method":', json_string(r.method or ''),
    ',"target":', json_string(r.unparsed_uri or ''),
    ',"version":', json_string(((r.protocol or ''):gsub('^HTTP/', ''))),
    ',"headers":[', table.concat(headers, ','), ']',
    ',"trailers":[]',
    ',"body":', json_string(r:base64_encode(body)), '}',
  }))
  return apache2.OK
end
