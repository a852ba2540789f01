#include "ui/ui_command.h"

#include <cstdio>

namespace td::ui {
namespace {

template <class... Ts>
struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string FormatFactor(double f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", f);
  return buf;
}

}  // namespace

bool IsWorldCommand(const UiCommand& cmd) {
  return !std::holds_alternative<SelectTabCmd>(cmd) && !std::holds_alternative<ToggleProjectorModeCmd>(cmd) &&
         !std::holds_alternative<RequestConfirmCmd>(cmd) && !std::holds_alternative<CloseConfirmCmd>(cmd) &&
         !std::holds_alternative<ToggleFacilitatorModeCmd>(cmd) && !std::holds_alternative<AddQueryFilterCmd>(cmd) &&
         !std::holds_alternative<SetQueryTextCmd>(cmd) && !std::holds_alternative<ToggleProjectorWindowCmd>(cmd) && !std::holds_alternative<ToggleRevealTimelineCmd>(cmd) &&
         !std::holds_alternative<TogglePrepareCmd>(cmd);
}

std::string Describe(const UiCommand& cmd) {
  return std::visit(Overloaded{
      [](const PauseCmd&) { return std::string("Pause"); },
      [](const ResumeCmd&) { return std::string("Resume"); },
      [](const SetSpeedCmd& c) { return "SetSpeed " + FormatFactor(c.factor); },
      [](const JumpToNextInjectCmd&) { return std::string("JumpToNextInject"); },
      [](const RunQueryCmd& c) { return "RunQuery \"" + c.text + "\""; },
      [](const SelectEntityCmd& c) { return "SelectEntity " + c.id; },
      [](const RunResponderActionCmd& c) { return "RunResponderAction " + c.action + " " + c.target; },
      [](const RequestConfirmCmd& c) { return "RequestConfirm " + c.action + " " + c.target; },
      [](const CloseConfirmCmd&) { return std::string("CloseConfirm"); },
      [](const SelectTabCmd& c) { return "SelectTab " + std::to_string(c.tab); },
      [](const ToggleProjectorModeCmd&) { return std::string("ToggleProjectorMode"); },
      [](const ChooseScenarioCmd& c) { return "ChooseScenario " + std::to_string(c.index); },
      [](const StartExerciseCmd&) { return std::string("StartExercise"); },
      [](const ExportResultCmd& c) { return "ExportResult " + c.path; },
      [](const ToggleFacilitatorModeCmd&) { return std::string("ToggleFacilitatorMode"); },
      [](const AddQueryFilterCmd& c) { return "AddQueryFilter " + c.column + " == \"" + c.value + "\""; },
      [](const SetQueryTextCmd& c) { return "SetQueryText \"" + c.text + "\""; },
      [](const CancelQueryCmd&) { return std::string("CancelQuery"); },
      [](const ToggleProjectorWindowCmd&) { return std::string("ToggleProjectorWindow"); },
      [](const ScoreNowCmd&) { return std::string("ScoreNow"); },
      [](const ExportReportCmd& c) { return "ExportReport " + c.folder; },
      [](const GiveHintCmd& c) { return "GiveHint \"" + c.note + "\""; },
      [](const RateDiscussionCmd& c) { return "RateDiscussion " + c.question + " " + c.rating + " \"" + c.note + "\""; },
      [](const ToggleRevealTimelineCmd&) { return std::string("ToggleRevealTimeline"); },
      [](const StartPostureReviewCmd&) { return std::string("StartPostureReview"); },
      [](const SetPrepChoiceCmd& c) { return "SetPrepChoice " + c.decision + " " + c.value; },
      [](const ResetPrepCmd&) { return std::string("ResetPrep"); },
      [](const TogglePrepareCmd&) { return std::string("TogglePrepare"); },
      [](const SaveExerciseCmd& c) { return "SaveExercise " + (c.path.empty() ? std::string("(current)") : c.path); },
      [](const LoadSaveCmd& c) { return "LoadSave " + c.path; },
      [](const SyncCaseNotesCmd& c) { return "SyncCaseNotes (" + std::to_string(c.text.size()) + " bytes)"; },
      [](const DismissSaveBannerCmd&) { return std::string("DismissSaveBanner"); },
      [](const HoldInjectCmd& c) { return "HoldInject " + c.id; },
      [](const ReleaseInjectCmd& c) { return "ReleaseInject " + c.id; },
      [](const EditInjectCmd& c) { return "EditInject " + c.id + " \"" + c.subject + "\""; },
  }, cmd);
}

}  // namespace td::ui
