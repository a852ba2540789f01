#include <cstdio>
#include "sim/version.h"
int main() { std::printf("%s %s\n", td::sim::kProgramName, td::sim::kVersion); return 0; }
