// The single doctest main of the project (kept in one TU: it costs seconds to compile).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
