-- The lighttpd peer (mod_magnet, magnet.attract-raw-url-to): answers every request 200 application/json
-- with h1ref's echo document, filled with what mod_magnet lets a script see.
-- method, target (request.orig-uri: the request-target as received), version and body (after de-chunking)
-- are lighttpd's own understanding. lighttpd merges repeated header fields into one ", "-joined value, so
-- "headers" is not field-for-field; trailers are not visible ("trailers" is always empty).
local r = lighty.r

-- Wait for the whole body: collect is false until lighttpd has read it, and the script runs again then.
if not r.req_body.collect then return 0 end

local function json_string(s)
  return '"' .. s:gsub('.', function(c)
    local b = c:byte()
    if b < 32 or b == 34 or b == 92 or b >= 127 then return string.format('\\u%04x', b) end
  end) .. '"'
end

-- lighty.c.b64enc leaves out the "=" padding.
local function base64(s)
  local e = lighty.c.b64enc(s) or ''
  return e .. string.rep('=', (4 - #e % 4) % 4)
end

local body = r.req_body.get or ''
-- Trap in 1.4.69: when the body came in the same read as the head, req_body.get returns the head's bytes
-- too, in front of the body. The body is the last req_body.len bytes.
local len = r.req_body.len
if len and len >= 0 and #body > len then body = body:sub(#body - len + 1) end

local headers = {}
for name, value in pairs(r.req_header) do
  headers[#headers + 1] = '[' .. json_string(name) .. ',' .. json_string(value) .. ']'
end

local protocol = r.req_attr['request.protocol'] or ''
r.resp_header['Content-Type'] = 'application/json'
r.resp_body.set({
  '{"method":', json_string(r.req_attr['request.method'] or ''),
  ',"target":', json_string(r.req_attr['request.orig-uri'] or ''),
  ',"version":', json_string((protocol:gsub('^HTTP/', ''))),
  ',"headers":[', table.concat(headers, ','), ']',
  ',"trailers":[]',
  ',"body":', json_string(base64(body)), '}',
})
return 200
