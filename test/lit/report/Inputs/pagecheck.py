"""Checks of the HTML report for report/*.test; each prints facts for FileCheck.

  pagecheck.py static PAGE       self-contained? well-formed? finite SVG numbers?
  pagecheck.py png FILE          PNG magic, size in pixels, whether it has content
  pagecheck.py dom FILE          facts of a page as chromium --dump-dom wrote it
  pagecheck.py probe PAGE OUT    PAGE plus a script that sorts the per-layer
                                 table by energy, twice, and records the first
                                 row each time on <body> (for --dump-dom)
"""
import re
import struct
import sys
import zlib
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# SVG attributes that hold numbers (and path data): never NaN or infinity.
NUMERIC = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "d",
           "transform", "viewbox"}
NUMBERS = re.compile(r"^[-0-9. ,MLHVmlhvrotae()]*$")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
        self.external, self.bad_numbers = [], []
        self.scripts = self.svgs = self.layer_rows = 0
        self.in_layers = False
        self.ids = {}

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "svg":
            self.svgs += 1
        if tag in ("link", "img", "iframe", "object", "embed"):
            self.external.append(tag)
        for k, v in attrs:
            v = v or ""
            if k in ("src", "href", "action", "xlink:href") and not v.startswith("#"):
                self.external.append(f"{tag} {k}={v}")
            if k in NUMERIC and tag != "svg" and not NUMBERS.match(v):
                self.bad_numbers.append(f"{tag} {k}={v}")
            if k in NUMERIC and re.search(r"nan|inf", v, re.I):
                self.bad_numbers.append(f"{tag} {k}={v}")
            if k == "id":
                self.ids[v] = self.ids.get(v, 0) + 1
        if tag == "table" and "layers" in a.get("class", "").split():
            self.in_layers = True
        if tag == "tr" and self.in_layers and "data-n" in a:
            self.layer_rows += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_layers = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def static(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    p = Page()
    p.feed(text)
    p.close()
    controls = [b for b in raw if (b < 0x20 and b not in (9, 10)) or b == 0x7f]
    css_urls = re.findall(r"url\(|@import", text)
    dup = sorted(k for k, n in p.ids.items() if n > 1)
    print("external:", ", ".join(p.external + css_urls) or "none")
    print("scripts:", p.scripts)
    print("svg:", p.svgs)
    print("balanced:", "yes" if not p.errors and not p.stack else p.errors + p.stack)
    print("numbers:", ", ".join(p.bad_numbers[:5]) or "finite")
    print("controls:", len(controls))
    print("duplicate ids:", ", ".join(dup) or "none")
    print("layer rows:", p.layer_rows)


def png(path):
    data = open(path, "rb").read()
    print("magic:", "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else repr(data[:8]))
    w, h = struct.unpack(">II", data[16:24])
    print(f"size: {w}x{h}")
    # Inflate the image data: a blank page is one color, a report is many.
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    pixels = zlib.decompress(idat)
    distinct = len(set(pixels[i:i + 3] for i in range(1, min(len(pixels), 4_000_000), 997)))
    print("content:", "yes" if distinct > 20 and len(data) > 50_000 else
          f"no ({distinct} sampled values, {len(data)} bytes)")


def dom(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<body[^>]*>", text)
    print("body:", m.group(0) if m else "missing")
    print("svg:", len(re.findall(r"<svg\b", text)))
    for k in ("data-first-desc", "data-first-asc", "data-sorted"):
        m = re.search(k + r'="([^"]*)"', text)
        print(k + ":", m.group(1) if m else "missing")


PROBE = """<script>
(function () {
  var th = document.querySelector('table.layers th[data-k="7"]');
  var first = function () {
    return document.querySelector('table.layers tbody tr td.node').textContent;
  };
  th.click();
  document.body.setAttribute('data-first-desc', first());
  th.click();
  document.body.setAttribute('data-first-asc', first());
  document.body.setAttribute('data-sorted', th.getAttribute('aria-sort'));
})();
</script>
</body>"""


def probe(path, out):
    text = open(path, encoding="utf-8").read()
    open(out, "w", encoding="utf-8").write(text.replace("</body>", PROBE, 1))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "static":
        static(sys.argv[2])
    elif cmd == "png":
        png(sys.argv[2])
    elif cmd == "dom":
        dom(sys.argv[2])
    elif cmd == "probe":
        probe(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: pagecheck.py static|png|dom|probe FILE [OUT]")
