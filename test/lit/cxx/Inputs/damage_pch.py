"""Damages the one cached precompiled stub header (stubs-*.pch) in a
wattlint-cxx cache folder, as a crash, a full disk or another program
might, for test/lit/cxx/pch.test:
  truncate   keep the first half of the file
  flip       invert one byte in the middle of the precompiled header
  trailer    invert one byte of the key in the trailer (the last 56 bytes)
  empty      leave a file of no bytes
  other FILE replace it with FILE (a sound cache file of other flags)
Usage: damage_pch.py CACHE_DIR MODE [FILE]
"""
import glob
import shutil
import sys

cache, mode = sys.argv[1], sys.argv[2]
files = glob.glob(cache + "/stubs-*.pch")
if len(files) != 1:
    sys.exit("damage_pch.py: %d cache files in %s, not one" % (len(files), cache))
path = files[0]
data = bytearray(open(path, "rb").read())
if mode == "truncate":
    data = data[:len(data) // 2]
elif mode == "flip":
    data[len(data) // 2] ^= 0xFF
elif mode == "trailer":
    data[-56] ^= 0xFF
elif mode == "empty":
    data = bytearray()
elif mode == "other":
    data = bytearray(open(sys.argv[3], "rb").read())
else:
    sys.exit("damage_pch.py: no mode " + mode)
open(path, "wb").write(data)
