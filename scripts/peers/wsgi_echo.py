"""The WSGI peer app for gunicorn and waitress: answers every request 200 application/json with h1ref's
echo document, filled with what WSGI lets an application see.

method, target, version and body are as the server understood them (the body after de-chunking). WSGI
loses the order, case and repetition of header fields (the server folds them into HTTP_* keys, joining
repeated ones with ","), so "headers" here is only what the environ holds, names rebuilt from the keys,
and "trailers" is always empty. Strings in a WSGI environ hold the raw bytes as latin1 code points, as
h1ref's own echo does.
"""
import base64
import json

_PREFIX = "HTTP_"


def _target(environ):
    # gunicorn gives the request-target as received in RAW_URI; waitress in REQUEST_URI.
    for key in ("RAW_URI", "REQUEST_URI"):
        if key in environ:
            return environ[key]
    query = environ.get("QUERY_STRING", "")
    return environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "") + ("?" + query if query else "")


def _headers(environ):
    out = []
    for key, value in environ.items():
        if key.startswith(_PREFIX):
            out.append([key[len(_PREFIX):].replace("_", "-").lower(), value])
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value != "":
            out.append([key.replace("_", "-").lower(), value])
    return out


def app(environ, start_response):
    stream = environ["wsgi.input"]
    body = b""
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        body += chunk
    protocol = environ.get("SERVER_PROTOCOL", "")
    document = {
        "method": environ.get("REQUEST_METHOD", ""),
        "target": _target(environ),
        "version": protocol[5:] if protocol.startswith("HTTP/") else protocol,
        "headers": _headers(environ),
        "trailers": [],
        "body": base64.b64encode(body).decode("ascii"),
    }
    text = json.dumps(document, separators=(",", ":")).encode("ascii")
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(text)))])
    return [text]
