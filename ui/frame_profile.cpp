#include "ui/frame_profile.h"

#include <cstdio>
#include <algorithm>
#include <numeric>

namespace td::ui {
namespace {

double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

FrameProfile::FrameProfile(std::vector<std::string> stage_names)
    : m_names(std::move(stage_names)), m_current(m_names.size(), 0.0), m_stage_ms(m_names.size()) {
  m_begin = m_last = Clock::now();
}

void FrameProfile::Begin() {
  std::fill(m_current.begin(), m_current.end(), 0.0);
  m_begin = m_last = Clock::now();
}

void FrameProfile::Mark(size_t stage) {
  const Clock::time_point now = Clock::now();
  if (stage < m_current.size()) m_current[stage] += Ms(now - m_last);
  m_last = now;
}

void FrameProfile::End(bool record) {
  if (!record) return;
  for (size_t i = 0; i < m_current.size(); ++i) m_stage_ms[i].push_back(m_current[i]);
  m_frame_ms.push_back(Ms(Clock::now() - m_begin));
}

double FrameProfile::TotalMs() const { return std::accumulate(m_frame_ms.begin(), m_frame_ms.end(), 0.0); }

std::string FrameProfile::Report() const {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "frame      %s\n", FormatFrameStats(Frame()).c_str());
  out += line;
  for (size_t i = 0; i < m_names.size(); ++i) {
    std::snprintf(line, sizeof line, "  %-10s %s\n", m_names[i].c_str(), FormatFrameStats(Stage(i)).c_str());
    out += line;
  }
  return out;
}

}  // namespace td::ui
