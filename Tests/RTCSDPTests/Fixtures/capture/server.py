import http.server, os, urllib.parse
OUT = "/tmp/sdpcap/out"
os.makedirs(OUT, exist_ok=True)
class H(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        q = urllib.parse.urlparse(self.path)
        name = urllib.parse.parse_qs(q.query)["name"][0]
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(os.path.join(OUT, os.path.basename(name)), "wb") as f: f.write(body)
        self.send_response(200); self.send_header("Access-Control-Allow-Origin", "*"); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *a): pass
os.chdir("/tmp/sdpcap")
http.server.ThreadingHTTPServer(("127.0.0.1", 8765), H).serve_forever()
