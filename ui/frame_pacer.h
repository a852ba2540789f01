#pragma once
// Frame pacing for an idle window: after a quiet second (no input, clock paused, no text field
// active) the loop stops drawing and only polls events, drawing one frame per half second (for
// the text cursor and tooltips). A paused exercise on a projector laptop then costs almost no
// CPU; Mesa's software renderer takes tens of milliseconds per frame. Input draws at once.
namespace td::ui {

class FramePacer {
 public:
  static constexpr double kIdleAfterSeconds = 1.0;
  static constexpr double kIdleFrameInterval = 0.5;  // seconds between frames while idle

  // Before drawing: true to draw now, false to sleep a moment and poll events again.
  // `since_last_frame` is in seconds.
  bool ShouldDraw(bool had_input, double since_last_frame) const {
    return had_input || !Idle() || since_last_frame >= kIdleFrameInterval;
  }
  // After drawing a frame of `dt` seconds: `animating` when something moves without input
  // (the simulated clock runs, a text field is active, a mouse button is held).
  void Drew(bool had_input, bool animating, double dt) {
    m_quiet_seconds = (had_input || animating) ? 0.0 : m_quiet_seconds + dt;
  }
  bool Idle() const { return m_quiet_seconds >= kIdleAfterSeconds; }

 private:
  double m_quiet_seconds = 0;
};

}  // namespace td::ui
