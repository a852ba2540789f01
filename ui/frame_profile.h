#pragma once
// Per-stage frame timing for --bench-frames: the frame loop marks the end of each stage, and the
// time since the previous mark is charged to that stage. Stages a frame skips count as 0 ms.
//
//   FrameProfile p({"poll", "imgui", "gl draw", "present"});
//   p.Begin(); …; p.Mark(0); …; p.Mark(1); …; p.End(/*record=*/true);
//   std::puts(p.Report().c_str());
#include <chrono>
#include <string>
#include <vector>

#include "ui/frame_stats.h"

namespace td::ui {

class FrameProfile {
 public:
  explicit FrameProfile(std::vector<std::string> stage_names);

  void Begin();
  // Charges the time since Begin() or the previous Mark() to `stage` (an index into the names).
  void Mark(size_t stage);
  // Ends the frame; when `record`, keeps its stage times and its whole time.
  void End(bool record);

  // This frame's time so far in `stage` (ms).
  double Last(size_t stage) const { return stage < m_current.size() ? m_current[stage] : 0.0; }
  FrameStats Frame() const { return ComputeFrameStats(m_frame_ms); }
  FrameStats Stage(size_t stage) const { return ComputeFrameStats(m_stage_ms[stage]); }
  size_t Frames() const { return m_frame_ms.size(); }
  double TotalMs() const;  // sum of the recorded frames, milliseconds
  // One line per stage: "  poll     p50=… p90=… p99=… max=… mean=…", the whole frame first.
  std::string Report() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::vector<std::string> m_names;
  std::vector<double> m_current;                // this frame, per stage (ms)
  std::vector<std::vector<double>> m_stage_ms;  // recorded frames, per stage
  std::vector<double> m_frame_ms;
  Clock::time_point m_begin, m_last;
};

}  // namespace td::ui
