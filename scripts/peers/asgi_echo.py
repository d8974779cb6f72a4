"""The ASGI peer app for uvicorn (run with --http h11): answers every request 200 application/json with
h1ref's echo document, filled with what ASGI lets an application see.

method, version and body are as the server understood them (the body after de-chunking); the target is
rebuilt from raw_path and query_string, which uvicorn cuts from the request-target at its first "?" (so
only a "?" with nothing after it is lost). ASGI keeps the order and repetition of header fields but
lowercases their names (h11 does), and drops trailers, so "trailers" is always empty. Bytes are shown as
latin1 code points, as h1ref's own echo does.
"""
import base64
import json


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    raw_path = scope.get("raw_path") or scope.get("path", "").encode("latin1")
    query = scope.get("query_string", b"")
    target = raw_path + (b"?" + query if query else b"")
    document = {
        "method": scope["method"],
        "target": target.decode("latin1"),
        "version": scope.get("http_version", ""),
        "headers": [[name.decode("latin1"), value.decode("latin1")] for name, value in scope["headers"]],
        "trailers": [],
        "body": base64.b64encode(body).decode("ascii"),
    }
    text = json.dumps(document, separators=(",", ":")).encode("ascii")
    await send({
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(text)).encode())],
    })
    await send({"type": "http.response.body", "body": text})
