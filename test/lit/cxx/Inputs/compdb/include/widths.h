// Found only through the -Iinclude of compile_commands.json, relative to
// its entry's "directory".
#pragma once
const int64_t kInFeatures = 64;
