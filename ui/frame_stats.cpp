#include "ui/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace td::ui {
namespace {

double NearestRank(const std::vector<double>& sorted, double p) {
  const auto n = static_cast<double>(sorted.size());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * n));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

FrameStats ComputeFrameStats(std::vector<double> frame_ms) {
  FrameStats s;
  if (frame_ms.empty()) return s;
  std::sort(frame_ms.begin(), frame_ms.end());
  s.count = frame_ms.size();
  s.p50 = NearestRank(frame_ms, 50);
  s.p90 = NearestRank(frame_ms, 90);
  s.p99 = NearestRank(frame_ms, 99);
  s.max = frame_ms.back();
  s.mean = std::accumulate(frame_ms.begin(), frame_ms.end(), 0.0) / static_cast<double>(s.count);
  return s;
}

std::string FormatFrameStats(const FrameStats& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "frames=%zu p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms mean=%.2f ms", s.count,
                s.p50, s.p90, s.p99, s.max, s.mean);
  return buf;
}

}  // namespace td::ui
