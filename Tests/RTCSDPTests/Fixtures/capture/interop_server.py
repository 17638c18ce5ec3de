import http.server, os, urllib.parse, subprocess
OUT = "/tmp/sdpinterop/out"
os.makedirs(OUT, exist_ok=True)
class H(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        q = urllib.parse.urlparse(self.path)
        name = urllib.parse.parse_qs(q.query)["name"][0]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(os.path.join(OUT, os.path.basename(name)), "wb") as f: f.write(body)
        reply = b"ok"
        if q.path == "/answer":
            reply = subprocess.run(["./tool", "answer"], input=body, capture_output=True).stdout
            with open(os.path.join(OUT, "kaamos-answer-to-" + os.path.basename(name)), "wb") as f: f.write(reply)
        self.send_response(200); self.end_headers(); self.wfile.write(reply)
    def log_message(self, *a): pass
os.chdir("/tmp/sdpinterop")
http.server.ThreadingHTTPServer(("127.0.0.1", 8766), H).serve_forever()
