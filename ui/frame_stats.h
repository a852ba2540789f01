#pragma once
// Frame-time statistics for --bench-frames.
#include <string>
#include <vector>

namespace td::ui {

struct FrameStats {
  size_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;  // milliseconds
};

// Nearest-rank percentiles of `frame_ms` (milliseconds per frame). Empty input: all zero.
FrameStats ComputeFrameStats(std::vector<double> frame_ms);
// "frames=600 p50=2.41 ms p90=3.02 ms p99=4.88 ms max=6.10 ms mean=2.55 ms"
std::string FormatFrameStats(const FrameStats& s);

}  // namespace td::ui
